/**
 * Random canonical weights for a config: for benchmarks, tests and as the starting point of
 * training. Weight-normalised layers get `g = 1` (each output filter has unit norm, which keeps
 * activations at a sane scale through the depth of the network) and zero biases.
 */
import type { ModelConfig } from '../config.js';
import { resolveConfig } from '../config.js';
import type { Float32TensorData } from './safetensors.js';
import { expectedTensorShapes } from './weight-map.js';
import { mulberry32 } from '../util/mulberry32.js';


export function randomTensors(config: Partial<ModelConfig>, seed = 0): Map<string, Float32TensorData> {
  const random = mulberry32(seed);
  // Box-Muller: standard normal deviates.
  const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const out = new Map<string, Float32TensorData>();
  for (const [name, shape] of expectedTensorShapes(resolveConfig(config))) {
    const data = new Float32Array(shape.reduce((a, b) => a * b, 1));
    if (name.endsWith('.weight_g')) data.fill(1);
    else if (!name.endsWith('.bias')) for (let i = 0; i < data.length; i++) data[i] = 0.05 * normal();
    out.set(name, { shape, data });
  }
  return out;
}
