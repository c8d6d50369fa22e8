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
/**
 * The fields of a DOM `ImageData`, so the type is usable without the DOM library and assignable
 * to `CanvasRenderingContext2D.putImageData`'s parameter where it is.
 */
export interface CanvasImageData {
    readonly data: Uint8ClampedArray<ArrayBuffer>;
    readonly width: number;
    readonly height: number;
    readonly colorSpace: 'srgb';
}
/**
 * RGBA pixels of image `index` for a canvas: a real `ImageData` in browsers (and wherever the
 * platform has one), an object with the same fields elsewhere.
 */
export declare function toImageData(batch: ImageBatch, index?: number): CanvasImageData;
