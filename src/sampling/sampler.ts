/**
 * The autoregressive loop: raster order, one pixel of every image per step. What is drawn at a
 * pixel comes from a `PixelDraw` (the keyed generator for `sample`, explicit noise in tests),
 * so the loop is the same whichever randomness and whichever stepper is used.
 */
import { nextMacrotask } from '../util/next-macrotask.js';
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
  known?: { data: Uint8Array; mask: Uint8Array };
  /** Where to write the images, uint8 `[n, pixels, C]` (filled as they are drawn). @defaultValue a new array */
  output?: Uint8Array;
  /** Called after every completed row with the pixels done so far. */
  onRow?: (done: number) => void;
  width: number;
  signal?: AbortSignal;
}

/** Generates `n` images; returns uint8 `[n, pixels, C]`. The stepper is not disposed here. */
export async function generate(stepper: PixelStepper, draw: PixelDraw, options: GenerateOptions): Promise<Uint8Array> {
  const { n, pixels, channels, known, signal } = options;
  const out = options.output ?? new Uint8Array(n * pixels * channels);
  const drawn = new Uint8Array(n * channels);
  const values = new Float32Array(n * channels);
  for (let p = 0; p < pixels; p++) {
    signal?.throwIfAborted();
    if (known !== undefined && known.mask[p]) {
      for (let i = 0; i < n; i++) drawn.set(known.data.subarray((i * pixels + p) * channels, (i * pixels + p + 1) * channels), i * channels);
    } else {
      const params = await options.run(() => stepper.paramsAt(p));
      signal?.throwIfAborted();
      draw(params, p, drawn);
    }
    for (let k = 0; k < n * channels; k++) values[k] = (drawn[k]! - 127.5) / 127.5;
    await options.run(() => stepper.setPixel(p, values));
    for (let i = 0; i < n; i++) out.set(drawn.subarray(i * channels, (i + 1) * channels), (i * pixels + p) * channels);
    if ((p + 1) % options.width === 0) {
      options.onRow?.(p + 1);
      // Between rows the event loop runs, so a page repaints and an abort from any source lands.
      await nextMacrotask();
    }
  }
  return out;
}
