/**
 * Images out: PNG bytes (8-bit grey or RGB, one image or a grid) and `ImageData` for canvases.
 * Compression uses the platform's `CompressionStream('deflate')` (browsers, Node >= 18), whose
 * zlib format is exactly what PNG's IDAT chunk holds.
 */
import type { ImageBatch } from './image.js';
export interface GridOptions {
    /** Images per row of the grid. @defaultValue ceil(sqrt(N)) */
    columns?: number;
    /** Pixels between images. @defaultValue 2 */
    gap?: number;
    /** Value of the gap pixels. @defaultValue 255 */
    background?: number;
}
/** Lays the images of a batch out in a grid: one `[H', W', C]` image. */
export declare function tileImages(batch: ImageBatch, options?: GridOptions): {
    data: Uint8Array;
    width: number;
    height: number;
    channels: number;
};
/** PNG bytes of one image (`index`) of a batch, or of all of them as a grid when `index` is omitted. */
export declare function toPNG(batch: ImageBatch, options?: GridOptions & {
    index?: number;
}): Promise<Uint8Array>;
/** RGBA pixels of image `index` for a canvas: an `ImageData` where the platform has one. */
export declare function toImageData(batch: ImageBatch, index?: number): ImageData | {
    data: Uint8ClampedArray;
    width: number;
    height: number;
};
