import type { PixelStepper } from './stepper.js';
/** Draws pixel `p` of every image from its parameters `[n, P]`, writing uint8 values `[n, C]`. */
export type PixelDraw = (params: Float32Array, p: number, out: Uint8Array) => void;
export interface GenerateOptions {
    n: number;
    pixels: number;
    channels: number;
    /** Run each stepper call on the model's backend (its run queue). */
    run: <T>(fn: () => T | Promise<T>) => Promise<T>;
    /** Pixels to keep rather than draw: `data` `[n, pixels, C]`, `mask[p]` true where pixel p is given for every image. */
    known?: {
        data: Uint8Array;
        mask: Uint8Array;
    };
    /** Where to write the images, uint8 `[n, pixels, C]` (filled as they are drawn). @defaultValue a new array */
    output?: Uint8Array;
    /** Called after every completed row with the pixels done so far. */
    onRow?: (done: number) => void;
    width: number;
    signal?: AbortSignal;
}
/** Generates `n` images; returns uint8 `[n, pixels, C]`. The stepper is not disposed here. */
export declare function generate(stepper: PixelStepper, draw: PixelDraw, options: GenerateOptions): Promise<Uint8Array>;
