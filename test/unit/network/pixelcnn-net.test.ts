import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import type { ModelConfig } from '../../../src/config.js';
import { configFromMetadata, resolveConfig } from '../../../src/config.js';
import { PixelCNNPPError } from '../../../src/errors.js';
import { PixelCNNNet } from '../../../src/network/pixelcnn-net.js';
import { parseSafetensors } from '../../../src/weights/safetensors.js';
import { foldWeights } from '../../../src/weights/weight-map.js';
import type { FixtureName } from '../../helpers/fixtures.js';
import { loadFixture } from '../../helpers/fixtures.js';
import { maxAbsDiff } from '../../helpers/compare.js';
import { randomImages, spreadTensors } from './random-weights.js';

function run(net: PixelCNNNet, images: Float32Array, n: number, labels?: Int32Array | tf.Tensor1D): Float32Array {
  const { height, width, channels } = net.config;
  return tf.tidy(() => net.forward(tf.tensor4d(images, [n, height, width, channels]), labels).dataSync() as Float32Array);
}

function randomNet(config: ModelConfig, seed: number): PixelCNNNet {
  const resolved = resolveConfig(config);
  return new PixelCNNNet(foldWeights(spreadTensors(resolved, seed), resolved), resolved);
}

describe('PixelCNNNet on the fixtures', () => {
  before(async () => {
    await tf.setBackend('cpu');
  });

  for (const name of ['tiny-rgb', 'tiny-gray'] as FixtureName[]) {
    it(`${name}: output of image 0 in a batch of 4 matches expected.json within 1e-4`, async () => {
      const fixture = await loadFixture(name);
      const file = parseSafetensors(fixture.weights);
      const config = resolveConfig(configFromMetadata(file.metadata));
      const net = new PixelCNNNet(foldWeights(file.tensors, config), config);
      const n = fixture.config.n_images;
      const images = Float32Array.from(fixture.images, (v) => (v - 127.5) / 127.5);
      const batch = run(net, images, n);
      const pixels = config.height * config.width;
      assert.equal(batch.length, n * pixels * fixture.config.output_channels);
      assert.deepEqual(fixture.expected.output_image0.shape, [config.height, config.width, net.outputChannels]);

      const expected = fixture.expected.output_image0.data;
      const image0 = batch.subarray(0, expected.length);
      const error = maxAbsDiff(image0, expected);
      assert.ok(error < 1e-4, `max abs error ${error}`);

      // Images in a batch do not interact.
      const alone = run(net, images.subarray(0, images.length / n), 1);
      assert.ok(maxAbsDiff(alone, image0) < 1e-6, `batch dependence ${maxAbsDiff(alone, image0)}`);
      net.dispose();
    });
  }
});

describe('PixelCNNNet structure', () => {
  before(async () => {
    await tf.setBackend('cpu');
  });

  const small: ModelConfig = { height: 8, width: 8, channels: 3, nrResnet: 1, nrFilters: 6, nrLogisticMix: 2 };

  it('is causal: a pixel changes no output at or before it in raster order', () => {
    const net = randomNet(small, 11);
    const { height: H, width: W, channels: C } = net.config;
    const P = net.outputChannels;
    const x = randomImages(1, net.config, 5);
    const base = run(net, x, 1);
    const positions: Array<[number, number]> = [
      [0, 0],
      [0, W - 1],
      [1, 0],
      [3, W - 1],
      [4, 0],
      [4, 3],
      [H - 1, 0],
      [H - 2, W - 1],
      [H - 1, W - 1],
    ];
    for (const [i, j] of positions) {
      const changed = x.slice();
      for (let c = 0; c < C; c++) changed[(i * W + j) * C + c] = -changed[(i * W + j) * C + c]! + 0.5;
      const out = run(net, changed, 1);
      const changedAt = (p: number) => maxAbsDiff(out.subarray(p * P, (p + 1) * P), base.subarray(p * P, (p + 1) * P));
      const at = i * W + j;
      for (let p = 0; p <= at; p++) {
        assert.equal(changedAt(p), 0, `pixel (${i}, ${j}) changed the output at (${Math.floor(p / W)}, ${p % W})`);
      }
      // ... while its right and lower neighbours do see it.
      if (j + 1 < W) assert.ok(changedAt(at + 1) > 0, `pixel (${i}, ${j}) did not reach (${i}, ${j + 1})`);
      if (i + 1 < H) assert.ok(changedAt(at + W) > 0, `pixel (${i}, ${j}) did not reach (${i + 1}, ${j})`);
    }
    net.dispose();
  });

  it('returns [N, H, W, 10M] for RGB and [N, H, W, 3M] for gray', () => {
    for (const channels of [1, 3] as const) {
      const net = randomNet({ ...small, channels, height: 4, width: 12 }, 3);
      const shape = tf.tidy(() => net.forward(tf.zeros([2, 4, 12, channels]) as tf.Tensor4D).shape);
      assert.deepEqual(shape, [2, 4, 12, channels === 3 ? 20 : 6]);
      net.dispose();
    }
  });

  it('leaks no tensors: forward + dispose of the output, then net.dispose()', () => {
    const start = tf.memory().numTensors;
    const net = randomNet(small, 2);
    const withWeights = tf.memory().numTensors;
    assert.ok(withWeights > start);
    const x = tf.tensor4d(randomImages(2, net.config, 1), [2, 8, 8, 3]);
    const y = net.forward(x);
    y.dispose();
    x.dispose();
    assert.equal(tf.memory().numTensors, withWeights);
    net.dispose();
    net.dispose();
    assert.equal(tf.memory().numTensors, start);
  });

  it('validates its input and refuses to run once disposed', () => {
    const net = randomNet(small, 2);
    const wrong = tf.zeros([1, 8, 8, 1]) as tf.Tensor4D;
    assert.throws(() => net.forward(wrong), (e: unknown) => e instanceof RangeError && /x: expected shape \[N, 8, 8, 3\]/.test(e.message));
    assert.throws(() => net.forward(wrong, new Int32Array([0])), RangeError);
    const ints = tf.zeros([1, 8, 8, 3], 'int32') as tf.Tensor4D;
    assert.throws(() => net.forward(ints), (e: unknown) => e instanceof TypeError && /float32/.test(e.message));
    const x = tf.zeros([1, 8, 8, 3]) as tf.Tensor4D;
    assert.throws(() => net.forward(x, new Int32Array([0])), (e: unknown) => e instanceof TypeError && /unconditional/.test(e.message));
    net.dispose();
    assert.throws(() => net.forward(x), (e: unknown) => e instanceof PixelCNNPPError && e.code === 'E_DISPOSED');
    tf.dispose([wrong, ints, x]);
  });
});

describe('PixelCNNNet with class conditioning', () => {
  before(async () => {
    await tf.setBackend('cpu');
  });

  const config: ModelConfig = { height: 8, width: 8, channels: 3, nrResnet: 1, nrFilters: 6, nrLogisticMix: 2, numClasses: 4 };

  it('has one [2F, numClasses] class weight per gated ResNet block', () => {
    const tensors = spreadTensors(resolveConfig(config), 1);
    const names = [...tensors.keys()].filter((n) => n.endsWith('.hw.weight'));
    // 3 up levels x 2 streams x 1 block + down levels of 1, 2, 2 blocks x 2 streams
    assert.equal(names.length, 6 + 10);
    assert.ok(names.includes('up_layers.0.u_stream.0.hw.weight'));
    assert.ok(names.includes('down_layers.2.ul_stream.1.hw.weight'));
    for (const name of names) assert.deepEqual(tensors.get(name)!.shape, [12, 4]);
  });

  it('output depends on the label, per image, and labels may be an Int32Array or an int32 tensor', () => {
    const net = randomNet(config, 21);
    const x = randomImages(1, net.config, 4);
    const pair = new Float32Array(x.length * 2);
    pair.set(x);
    pair.set(x, x.length);
    const both = run(net, pair, 2, new Int32Array([1, 3]));
    const half = both.length / 2;
    assert.ok(maxAbsDiff(both.subarray(0, half), both.subarray(half)) > 1e-3, 'labels 1 and 3 gave the same output');
    const one = run(net, x, 1, new Int32Array([3]));
    assert.ok(maxAbsDiff(one, both.subarray(half)) < 1e-6);
    const labels = tf.tensor1d([3], 'int32');
    assert.ok(maxAbsDiff(run(net, x, 1, labels), one) === 0);
    labels.dispose();
    net.dispose();
  });

  it('with all-zero class weights equals the unconditional network', () => {
    const resolved = resolveConfig(config);
    const tensors = spreadTensors(resolved, 8);
    for (const [name, t] of tensors) if (name.endsWith('.hw.weight')) t.data.fill(0);
    const conditional = new PixelCNNNet(foldWeights(tensors, resolved), resolved);
    const plainConfig = resolveConfig({ ...config, numClasses: 0 });
    const plainTensors = new Map([...tensors].filter(([name]) => !name.endsWith('.hw.weight')));
    const plain = new PixelCNNNet(foldWeights(plainTensors, plainConfig), plainConfig);
    const x = randomImages(1, resolved, 9);
    assert.equal(maxAbsDiff(run(conditional, x, 1, new Int32Array([2])), run(plain, x, 1)), 0);
    conditional.dispose();
    plain.dispose();
  });

  it('checks the labels', () => {
    const net = randomNet(config, 2);
    const x = tf.zeros([2, 8, 8, 3]) as tf.Tensor4D;
    assert.throws(() => net.forward(x), (e: unknown) => e instanceof TypeError && /class-conditional/.test(e.message));
    assert.throws(() => net.forward(x, new Int32Array([0])), (e: unknown) => e instanceof RangeError && /expected 2 labels/.test(e.message));
    assert.throws(() => net.forward(x, new Int32Array([0, 4])), (e: unknown) => e instanceof RangeError && /labels\[1\]/.test(e.message));
    const floats = tf.tensor1d([0, 1]);
    assert.throws(() => net.forward(x, floats), (e: unknown) => e instanceof TypeError && /int32/.test(e.message));
    tf.dispose([x, floats]);
    net.dispose();
  });
});
