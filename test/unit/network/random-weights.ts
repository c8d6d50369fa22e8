// Seeded random checkpoints in the canonical (PyTorch port) layout, for tests that need a
// network of a shape no fixture has. Unlike the package's `randomTensors` (the starting point
// of training: unit `g`, zero biases), every tensor here is spread out, so a wrong index or
// layout anywhere changes the output.
import type { ModelConfig } from '../../../src/config.js';
import type { Float32TensorData } from '../../../src/weights/safetensors.js';
import { expectedTensorShapes } from '../../../src/weights/weight-map.js';
import { mulberry32 } from '../../../src/util/mulberry32.js';
import { randomArray } from '../../helpers/random.js';

/** `weight_v` uniform in [-1, 1], `weight_g` in [0.5, 1.5], biases and class weights in [-0.2, 0.2]. */
export function spreadTensors(config: ModelConfig, seed: number): Map<string, Float32TensorData> {
  const random = mulberry32(seed);
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
  return randomArray(n * config.height * config.width * config.channels, seed);
}
