/** `count` gradient worker threads, each given `workerData`. */
export declare function startGradientThreads<W>(count: number, workerData: unknown): Promise<W[]>;
