/**
 * Pen strokes on a 28x28 grey image, drawn the way MNIST digits look: a stroke about 2.5 pixels
 * wide with a soft, anti-aliased edge (a pixel's ink falls off with its distance from the pen's
 * path), white on black, values 0-255.
 */

export const SIDE = 28;

/** Full ink within this distance of the path (pixels)... */
const CORE = 0.75;
/** ...fading to none over this much more. */
const FALLOFF = 1.1;

export interface Point {
  x: number;
  y: number;
}

/** Inks the segment a-b (in pixel coordinates, centres at k + 0.5) into `image`, keeping the darker of old and new. */
export function inkSegment(image: Uint8Array, a: Point, b: Point): void {
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const length2 = dx * dx + dy * dy;
  const reach = CORE + FALLOFF;
  const x0 = Math.max(0, Math.floor(Math.min(a.x, b.x) - reach));
  const x1 = Math.min(SIDE - 1, Math.ceil(Math.max(a.x, b.x) + reach));
  const y0 = Math.max(0, Math.floor(Math.min(a.y, b.y) - reach));
  const y1 = Math.min(SIDE - 1, Math.ceil(Math.max(a.y, b.y) + reach));
  for (let y = y0; y <= y1; y++) {
    for (let x = x0; x <= x1; x++) {
      const px = x + 0.5;
      const py = y + 0.5;
      const t = length2 === 0 ? 0 : Math.max(0, Math.min(1, ((px - a.x) * dx + (py - a.y) * dy) / length2));
      const distance = Math.hypot(px - (a.x + t * dx), py - (a.y + t * dy));
      const ink = Math.round(255 * Math.max(0, Math.min(1, 1 - (distance - CORE) / FALLOFF)));
      const i = y * SIDE + x;
      if (ink > image[i]!) image[i] = ink;
    }
  }
}

/** Inks a polyline. */
export function inkPath(image: Uint8Array, points: readonly Point[]): void {
  if (points.length === 1) inkSegment(image, points[0]!, points[0]!);
  for (let i = 1; i < points.length; i++) inkSegment(image, points[i - 1]!, points[i]!);
}
