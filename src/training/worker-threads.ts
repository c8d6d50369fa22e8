/**
 * Starts the worker threads of data-parallel training (Node). The browser build replaces this
 * module with `worker-threads.browser.ts`, so neither the worker script nor `node:worker_threads`
 * reaches a browser bundle.
 */

/**
 * The worker's script: the bundled file next to this one in the package; from source (tests
 * under tsx, whose loader workers do not inherit), a bootstrap that registers tsx first.
 */
function workerEntry(): { script: URL | string; eval: boolean } {
  // Not `new URL('…', import.meta.url)` literally: bundlers building a server would try to copy
  // the file as an asset (and fail on the .ts one, which the package does not ship).
  const here = import.meta.url;
  if (!here.endsWith('.ts')) return { script: new URL('./gradient-worker.mjs', here), eval: false };
  const source = new URL('./gradient-worker.ts', here).href;
  return { script: `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(source)}); });`, eval: true };
}

/** `count` gradient worker threads, each given `workerData`. */
export async function startWorkerThreads<W>(count: number, workerData: unknown): Promise<W[]> {
  // A variable specifier keeps bundlers that build for Node-and-browser from resolving it.
  const specifier = 'node:worker_threads';
  const { Worker } = (await import(/* @vite-ignore */ /* webpackIgnore: true */ specifier)) as typeof import('node:worker_threads');
  const { script, eval: isSource } = workerEntry();
  return Array.from({ length: count }, () => new Worker(script, { eval: isSource, workerData }) as unknown as W);
}
