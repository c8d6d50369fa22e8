import type { Uint8ImageBatch } from './image.js';
import type { LabelInput } from './labels.js';
import type { ModelParts } from './model-parts.js';
export interface LogProbOptions {
    /**
     * Class labels for a class-conditional model: one for all images, or one per image. Without
     * them the classes are summed out under a uniform prior, p(x) = (1/K) sum_c p(x | c), and the
     * result also names each image's most likely class.
     */
    labels?: LabelInput;
    /**
     * Images per network call, or (image, class) pairs when the classes are summed out; bounds
     * memory for large batches. @defaultValue 16
     */
    batchSize?: number;
    /** Stops the work between network calls; the promise rejects with the signal's reason. */
    signal?: AbortSignal;
}
export interface LogProbResult {
    /** log p(image) in nats, one per image (float64 sums of per-pixel values). */
    nats: Float64Array;
    /** -log2 p(image) / (H * W * C), one per image. */
    bitsPerDim: Float64Array;
    /**
     * For a class-conditional model called without labels: argmax_c p(c | image) per image under
     * the uniform prior.
     */
    mostLikelyLabels?: Int32Array;
}
export interface LogProbMapResult extends LogProbResult {
    /**
     * log p of each pixel given the pixels before it in raster order, nats, `[N, H, W]` row-major.
     * Without labels (class-conditional model) each term has the classes summed out,
     * p(x_p | x_<p) = sum_c p(c | x_<p) p(x_p | x_<p, c), so the map still adds up to `nats`.
     */
    data: Float64Array;
    shape: [number, number, number];
}
/** The raw network output for `count` uint8 NHWC images: `[count, H, W, P]` float32. */
export declare function networkOutput(parts: ModelParts, images: Uint8Array, count: number, labels: Int32Array | undefined): Promise<Float32Array>;
export interface LogProbRequest {
    /**
     * Checked labels, one per image, for a class-conditional model; `undefined` there sums the
     * classes out.
     */
    labels: Int32Array | undefined;
    /** Images per network call, or (image, class) pairs when the classes are summed out. @defaultValue 16 */
    batchSize?: number | undefined;
    /** Also return every pixel's log-likelihood. */
    perPixelMap: boolean;
    signal?: AbortSignal | undefined;
}
/** The log-likelihood of every image of `batch`, `batchSize` images per network call. */
export declare function evaluateLogProb(parts: ModelParts, batch: Uint8ImageBatch, request: LogProbRequest): Promise<LogProbResult | LogProbMapResult>;
/**
 * Every pixel's conditional log-likelihood of `count` images under each class: `perClass[c]`
 * receives image i's at `[i * pixels, (i + 1) * pixels)`. The (image, class) pairs go through
 * the network together, up to `batchSize` a call in calls of equal size, so that a few images
 * still make full calls (2 images of a 10-class model: 2 calls of 10 rather than 10 of 2).
 * Each pair's values do not depend on which pairs share its call.
 */
export declare function classPixelLogProbs(parts: ModelParts, images: Uint8Array, count: number, { batchSize, signal }: {
    batchSize: number;
    signal?: AbortSignal | undefined;
}, perClass: readonly Float64Array[]): Promise<void>;
