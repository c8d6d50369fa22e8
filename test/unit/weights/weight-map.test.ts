import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ModelConfig } from '../../../src/config.js';
import { configFromMetadata, resolveConfig } from '../../../src/config.js';
import { PixelCNNPPError } from '../../../src/errors.js';
import type { Float32TensorData } from '../../../src/weights/safetensors.js';
import { parseSafetensors } from '../../../src/weights/safetensors.js';
import { layerSpecs } from '../../../src/network/architecture.js';
import {
  checkTensors,
  expectedTensorShapes,
  foldWeights,
  transpose,
  unfoldTorchWeight,
  weightNormFold,
} from '../../../src/weights/weight-map.js';
import { loadFixture } from '../../helpers/fixtures.js';
import { maxAbsDiff } from '../../helpers/compare.js';
import { spreadTensors } from '../network/random-weights.js';

function rejects(fn: () => unknown, ...patterns: RegExp[]): void {
  assert.throws(fn, (error: unknown) => {
    assert.ok(error instanceof PixelCNNPPError);
    assert.equal(error.code, 'E_WEIGHTS');
    for (const pattern of patterns) assert.match(error.message, pattern);
    return true;
  });
}

describe('weight map', () => {
  it('expects exactly the tensors and shapes of both fixtures', async () => {
    for (const name of ['tiny-rgb', 'tiny-gray'] as const) {
      const file = parseSafetensors((await loadFixture(name)).weights);
      const config = resolveConfig(configFromMetadata(file.metadata));
      const expected = expectedTensorShapes(config);
      assert.deepEqual([...expected.keys()], [...file.tensors.keys()]);
      for (const [tensor, shape] of expected) assert.deepEqual(file.tensors.get(tensor)!.shape, shape, tensor);
      checkTensors(file.tensors, config);
    }
  });

  it('counts layers: 5 per up block pair, 6 per down block pair, 12 others', () => {
    const config: ModelConfig = { height: 8, width: 8, channels: 3, nrResnet: 2, nrFilters: 4, nrLogisticMix: 1 };
    // up: 3 levels x 2 blocks x (2 + 3); down: 2 + 3 + 3 blocks x (3 + 3); init 3, resize 8, nin_out 1
    assert.equal(layerSpecs(config).length, 30 + 48 + 12);
    assert.equal(layerSpecs({ ...config, numClasses: 5 }).length, 30 + 48 + 12 + 2 * 3 * 2 + 2 * 8);
  });

  it('reports missing, unexpected and misshapen tensors by name', () => {
    const config = resolveConfig({ height: 8, width: 8, channels: 3, nrResnet: 1, nrFilters: 4, nrLogisticMix: 1 });
    const tensors = spreadTensors(config, 1);
    const broken = new Map<string, Float32TensorData>(tensors);
    broken.delete('nin_out.lin_a.bias');
    broken.set('u_init.conv.weight_v', { shape: [4, 3, 2, 3], data: new Float32Array(72) });
    broken.set('extra.weight', { shape: [1], data: new Float32Array(1) });
    rejects(
      () => checkTensors(broken, config),
      /missing tensor 'nin_out\.lin_a\.bias' \(expected shape \[10\]\)/,
      /tensor 'u_init\.conv\.weight_v' has shape \[4, 3, 2, 3\], expected \[4, 4, 2, 3\]/,
      /unexpected tensor 'extra\.weight'/,
    );
    rejects(() => foldWeights(tensors, { ...config, numClasses: 3 }), /missing tensor 'up_layers\.0\.u_stream\.0\.hw\.weight' \(expected shape \[8, 3\]\)/);
    rejects(() => foldWeights(tensors, { ...config, channels: 1 }), /u_init\.conv\.weight_v' has shape \[4, 4, 2, 3\], expected \[4, 2, 2, 3\]/);
  });

  it('folds w = g v / ||v|| per output channel (conv, dense) and per input channel (deconv)', () => {
    const v = new Float32Array([3, 4, 0, 0, 1, 0]);
    assert.deepEqual(Array.from(weightNormFold(v, new Float32Array([10, 2]), 2)), [6, 8, 0, 0, 2, 0]);
    assert.deepEqual(Array.from(weightNormFold(new Float32Array([0, 0]), new Float32Array([1]), 1)), [0, 0]);

    const config = resolveConfig({ height: 4, width: 4, channels: 1, nrResnet: 1, nrFilters: 2, nrLogisticMix: 1 });
    const tensors = spreadTensors(config, 4);
    const folded = foldWeights(tensors, config);
    const at = (name: string) => tensors.get(name)!.data;

    // conv [out, in, kh, kw] -> [kh, kw, in, out]; the norm is over (in, kh, kw) of one output channel.
    const conv = folded.get('u_init.conv')!;
    assert.deepEqual(conv.shape, [2, 3, 2, 2]);
    const cv = at('u_init.conv.weight_v');
    const norm1 = Math.hypot(...cv.subarray(12, 24));
    // v[o=1, i=0, y=1, x=2] is at ((1 * 2 + 0) * 2 + 1) * 3 + 2 = 17; in tfjs [y, x, i, o] at ((1 * 3 + 2) * 2 + 0) * 2 + 1
    assert.ok(Math.abs(conv.kernel[21]! - (at('u_init.conv.weight_g')[1]! * cv[17]!) / norm1) < 1e-6);
    assert.equal(conv.bias, at('u_init.conv.bias'));

    // deconv [in, out, kh, kw] -> [kh, kw, out, in]; the norm is over (out, kh, kw) of one input channel.
    const deconv = folded.get('upsize_u_stream.0.deconv')!;
    assert.deepEqual(deconv.shape, [2, 3, 2, 2]);
    const dv = at('upsize_u_stream.0.deconv.weight_v');
    const normIn0 = Math.hypot(...dv.subarray(0, 12));
    // v[i=0, o=1, y=0, x=1] is at ((0 * 2 + 1) * 2 + 0) * 3 + 1 = 7; in tfjs [y, x, o, i] at ((0 * 3 + 1) * 2 + 1) * 2 + 0 = 6
    assert.ok(Math.abs(deconv.kernel[6]! - (at('upsize_u_stream.0.deconv.weight_g')[0]! * dv[7]!) / normIn0) < 1e-6);

    // dense [out, in] -> [in, out]
    const dense = folded.get('nin_out.lin_a')!;
    assert.deepEqual(dense.shape, [2, 3]);
    const nv = at('nin_out.lin_a.weight_v');
    const normOut2 = Math.hypot(nv[4]!, nv[5]!);
    assert.ok(Math.abs(dense.kernel[1 * 3 + 2]! - (at('nin_out.lin_a.weight_g')[2]! * nv[5]!) / normOut2) < 1e-6);
  });

  it('unfolding an effective weight and folding it again gives it back', () => {
    const w = Float32Array.from({ length: 24 }, (_, i) => Math.sin(i * 1.7));
    const { v, g } = unfoldTorchWeight(w, 4);
    assert.ok(maxAbsDiff(weightNormFold(v, g, 4), w) < 1e-6);
  });

  it('transposes row-major tensors', () => {
    const x = Float32Array.from({ length: 24 }, (_, i) => i);
    const t = transpose(x, [2, 3, 4], [2, 0, 1]); // -> [4, 2, 3], t[k, i, j] = x[i, j, k]
    assert.equal(t[(3 * 2 + 1) * 3 + 2], (1 * 3 + 2) * 4 + 3);
    assert.deepEqual(transpose(transpose(x, [2, 3, 4], [2, 0, 1]), [4, 2, 3], [1, 2, 0]), x);
  });
});
