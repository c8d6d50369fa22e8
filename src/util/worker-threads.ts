/**
 * Starts Node worker threads running `script`. Only modules that the browser build replaces
 * (their `*.browser.ts` variants) import this, so neither `node:worker_threads` nor a worker
 * script reaches a browser bundle.
 */

/** `count` worker threads running `script`, worker `k` given `workerData(k)`. */
export async function startWorkerThreads<W>(script: URL, count: number, workerData: (index: number) => unknown): Promise<W[]> {
  // A variable specifier keeps bundlers that build for Node-and-browser from resolving it.
  const specifier = 'node:worker_threads';
  const { Worker } = (await import(/* @vite-ignore */ /* webpackIgnore: true */ specifier)) as typeof import('node:worker_threads');
  return Array.from({ length: count }, (_, k) => new Worker(script, { workerData: workerData(k) }) as unknown as W);
}
