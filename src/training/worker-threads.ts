/**
 * Starts the worker threads of data-parallel training (Node). The browser build replaces this
 * module with `worker-threads.browser.ts`, so neither the worker script nor `node:worker_threads`
 * reaches a browser bundle.
 */
import { startWorkerThreads } from '../util/worker-threads.js';

/** `count` gradient worker threads, each given `workerData`. */
export function startGradientThreads<W>(count: number, workerData: unknown): Promise<W[]> {
  // The worker's script beside this module: in the package the bundled worker; in the sources a
  // bootstrap that loads the TypeScript worker. Not written `new URL('…', import.meta.url)`:
  // bundlers building a server would copy it as an asset, without the chunks it imports.
  const here = import.meta.url;
  return startWorkerThreads<W>(new URL('./gradient-worker.mjs', here), count, () => workerData);
}
