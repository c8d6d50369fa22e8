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
/**
 * Contiguous chunks of `count` images for `threads` threads, none larger than `maxSize`: two a
 * thread, one a thread where two would fall under `MIN_CHUNK` images, more where `maxSize`
 * needs; a multiple of `threads` wherever the count allows, the sizes at most one apart,
 * larger first.
 */
export declare function imageChunks(count: number, threads: number, maxSize?: number): ImageChunk[];
/** A chunk's images of a batch `[n, H, W, C]` (a view, no copy). */
export declare function chunkImages(data: Uint8Array, shape: readonly [number, number, number, number], { from, count }: ImageChunk): Uint8ImageBatch;
/** A chunk's settings in a `sample` or `complete` call: where its images are in the seed's stream, and their labels. */
export declare function chunkSettings(settings: SampleSettings, { from, count }: ImageChunk): SampleSettings;
/** The chunks' `logProb` / `logProbMap` results as one, in image order. */
export declare function joinLogProbs(results: Array<LogProbResult | LogProbMapResult>, chunks: readonly ImageChunk[], total: number): LogProbResult | LogProbMapResult;
/**
 * The counter the threads take chunks from: `take()` returns the next chunk's index (the count
 * or more when none is left). A worker makes its own from the `buffer` it is sent.
 */
export declare class ChunkCounter {
    readonly buffer: SharedArrayBuffer;
    private readonly next;
    constructor(buffer?: SharedArrayBuffer);
    take(): number;
    /** Chunks given out so far (may exceed the count). */
    get taken(): number;
}
