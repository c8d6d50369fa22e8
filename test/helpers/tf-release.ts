// Canonical tensors -> TF-release variables, for tests of the conversion (the test side of it).
import type { ModelConfig } from '../../src/config.js';
import type { Float32TensorData } from '../../src/weights/safetensors.js';
import { tfReleaseLayers } from '../../src/weights/tf-release.js';
import type { TensorMap } from '../../src/weights/weight-map.js';
import { transpose, weightNormFold } from '../../src/weights/weight-map.js';
import { mulberry32 } from '../../src/util/mulberry32.js';
import { randomArray } from './random.js';

/**
 * The inverse mapping, written independently of the module under test: canonical tensors ->
 * TF-release variables with the same effective weights. `V` is the effective TF-layout weight
 * rescaled by a random positive factor per TF norm group, so that only a correct
 * renormalisation recovers it. Half the layers also get Polyak averages (holding the true
 * values, while the plain variable holds noise), and optimiser slots are added as clutter.
 */
export function toTfRelease(tensors: TensorMap, config: ModelConfig, seed: number): Map<string, Float32TensorData> {
  const random = mulberry32(seed);
  const out = new Map<string, Float32TensorData>();
  tfReleaseLayers(config).forEach(({ tfName, type, spec }, index) => {
    const put = (variable: string, shape: number[], data: Float32Array) => {
      const name = `model/${tfName}/${variable}`;
      if (index % 2 === 0) {
        out.set(name, { shape, data: randomArray(data.length, random) });
        out.set(`${name}/ExponentialMovingAverage`, { shape, data });
      } else out.set(name, { shape, data });
      out.set(`${name}/Adam`, { shape, data: randomArray(data.length, random) });
      out.set(`${name}/Adam_1`, { shape, data: randomArray(data.length, random) });
    };
    const w = spec.weightShape;
    if (type === 'conditional_weights') {
      put('hw', [w[1]!, w[0]!], transpose(tensors.get(`${spec.name}.weight`)!.data, w, [1, 0]));
      return;
    }
    const effective = weightNormFold(tensors.get(`${spec.name}.weight_v`)!.data, tensors.get(`${spec.name}.weight_g`)!.data, w[0]!);
    // PyTorch [Y, X, kh, kw] -> TF [kh, kw, X, Y]; [out, in] -> [in, out].
    const perm = type === 'dense' ? [1, 0] : [2, 3, 1, 0];
    const tfShape = perm.map((p) => w[p]!);
    const wTf = transpose(effective, w, perm);
    // TF normalises per output channel: last axis for conv2d and dense, axis 2 for deconv2d.
    const axis = type === 'deconv2d' ? 2 : tfShape.length - 1;
    const inner = tfShape.slice(axis + 1).reduce((a, b) => a * b, 1);
    const groups = tfShape[axis]!;
    const group = (k: number) => Math.floor(k / inner) % groups;
    const g = new Float32Array(groups);
    wTf.forEach((x, k) => (g[group(k)] += x * x));
    g.forEach((s, c) => (g[c] = Math.sqrt(s)));
    const scale = randomArray(groups, random, 0.5, 2);
    put('V', tfShape, wTf.map((x, k) => x * scale[group(k)]!));
    put('g', [groups], g);
    put('b', [groups], tensors.get(`${spec.name}.bias`)!.data);
  });
  out.set('beta1_power', { shape: [], data: new Float32Array([0.9]) });
  return out;
}

