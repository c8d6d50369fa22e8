// Calls in every order: dispose during fit or sample, sample during fit, a second fit, a failed
// warm-up. Each ends with a defined result or a typed error, and frees every tensor.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { PixelCNNPP, PixelCNNPPError, randomTensors, serializeSafetensors } from '../../../src/index.js';
import { configToMetadata } from '../../../src/config.js';

const CONFIG = { height: 8, width: 8, channels: 1 as const, nrResnet: 1, nrFilters: 4, nrLogisticMix: 1 };
const images = { data: Uint8Array.from({ length: 8 * 64 }, (_, i) => (i * 53) % 256), shape: [8, 8, 8, 1] };
const isCode = (code: string) => (e: unknown) => e instanceof PixelCNNPPError && e.code === code;

describe('model lifecycle', () => {
  let baseline: number;
  before(async () => {
    (await PixelCNNPP.create(CONFIG, { backend: 'cpu' })).dispose();
    baseline = tf.memory().numTensors;
  });

  it('dispose() during the last step of fit: E_DISPOSED, and no network is left behind', async () => {
    const model = await PixelCNNPP.create(CONFIG, { backend: 'cpu' });
    await assert.rejects(
      model.fit(images, { epochs: 1, batchSize: 4, onProgress: (p) => p.step === p.stepsPerEpoch && model.dispose() }),
      isCode('E_DISPOSED'),
    );
    assert.equal(tf.memory().numTensors, baseline);
  });

  it('dispose() during an earlier step, and during the epoch-end callback', async () => {
    const early = await PixelCNNPP.create(CONFIG, { backend: 'cpu' });
    await assert.rejects(early.fit(images, { epochs: 2, batchSize: 2, onProgress: () => early.dispose() }), isCode('E_DISPOSED'));
    const late = await PixelCNNPP.create(CONFIG, { backend: 'cpu' });
    await assert.rejects(late.fit(images, { epochs: 2, batchSize: 4, onEpochEnd: () => late.dispose() }), isCode('E_DISPOSED'));
    assert.equal(tf.memory().numTensors, baseline);
  });

  it('sample() during fit() uses the parameters of the epoch finished when it began, to the end', async () => {
    const model = await PixelCNNPP.create(CONFIG, { backend: 'cpu' });
    await model.fit(images, { epochs: 1, batchSize: 4 });
    let sampling: Promise<{ data: Uint8Array }> | undefined;
    let parametersThen: Uint8Array | undefined;
    await model.fit(images, {
      epochs: 4,
      batchSize: 4,
      onProgress: (p) => {
        if (sampling !== undefined) return;
        parametersThen = model.save();
        // Long enough (24 rows) to span the swaps of the following epochs.
        sampling = model.sample({ seed: 5, count: 3, batchSize: 1 });
      },
    });
    const drawn = await sampling!;
    const then = await PixelCNNPP.load(parametersThen!, { backend: 'cpu' });
    assert.deepEqual(drawn.data, (await then.sample({ seed: 5, count: 3, batchSize: 1 })).data);
    then.dispose();
    model.dispose();
    assert.equal(tf.memory().numTensors, baseline);
  });

  it('dispose() during sample(): E_DISPOSED, and the network is freed once the sample stops', async () => {
    const model = await PixelCNNPP.create(CONFIG, { backend: 'cpu' });
    await assert.rejects(model.sample({ count: 2, onProgress: () => model.dispose() }), isCode('E_DISPOSED'));
    assert.equal(tf.memory().numTensors, baseline);
  });

  it('a second fit while one runs is refused with E_BUSY; the first completes', async () => {
    const model = await PixelCNNPP.create(CONFIG, { backend: 'cpu' });
    const first = model.fit(images, { epochs: 1, batchSize: 4 });
    await assert.rejects(model.fit(images, { epochs: 1 }), isCode('E_BUSY'));
    await first;
    model.dispose();
    assert.equal(tf.memory().numTensors, baseline);
  });

  it('a warm-up that fails frees every tensor of the model', async () => {
    // Weights so large the network output overflows: the warm-up's logProb fails.
    const tensors = randomTensors(CONFIG, 1);
    for (const [name, t] of tensors) if (name.endsWith('weight_g')) t.data.fill(1e30);
    const bytes = serializeSafetensors(tensors, configToMetadata(CONFIG));
    for (let attempt = 0; attempt < 2; attempt++) {
      await assert.rejects(PixelCNNPP.load(bytes, { backend: 'cpu', warmup: true }), PixelCNNPPError);
    }
    assert.equal(tf.memory().numTensors, baseline);
  });

  it('batchSize larger than the batch is clamped to it', async () => {
    const model = await PixelCNNPP.load({ config: CONFIG, tensors: randomTensors(CONFIG, 2) }, { backend: 'cpu' });
    const one = { data: images.data.subarray(0, 64), shape: [1, 8, 8, 1] };
    const expected = await model.logProb(one, { batchSize: 1 });
    assert.deepEqual(await model.logProb(one, { batchSize: 1e8 }), expected);
    assert.deepEqual((await model.logProbMap(one, { batchSize: 2 ** 40 })).nats, expected.nats);
    const drawn = await model.sample({ seed: 3, batchSize: 1e9 });
    assert.deepEqual(drawn.data, (await model.sample({ seed: 3 })).data);
    model.dispose();
    assert.equal(tf.memory().numTensors, baseline);
  });
});
