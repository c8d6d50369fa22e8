// Seeded random checkpoints in the canonical (PyTorch port) layout, for tests that need a
// network of a shape no fixture has.
import type { ModelConfig } from '../../../src/config.js';
import type { Float32TensorData } from '../../../src/weights/safetensors.js';
import { expectedTensorShapes } from '../../../src/weights/weight-map.js';
import { mulberry32 } from '../../../src/util/mulberry32.js';

/** A seeded generator of floats in (0, 1). */
export const pseudoRandom = mulberry32;

export function randomArray(n: number, random: () => number, lo = -1, hi = 1): Float32Array {
  return Float32Array.from({ length: n }, () => lo + (hi - lo) * random());
}

/** `weight_v` uniform in [-1, 1], `weight_g` in [0.5, 1.5], biases and class weights in [-0.2, 0.2]. */
export function randomTensors(config: ModelConfig, seed: number): Map<string, Float32TensorData> {
  const random = pseudoRandom(seed);
  const out = new Map<string, Float32TensorData>();
  for (const [name, shape] of expectedTensorShapes(config)) {
    const size = shape.reduce((a, b) => a * b, 1);
    const data = name.endsWith('.weight_g')
      ? randomArray(size, random, 0.5, 1.5)
      : name.endsWith('.weight_v')
        ? randomArray(size, random)
        : randomArray(size, random, -0.2, 0.2);
    out.set(name, { shape, data });
  }
  return out;
}

/** Images in [-1, 1], NHWC. */
export function randomImages(n: number, config: ModelConfig, seed: number): Float32Array {
  return randomArray(n * config.height * config.width * config.channels, pseudoRandom(seed));
}

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new RangeError(`length ${a.length} != ${b.length}`);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}
