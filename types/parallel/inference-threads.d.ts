/** `count` inference worker threads, each given `workerData`. */
export declare function startInferenceThreads<W>(count: number, workerData: unknown): Promise<W[]>;
