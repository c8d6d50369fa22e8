/**
 * How a call's images are split across threads and put back together. Share k holds images
 * [from, from + count) of the call; the main thread takes share 0 and worker k - 1 share k. A
 * share of `sample` or `complete` starts at `startIndex + from` in the seed's stream, and every
 * image's randomness is keyed by (seed, image index, pixel), so the images are the same bytes
 * as on one thread; `logProb` of an image does not depend on the other images of its batch.
 */
import type { LogProbMapResult, LogProbResult } from '../log-prob.js';
export interface ThreadShare {
    /** 0 for the main thread, k for worker k - 1. */
    thread: number;
    from: number;
    count: number;
}
/** Near-equal shares of `count` images for `threads` threads (fewer shares than threads when images are few). */
export declare function threadShares(count: number, threads: number): ThreadShare[];
/** The shares' `logProb` / `logProbMap` results as one, in image order. */
export declare function joinLogProbs(results: Array<LogProbResult | LogProbMapResult>, shares: readonly ThreadShare[], total: number): LogProbResult | LogProbMapResult;
/**
 * Runs every share at once and returns their results in share order. When one fails, the
 * others are stopped through `controller` and the first failure is thrown.
 */
export declare function runShares<R>(shares: readonly ThreadShare[], controller: AbortController, run: (share: ThreadShare, signal: AbortSignal) => Promise<R>): Promise<R[]>;
