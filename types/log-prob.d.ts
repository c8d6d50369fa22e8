import type { Uint8ImageBatch } from './image.js';
import type { ModelParts } from './model-parts.js';
export interface LogProbOptions {
    /** Class labels, one per image, for class-conditional models. */
    labels?: ArrayLike<number>;
    /** Images per network call; bounds memory for large batches. @defaultValue 16 */
    batchSize?: number;
}
export interface LogProbResult {
    /** log p(image) in nats, one per image (float64 sums of per-pixel values). */
    nats: Float64Array;
    /** -log2 p(image) / (H * W * C), one per image. */
    bitsPerDim: Float64Array;
}
export interface LogProbMapResult extends LogProbResult {
    /** log p of each pixel given the pixels before it in raster order, nats, `[N, H, W]` row-major. */
    data: Float64Array;
    shape: [number, number, number];
}
/** The raw network output for `count` uint8 NHWC images: `[count, H, W, P]` float32. */
export declare function networkOutput(parts: ModelParts, images: Uint8Array, count: number, labels: Int32Array | undefined): Promise<Float32Array>;
export interface LogProbRequest {
    /** Checked labels, one per image, for a class-conditional model. */
    labels: Int32Array | undefined;
    /** Images per network call. @defaultValue 16 */
    batchSize?: number | undefined;
    /** Also return every pixel's log-likelihood. */
    perPixelMap: boolean;
}
/** The log-likelihood of every image of `batch`, `batchSize` images per network call. */
export declare function evaluateLogProb(parts: ModelParts, batch: Uint8ImageBatch, request: LogProbRequest): Promise<LogProbResult | LogProbMapResult>;
