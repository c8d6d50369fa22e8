/**
 * Starts Node worker threads running `script`. Only modules that the browser build replaces
 * (their `*.browser.ts` variants) import this, so neither `node:worker_threads` nor a worker
 * script reaches a browser bundle.
 */
/** `count` worker threads running `script`, worker `k` given `workerData(k)`. */
export declare function startWorkerThreads<W>(script: URL, count: number, workerData: (index: number) => unknown): Promise<W[]>;
