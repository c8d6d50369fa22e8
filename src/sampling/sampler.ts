/**
 * The autoregressive loop: raster order, one pixel of every image per step. What is drawn at a
 * pixel comes from a `PixelDraw` (the keyed generator for `sample`, explicit noise in tests),
 * so the loop is the same whichever randomness and whichever stepper is used.
 */
import { TurnPacer } from '../util/yield.js';
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
  const { n, pixels, channels, width, known, signal } = options;
  const out = options.output ?? new Uint8Array(n * pixels * channels);
  const drawn = new Uint8Array(n * channels);
  const values = new Float32Array(n * channels);

  // Value c of image i's pixel p: `drawn[i * channels + c]`, `out[(i * pixels + p) * channels + c]`.
  const keep = (p: number) => {
    for (let i = 0; i < n; i++) for (let c = 0; c < channels; c++) drawn[i * channels + c] = known!.data[(i * pixels + p) * channels + c]!;
  };
  const write = (p: number) => {
    for (let k = 0; k < n * channels; k++) values[k] = (drawn[k]! - 127.5) / 127.5;
    stepper.setPixel(p, values);
    for (let i = 0; i < n; i++) for (let c = 0; c < channels; c++) out[(i * pixels + p) * channels + c] = drawn[i * channels + c]!;
  };
  // A stepper that computes synchronously runs a whole row in one turn of the backend's queue:
  // at batch 1 a pixel step takes microseconds, and two queue trips per pixel would be a
  // good part of it.
  const drawRow = stepper.paramsNow
    ? (from: number) =>
        options.run(() => {
          for (let p = from; p < from + width; p++) {
            if (known?.mask[p]) keep(p);
            else draw(stepper.paramsNow!(p), p, drawn);
            write(p);
          }
        })
    : async (from: number) => {
        for (let p = from; p < from + width; p++) {
          if (known?.mask[p]) keep(p);
          else {
            const params = await options.run(() => stepper.paramsAt(p));
            signal?.throwIfAborted();
            draw(params, p, drawn);
          }
          await options.run(() => write(p));
        }
      };

  // Timers and events run between rows, at least every few milliseconds (see `TurnPacer`), so an
  // abort from any source stops soon; one from `onRow` stops within a row.
  const pacer = new TurnPacer();
  for (let from = 0; from < pixels; from += width) {
    signal?.throwIfAborted();
    await drawRow(from);
    options.onRow?.(from + width);
    await pacer.pass();
  }
  return out;
}
