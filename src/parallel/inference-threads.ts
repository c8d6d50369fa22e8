/**
 * Starts the worker threads of inference on every core (Node). The browser build replaces this
 * module with `inference-threads.browser.ts`, so neither the worker script nor
 * `node:worker_threads` reaches a browser bundle.
 */
import { startWorkerThreads } from '../util/worker-threads.js';

/** `count` inference worker threads, worker `k` given `workerData(k)`. */
export function startInferenceThreads<W>(count: number, workerData: (index: number) => unknown): Promise<W[]> {
  // The worker's script beside this module: in the package the bundled worker; in the sources a
  // bootstrap that loads the TypeScript worker. Not written `new URL('…', import.meta.url)`:
  // bundlers would copy it as an asset, without the chunks it imports.
  const here = import.meta.url;
  return startWorkerThreads<W>(new URL('./inference-worker.mjs', here), count, workerData);
}
