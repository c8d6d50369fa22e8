/** `count` inference worker threads, worker `k` given `workerData(k)`. */
export declare function startInferenceThreads<W>(count: number, workerData: (index: number) => unknown): Promise<W[]>;
