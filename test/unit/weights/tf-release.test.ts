import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import type { ModelConfig } from '../../../src/config.js';
import { configFromMetadata, resolveConfig } from '../../../src/config.js';
import { PixelCNNPPError } from '../../../src/errors.js';
import { PixelCNNNet } from '../../../src/network/pixelcnn-net.js';
import { parseSafetensors } from '../../../src/weights/safetensors.js';
import { convertTfRelease, isTfReleaseCheckpoint, tfReleaseLayers } from '../../../src/weights/tf-release.js';
import type { TensorMap } from '../../../src/weights/weight-map.js';
import { foldWeights } from '../../../src/weights/weight-map.js';
import { loadFixture } from '../../helpers/fixtures.js';
import { toTfRelease } from '../../helpers/tf-release.js';
import { maxAbsDiff } from '../../helpers/compare.js';
import { randomImages, spreadTensors } from '../network/random-weights.js';

function outputOf(tensors: TensorMap, config: ModelConfig, images: Float32Array, n: number, labels?: Int32Array): Float32Array {
  const resolved = resolveConfig(config);
  const net = new PixelCNNNet(foldWeights(tensors, resolved), resolved);
  const out = tf.tidy(
    () => net.forward(tf.tensor4d(images, [n, resolved.height, resolved.width, resolved.channels]), labels).dataSync() as Float32Array,
  );
  net.dispose();
  return out;
}

describe('TF-release checkpoints', () => {
  before(async () => {
    await tf.setBackend('cpu');
  });

  it('numbers layers in model_spec creation order', () => {
    const config: ModelConfig = { height: 8, width: 8, channels: 3, nrResnet: 1, nrFilters: 4, nrLogisticMix: 1 };
    const byTf = new Map(tfReleaseLayers(config).map((l) => [l.tfName, l.spec.name]));
    assert.equal(byTf.get('conv2d_0'), 'u_init.conv');
    assert.equal(byTf.get('conv2d_1'), 'ul_init.0.conv');
    assert.equal(byTf.get('conv2d_2'), 'ul_init.1.conv');
    assert.equal(byTf.get('conv2d_3'), 'up_layers.0.u_stream.0.conv_input.conv');
    assert.equal(byTf.get('conv2d_4'), 'up_layers.0.u_stream.0.conv_out.conv');
    assert.equal(byTf.get('conv2d_5'), 'up_layers.0.ul_stream.0.conv_input.conv');
    assert.equal(byTf.get('dense_0'), 'up_layers.0.ul_stream.0.nin_skip.lin_a');
    assert.equal(byTf.get('conv2d_6'), 'up_layers.0.ul_stream.0.conv_out.conv');
    assert.equal(byTf.get('conv2d_7'), 'downsize_u_stream.0.conv');
    assert.equal(byTf.get('conv2d_8'), 'downsize_ul_stream.0.conv');
    assert.equal(byTf.get('deconv2d_0'), 'upsize_u_stream.0.deconv');
    assert.equal(byTf.get('deconv2d_3'), 'upsize_ul_stream.1.deconv');
    assert.equal(byTf.get('dense_3'), 'down_layers.0.u_stream.0.nin_skip.lin_a');
    assert.equal(byTf.get('dense_13'), 'nin_out.lin_a');
    assert.equal(byTf.get('conv2d_38'), 'down_layers.2.ul_stream.1.conv_out.conv');
    assert.equal(byTf.size, 39 + 4 + 14);

    const conditional = new Map(tfReleaseLayers({ ...config, numClasses: 10 }).map((l) => [l.tfName, l.spec.name]));
    assert.equal(conditional.get('conditional_weights_0'), 'up_layers.0.u_stream.0.hw');
    assert.equal(conditional.get('conditional_weights_1'), 'up_layers.0.ul_stream.0.hw');
    assert.equal(conditional.get('conditional_weights_15'), 'down_layers.2.ul_stream.1.hw');
  });

  it('tiny-rgb converted to TF-release names and back gives the same network output', async () => {
    const fixture = await loadFixture('tiny-rgb');
    const file = parseSafetensors(fixture.weights);
    const config = resolveConfig(configFromMetadata(file.metadata));
    const tfTensors = toTfRelease(file.tensors, config, 3);
    assert.ok(isTfReleaseCheckpoint(tfTensors.keys()));
    assert.ok(!isTfReleaseCheckpoint(file.tensors.keys()));

    const images = Float32Array.from(fixture.images, (v) => (v - 127.5) / 127.5);
    const reference = outputOf(file.tensors, config, images, 4);
    const converted = convertTfRelease(tfTensors, config);
    assert.deepEqual([...converted.keys()].sort(), [...file.tensors.keys()]);
    const error = maxAbsDiff(outputOf(converted, config, images, 4), reference);
    assert.ok(error < 1e-4, `max abs diff ${error}`);

    // Without the averages the noisy plain variables are used.
    const plain = outputOf(convertTfRelease(tfTensors, config, { useAverages: false }), config, images, 4);
    assert.ok(maxAbsDiff(plain, reference) > 1e-2);
  });

  it('maps class-conditional weights (conditional_weights_<n>/hw)', () => {
    const config = resolveConfig({ height: 4, width: 8, channels: 1, nrResnet: 1, nrFilters: 4, nrLogisticMix: 2, numClasses: 3 });
    const tensors = spreadTensors(config, 13);
    const converted = convertTfRelease(toTfRelease(tensors, config, 5), config);
    assert.deepEqual(converted.get('down_layers.1.u_stream.1.hw.weight'), tensors.get('down_layers.1.u_stream.1.hw.weight'));
    const images = randomImages(2, config, 1);
    const labels = new Int32Array([2, 0]);
    assert.ok(maxAbsDiff(outputOf(converted, config, images, 2, labels), outputOf(tensors, config, images, 2, labels)) < 1e-4);
  });

  it('names missing, misshapen and unexpected variables', () => {
    const config = resolveConfig({ height: 4, width: 4, channels: 3, nrResnet: 1, nrFilters: 2, nrLogisticMix: 1 });
    const tfTensors = toTfRelease(spreadTensors(config, 2), config, 1);
    tfTensors.delete('model/dense_13/b');
    tfTensors.delete('model/dense_13/b/ExponentialMovingAverage');
    tfTensors.set('model/deconv2d_1/V', { shape: [2, 2, 2, 3], data: new Float32Array(24) });
    tfTensors.set('model/conv2d_99/V', { shape: [1], data: new Float32Array(1) });
    assert.throws(
      () => convertTfRelease(tfTensors, config),
      (e: unknown) =>
        e instanceof PixelCNNPPError &&
        e.code === 'E_WEIGHTS' &&
        /missing 'dense_13\/b' \(for 'nin_out\.lin_a'\), expected shape \[10\]/.test(e.message) &&
        /'deconv2d_1\/V' \(for 'upsize_ul_stream\.0\.deconv'\) has shape \[2, 2, 2, 3\], expected \[2, 2, 2, 2\]/.test(e.message) &&
        /unexpected layer 'conv2d_99'/.test(e.message),
    );
  });
});
