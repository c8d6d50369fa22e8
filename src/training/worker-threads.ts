/**
 * Starts the worker threads of data-parallel training (Node). The browser build replaces this
 * module with `worker-threads.browser.ts`, so neither the worker script nor `node:worker_threads`
 * reaches a browser bundle.
 */

/** `count` gradient worker threads, each given `workerData`. */
export async function startWorkerThreads<W>(count: number, workerData: unknown): Promise<W[]> {
  // A variable specifier keeps bundlers that build for Node-and-browser from resolving it.
  const specifier = 'node:worker_threads';
  const { Worker } = (await import(/* @vite-ignore */ /* webpackIgnore: true */ specifier)) as typeof import('node:worker_threads');
  // The worker's script beside this module: in the package the bundled worker; in the sources a
  // bootstrap that loads the TypeScript worker. Not written `new URL('…', import.meta.url)`:
  // bundlers building a server would copy it as an asset, without the chunks it imports.
  const here = import.meta.url;
  const script = new URL('./gradient-worker.mjs', here);
  return Array.from({ length: count }, () => new Worker(script, { workerData }) as unknown as W);
}
