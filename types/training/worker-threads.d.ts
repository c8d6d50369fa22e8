/**
 * Starts the worker threads of data-parallel training (Node). The browser build replaces this
 * module with `worker-threads.browser.ts`, so neither the worker script nor `node:worker_threads`
 * reaches a browser bundle.
 */
/** `count` gradient worker threads, each given `workerData`. */
export declare function startWorkerThreads<W>(count: number, workerData: unknown): Promise<W[]>;
