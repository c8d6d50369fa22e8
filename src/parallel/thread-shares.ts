/**
 * How a call's images are split across threads and put back together. The images are cut into
 * contiguous chunks, one or two per thread, and each thread takes the next chunk from a counter they
 * share (`Atomics.add`) as it finishes its last: a worker that starts late (its first call loads
 * the model) or a thread that the machine stalls does less, and the others more, with no thread
 * waiting for another to hand out work. Chunk k holds images [from, from + count) of the call;
 * a chunk of `sample` or `complete` starts at `startIndex + from` in the seed's stream, and
 * every image's randomness is keyed by (seed, image index, pixel), so the images are the same
 * bytes whichever thread draws them; `logProb` of an image does not depend on the other images
 * of its batch.
 */
import type { Uint8ImageBatch } from '../image.js';
import type { LogProbMapResult, LogProbResult } from '../log-prob.js';
import type { SampleSettings } from '../sampling/sample-options.js';
import type { ImageChunk } from './inference-workers.js';

export type { ImageChunk };

/** Chunks per thread: enough for the threads to even out, few enough that each is worth a thread's while. */
const CHUNKS_PER_THREAD = 2;

/**
 * Images a chunk holds at least, where the count allows one a thread: at small batches an image
 * drawn alone costs more than its part of a batch (a batch shares the per-pixel work that does
 * not grow with it), more than the evening out gains.
 */
const MIN_CHUNK = 2;

/**
 * Contiguous chunks of `count` images for `threads` threads, none larger than `maxSize`: two a
 * thread, one a thread where two would fall under `MIN_CHUNK` images, more where `maxSize`
 * needs; a multiple of `threads` wherever the count allows, the sizes at most one apart,
 * larger first.
 */
export function imageChunks(count: number, threads: number, maxSize = Infinity): ImageChunk[] {
  const perThread = Math.min(CHUNKS_PER_THREAD, Math.max(1, Math.floor(count / (threads * MIN_CHUNK))));
  const needed = Math.max(threads * perThread, Math.ceil(count / maxSize));
  const total = Math.max(1, Math.min(count, Math.ceil(needed / threads) * threads));
  const base = Math.floor(count / total);
  const chunks: ImageChunk[] = [];
  for (let k = 0, from = 0; k < total; k++) {
    const size = base + (k < count % total ? 1 : 0);
    chunks.push({ from, count: size });
    from += size;
  }
  return chunks;
}

/** A chunk's images of a batch `[n, H, W, C]` (a view, no copy). */
export function chunkImages(data: Uint8Array, shape: readonly [number, number, number, number], { from, count }: ImageChunk): Uint8ImageBatch {
  const [, h, w, c] = shape;
  const size = h * w * c;
  return { data: data.subarray(from * size, (from + count) * size), shape: [count, h, w, c] };
}

/** A chunk's settings in a `sample` or `complete` call: where its images are in the seed's stream, and their labels. */
export function chunkSettings(settings: SampleSettings, { from, count }: ImageChunk): SampleSettings {
  return { ...settings, startIndex: settings.startIndex + from, labels: settings.labels?.slice(from, from + count) };
}

/** The chunks' `logProb` / `logProbMap` results as one, in image order. */
export function joinLogProbs(results: Array<LogProbResult | LogProbMapResult>, chunks: readonly ImageChunk[], total: number): LogProbResult | LogProbMapResult {
  const nats = new Float64Array(total);
  const bitsPerDim = new Float64Array(total);
  const first = results[0]!;
  const mostLikelyLabels = first.mostLikelyLabels ? new Int32Array(total) : undefined;
  const maps = 'data' in first;
  const pixels = maps ? first.shape[1] * first.shape[2] : 0;
  const data = maps ? new Float64Array(total * pixels) : undefined;
  results.forEach((result, k) => {
    const { from } = chunks[k]!;
    nats.set(result.nats, from);
    bitsPerDim.set(result.bitsPerDim, from);
    if (mostLikelyLabels) mostLikelyLabels.set(result.mostLikelyLabels!, from);
    if (data) data.set((result as LogProbMapResult).data, from * pixels);
  });
  const totals = mostLikelyLabels ? { nats, bitsPerDim, mostLikelyLabels } : { nats, bitsPerDim };
  return data ? { ...totals, data, shape: [total, (first as LogProbMapResult).shape[1], (first as LogProbMapResult).shape[2]] } : totals;
}

/**
 * The counter the threads take chunks from: `take()` returns the next chunk's index (the count
 * or more when none is left). A worker makes its own from the `buffer` it is sent.
 */
export class ChunkCounter {
  private readonly next: Int32Array;

  constructor(readonly buffer = new SharedArrayBuffer(4)) {
    this.next = new Int32Array(buffer);
  }

  take(): number {
    return Atomics.add(this.next, 0, 1);
  }

  /** Chunks given out so far (may exceed the count). */
  get taken(): number {
    return Atomics.load(this.next, 0);
  }
}
