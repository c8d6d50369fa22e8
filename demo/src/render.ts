/** Grey images and heat maps onto 28x28 canvases (enlarged by CSS, pixelated). */

/** Rows not drawn yet show in this colour, so a digit visibly grows row by row. */
const PENDING = [27, 33, 48] as const;

/**
 * Paints image `index` of a uint8 `[N, H, W, 1]` batch onto `canvas`: rows below `rowsDone`
 * in the pending colour. The canvas then holds exactly the image's bytes in R, G and B.
 */
export function paintGrey(canvas: HTMLCanvasElement, data: Uint8Array, index: number, side: number, rowsDone = side): void {
  const context = canvas.getContext('2d')!;
  const image = context.createImageData(side, side);
  const rgba = image.data;
  const base = index * side * side;
  for (let p = 0; p < side * side; p++) {
    const pending = Math.floor(p / side) >= rowsDone;
    const v = data[base + p]!;
    rgba[4 * p] = pending ? PENDING[0] : v;
    rgba[4 * p + 1] = pending ? PENDING[1] : v;
    rgba[4 * p + 2] = pending ? PENDING[2] : v;
    rgba[4 * p + 3] = 255;
  }
  context.putImageData(image, 0, 0);
}

/** Stops of matplotlib's "inferno" (perceptually uniform, readable in grey). */
const INFERNO: ReadonlyArray<readonly [number, number, number]> = [
  [0, 0, 4], [31, 12, 72], [85, 15, 109], [136, 34, 106], [186, 54, 85],
  [227, 89, 51], [249, 140, 10], [249, 201, 50], [252, 255, 164],
];

/** The colour for `t` in [0, 1]. */
export function heatColour(t: number): [number, number, number] {
  const x = Math.max(0, Math.min(1, t)) * (INFERNO.length - 1);
  const i = Math.min(INFERNO.length - 2, Math.floor(x));
  const f = x - i;
  const a = INFERNO[i]!;
  const b = INFERNO[i + 1]!;
  return [0, 1, 2].map((k) => Math.round(a[k]! + (b[k]! - a[k]!) * f)) as [number, number, number];
}

/** A CSS gradient of the colour map, for the legend. */
export function heatGradient(): string {
  const stops = INFERNO.map(([r, g, b], i) => `rgb(${r} ${g} ${b}) ${((i / (INFERNO.length - 1)) * 100).toFixed(1)}%`);
  return `linear-gradient(90deg, ${stops.join(', ')})`;
}

/** Paints per-pixel bits (`[H * W]`) as a heat map, saturating at `maxBits`. */
export function paintHeat(canvas: HTMLCanvasElement, bits: ArrayLike<number>, side: number, maxBits: number): void {
  const context = canvas.getContext('2d')!;
  const image = context.createImageData(side, side);
  for (let p = 0; p < side * side; p++) {
    const [r, g, b] = heatColour(bits[p]! / maxBits);
    image.data.set([r, g, b, 255], 4 * p);
  }
  context.putImageData(image, 0, 0);
}

/** A figure holding one 28x28 canvas and a caption. */
export function digitFigure(side: number, caption: string, label: string): { figure: HTMLElement; canvas: HTMLCanvasElement; caption: HTMLElement } {
  const figure = document.createElement('figure');
  const canvas = document.createElement('canvas');
  canvas.width = side;
  canvas.height = side;
  canvas.className = 'digit';
  canvas.setAttribute('role', 'img');
  canvas.setAttribute('aria-label', label);
  const text = document.createElement('figcaption');
  text.textContent = caption;
  figure.append(canvas, text);
  return { figure, canvas, caption: text };
}
