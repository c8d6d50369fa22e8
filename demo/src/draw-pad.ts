/**
 * A 28x28 drawing pad on an enlarged canvas: mouse, pen and touch through pointer events,
 * strokes inked the way MNIST digits look (see strokes.ts).
 */
import type { Point } from './strokes.js';
import { SIDE, inkSegment } from './strokes.js';

export class DrawPad {
  /** The drawing, uint8 grey, row-major. */
  readonly pixels = new Uint8Array(SIDE * SIDE);
  private last: Point | undefined;
  private readonly context: CanvasRenderingContext2D;

  constructor(
    private readonly canvas: HTMLCanvasElement,
    private readonly onChange: (finished: boolean) => void,
  ) {
    this.context = canvas.getContext('2d')!;
    canvas.addEventListener('pointerdown', (event) => this.down(event));
    canvas.addEventListener('pointermove', (event) => this.move(event));
    canvas.addEventListener('pointerup', (event) => this.up(event));
    canvas.addEventListener('pointercancel', (event) => this.up(event));
    this.render();
  }

  get isEmpty(): boolean {
    return this.pixels.every((v) => v === 0);
  }

  /** Replaces the drawing. */
  set(pixels: Uint8Array): void {
    this.pixels.set(pixels);
    this.render();
    this.onChange(true);
  }

  clear(): void {
    this.pixels.fill(0);
    this.render();
    this.onChange(true);
  }

  private point(event: PointerEvent): Point {
    const box = this.canvas.getBoundingClientRect();
    return { x: ((event.clientX - box.left) / box.width) * SIDE, y: ((event.clientY - box.top) / box.height) * SIDE };
  }

  private down(event: PointerEvent): void {
    if (event.button !== 0) return;
    event.preventDefault();
    this.canvas.setPointerCapture(event.pointerId);
    this.last = this.point(event);
    inkSegment(this.pixels, this.last, this.last);
    this.render();
    this.onChange(false);
  }

  private move(event: PointerEvent): void {
    if (this.last === undefined) return;
    event.preventDefault();
    // Coalesced events keep fast strokes smooth where the browser batches pointer moves.
    const events = event.getCoalescedEvents?.() ?? [event];
    for (const e of events.length > 0 ? events : [event]) {
      const next = this.point(e);
      inkSegment(this.pixels, this.last, next);
      this.last = next;
    }
    this.render();
    this.onChange(false);
  }

  private up(event: PointerEvent): void {
    if (this.last === undefined) return;
    this.last = undefined;
    if (this.canvas.hasPointerCapture(event.pointerId)) this.canvas.releasePointerCapture(event.pointerId);
    this.onChange(true);
  }

  private render(): void {
    const image = this.context.createImageData(SIDE, SIDE);
    for (let p = 0; p < SIDE * SIDE; p++) {
      const v = this.pixels[p]!;
      image.data.set([v, v, v, 255], 4 * p);
    }
    this.context.putImageData(image, 0, 0);
  }
}
