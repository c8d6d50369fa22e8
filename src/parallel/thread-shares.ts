/**
 * How a call's images are split across threads and put back together. Share k holds images
 * [from, from + count) of the call; the main thread takes share 0 and worker k - 1 share k. A
 * share of `sample` or `complete` starts at `startIndex + from` in the seed's stream, and every
 * image's randomness is keyed by (seed, image index, pixel), so the images are the same bytes
 * as on one thread; `logProb` of an image does not depend on the other images of its batch.
 */
import type { LogProbMapResult, LogProbResult } from '../log-prob.js';
import { shareSizes } from '../training/data-parallel.js';

export interface ThreadShare {
  /** 0 for the main thread, k for worker k - 1. */
  thread: number;
  from: number;
  count: number;
}

/** Near-equal shares of `count` images for `threads` threads (fewer shares than threads when images are few). */
export function threadShares(count: number, threads: number): ThreadShare[] {
  const shares: ThreadShare[] = [];
  let from = 0;
  for (const [thread, n] of shareSizes(count, threads).entries()) {
    shares.push({ thread, from, count: n });
    from += n;
  }
  return shares;
}

/** The shares' `logProb` / `logProbMap` results as one, in image order. */
export function joinLogProbs(results: Array<LogProbResult | LogProbMapResult>, shares: readonly ThreadShare[], total: number): LogProbResult | LogProbMapResult {
  const nats = new Float64Array(total);
  const bitsPerDim = new Float64Array(total);
  const first = results[0]!;
  const mostLikelyLabels = first.mostLikelyLabels ? new Int32Array(total) : undefined;
  const maps = 'data' in first;
  const pixels = maps ? first.shape[1] * first.shape[2] : 0;
  const data = maps ? new Float64Array(total * pixels) : undefined;
  results.forEach((result, k) => {
    const { from } = shares[k]!;
    nats.set(result.nats, from);
    bitsPerDim.set(result.bitsPerDim, from);
    if (mostLikelyLabels) mostLikelyLabels.set(result.mostLikelyLabels!, from);
    if (data) data.set((result as LogProbMapResult).data, from * pixels);
  });
  const totals = mostLikelyLabels ? { nats, bitsPerDim, mostLikelyLabels } : { nats, bitsPerDim };
  return data ? { ...totals, data, shape: [total, (first as LogProbMapResult).shape[1], (first as LogProbMapResult).shape[2]] } : totals;
}

/**
 * Runs every share at once and returns their results in share order. When one fails, the
 * others are stopped through `controller` and the first failure is thrown.
 */
export async function runShares<R>(shares: readonly ThreadShare[], controller: AbortController, run: (share: ThreadShare, signal: AbortSignal) => Promise<R>): Promise<R[]> {
  const runs = shares.map((share) => run(share, controller.signal));
  try {
    return await Promise.all(runs);
  } catch (error) {
    controller.abort(error);
    await Promise.allSettled(runs);
    throw error;
  }
}
