// The model's boundary: input validation with typed errors, save/load round trip, dispose,
// class conditioning and random-weight construction.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { PixelCNNPP, PixelCNNPPError, randomTensors } from '../../../src/index.js';
import { loadFixture } from '../../helpers/fixtures.js';

const SMALL = { height: 8, width: 8, channels: 3 as const, nrResnet: 1, nrFilters: 8, nrLogisticMix: 2 };

describe('PixelCNNPP input validation', () => {
  let model: PixelCNNPP;
  const shape = [1, 8, 8, 3] as const;
  const good = () => ({ data: new Uint8Array(8 * 8 * 3).fill(128), shape });

  before(async () => {
    model = await PixelCNNPP.load({ config: SMALL, tensors: randomTensors(SMALL, 3) }, { backend: 'cpu' });
  });
  after(() => model?.dispose());

  it('accepts a good batch and a single image without the batch axis', async () => {
    const a = await model.logProb(good());
    const b = await model.logProb({ data: good().data, shape: [8, 8, 3] });
    assert.equal(a.nats.length, 1);
    assert.ok(Number.isFinite(a.nats[0]!) && a.nats[0]! < 0);
    assert.equal(a.nats[0], b.nats[0]);
  });

  it('rejects a wrong image size, naming expected and got', async () => {
    await assert.rejects(model.logProb({ data: new Uint8Array(16 * 16 * 3), shape: [1, 16, 16, 3] }), (e: Error) => {
      assert.ok(e instanceof RangeError);
      assert.match(e.message, /expected shape \[N, 8, 8, 3\].*got \[1, 16, 16, 3\]/);
      return true;
    });
  });

  it('rejects a wrong channel count', async () => {
    await assert.rejects(model.logProb({ data: new Uint8Array(64), shape: [1, 8, 8, 1] }), RangeError);
  });

  it('rejects data that does not fill the shape', async () => {
    await assert.rejects(model.logProb({ data: new Uint8Array(10), shape: [1, 8, 8, 3] }), /needs 192 values, data has 10/);
  });

  it('rejects non-integer and out-of-range values, naming the index', async () => {
    const values = Array.from({ length: 192 }, () => 3);
    values[17] = 2.5;
    await assert.rejects(model.logProb({ data: values, shape }), /value 2.5 at flat index 17 is not an integer in \[0, 255\]/);
    values[17] = 256;
    await assert.rejects(model.logProb({ data: values, shape }), /value 256 at flat index 17/);
    const t = tf.fill([1, 8, 8, 3], -1, 'int32');
    await assert.rejects(model.logProb(t), /value -1 at flat index 0/);
    t.dispose();
  });

  it('rejects an empty batch', async () => {
    await assert.rejects(model.logProb({ data: new Uint8Array(0), shape: [0, 8, 8, 3] }), /empty/);
    await assert.rejects(model.logProb([]), /empty/);
  });

  it('rejects labels for an unconditional model', async () => {
    await assert.rejects(model.logProb(good(), { labels: [1] }), TypeError);
  });

  it('takes a tfjs tensor and ImageData-like input', async () => {
    const ref = await model.logProb(good());
    const t = tf.fill([1, 8, 8, 3], 128, 'int32');
    const fromTensor = await model.logProb(t);
    t.dispose();
    const rgba = new Uint8ClampedArray(8 * 8 * 4).fill(128);
    const fromImageData = await model.logProb({ data: rgba, width: 8, height: 8 });
    assert.equal(fromTensor.nats[0], ref.nats[0]);
    assert.equal(fromImageData.nats[0], ref.nats[0]);
  });

  it('rejects a bad batchSize', async () => {
    await assert.rejects(model.logProb(good(), { batchSize: 0 }), RangeError);
  });
});

describe('PixelCNNPP save, load and dispose', () => {
  it('saves a checkpoint that loads back to identical bytes and results', async () => {
    const fixture = await loadFixture('tiny-gray');
    const model = await PixelCNNPP.load(fixture.weights, { backend: 'cpu' });
    const bytes = model.save();
    const again = await PixelCNNPP.load(bytes, { backend: 'cpu' });
    assert.deepEqual(again.config, model.config);
    assert.deepEqual(again.save(), bytes);
    const { height, width, channels, n_images } = fixture.config;
    const images = { data: fixture.images, shape: [n_images, height, width, channels] as const };
    assert.deepEqual((await again.logProb(images)).nats, (await model.logProb(images)).nats);
    model.dispose();
    again.dispose();
  });

  it('throws E_DISPOSED after dispose, and dispose is idempotent', async () => {
    const model = await PixelCNNPP.load({ config: SMALL, tensors: randomTensors(SMALL) }, { backend: 'cpu' });
    const before = tf.memory().numTensors;
    model.dispose();
    model.dispose();
    assert.ok(tf.memory().numTensors < before);
    await assert.rejects(model.logProb({ data: new Uint8Array(192), shape: [1, 8, 8, 3] }), (e: Error) => {
      assert.ok(e instanceof PixelCNNPPError);
      assert.equal(e.code, 'E_DISPOSED');
      return true;
    });
  });

  it('rejects weights that do not match the config, naming the tensor', async () => {
    const tensors = randomTensors(SMALL);
    tensors.delete('nin_out.lin_a.bias');
    await assert.rejects(PixelCNNPP.load({ config: SMALL, tensors }, { backend: 'cpu' }), (e: Error) => {
      assert.ok(e instanceof PixelCNNPPError);
      assert.equal(e.code, 'E_WEIGHTS');
      assert.match(e.message, /missing tensor 'nin_out.lin_a.bias'/);
      return true;
    });
  });

  it('rejects a null source and an unknown backend', async () => {
    await assert.rejects(PixelCNNPP.load(null as never), TypeError);
    await assert.rejects(
      PixelCNNPP.load({ config: SMALL, tensors: randomTensors(SMALL) }, { backend: 'tpu' as never }),
      /Unsupported backend: "tpu"/,
    );
  });
});

describe('PixelCNNPP class-conditional', () => {
  const CONDITIONAL = { ...SMALL, numClasses: 4 };
  let model: PixelCNNPP;
  before(async () => {
    model = await PixelCNNPP.load({ config: CONDITIONAL, tensors: randomTensors(CONDITIONAL, 5) }, { backend: 'cpu' });
  });
  after(() => model?.dispose());

  it('checks the labels given: one for all or one per image, each a valid class', async () => {
    const images = { data: new Uint8Array(2 * 192).fill(40), shape: [2, 8, 8, 3] as const };
    await assert.rejects(model.logProb(images, { labels: [1] }), /expected one label for all images or 2 \(one per image\), got 1/);
    await assert.rejects(model.forward(images), /class-conditional/);
    await assert.rejects(model.logProb(images, { labels: [1, 4] }), /labels\[1\]: expected an integer in \[0, 3\]/);
  });

  it('scores the same images differently under different labels', async () => {
    const images = { data: new Uint8Array(2 * 192).fill(40), shape: [2, 8, 8, 3] as const };
    const { nats } = await model.logProb(images, { labels: [0, 3] });
    assert.notEqual(nats[0], nats[1]);
    const again = await model.logProb(images, { labels: [3, 3] });
    assert.equal(again.nats[0], nats[1]);
  });
});
