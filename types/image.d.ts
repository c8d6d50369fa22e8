import type { Tensor } from '@tensorflow/tfjs-core';
/** A batch of 8-bit images, NHWC, row-major. */
export interface ImageBatch {
    data: Uint8Array | Uint8ClampedArray;
    shape: readonly [number, number, number, number];
}
/** The `ImageData` fields we read, so the type exists outside browsers too. */
export interface ImageDataLike {
    readonly data: Uint8ClampedArray;
    readonly width: number;
    readonly height: number;
}
/** What `logProb` and friends accept as images. */
export type ImageInput = ImageBatch | {
    data: Uint8Array | Uint8ClampedArray | ArrayLike<number>;
    shape: readonly number[];
} | ImageDataLike | ImageDataLike[] | Tensor;
/** A validated batch, as the model works with it. */
export interface Uint8ImageBatch extends ImageBatch {
    data: Uint8Array;
}
export interface ImageGeometry {
    height: number;
    width: number;
    channels: 1 | 3;
}
/**
 * Brings any accepted image input to a validated uint8 NHWC batch for a model of the given
 * geometry. A single image may omit the batch axis ([H, W, C]). Alpha in `ImageData` is ignored.
 */
export declare function toImageBatch(images: ImageInput, geometry: ImageGeometry, name?: string): Promise<Uint8ImageBatch>;
/** Converts uint8 NHWC images to network input in [-1, 1] (0 -> -1, 255 -> +1). */
export declare function toNetworkInput(data: Uint8Array, out?: Float32Array<ArrayBuffer>): Float32Array;
