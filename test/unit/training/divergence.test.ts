// A step whose update leaves non-finite parameters (or optimizer moments) stops fit with
// E_TRAINING, even when it is the last step of an epoch: nothing non-finite is adopted,
// checkpointed or saved, and the model keeps the parameters of the last finished epoch.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { PixelCNNPP, PixelCNNPPError, parseSafetensors, serializeSafetensors } from '../../../src/index.js';
import { CONFIG, bars } from './helpers.js';

const allFinite = (bytes: Uint8Array) => [...parseSafetensors(bytes).tensors.values()].every((t) => t.data.every(Number.isFinite));

describe('fit never keeps non-finite parameters', () => {
  it('corrupted (absurd, finite) Adam moments on resume: E_TRAINING at the epoch’s only step; nothing adopted or checkpointed', async () => {
    const { data, shape, labels } = bars(4, 3);
    const images = { data, shape };
    const first = await PixelCNNPP.create(CONFIG, { backend: 'cpu' });
    // One step per epoch: the step that diverges is the epoch's last.
    await first.fit(images, { labels, epochs: 1, batchSize: 4, dropout: 0 });
    const checkpoint = parseSafetensors(first.save({ training: true }));
    first.dispose();
    // Finite but absurd moments (non-finite ones are refused at load): the next update overflows.
    for (const [name, tensor] of checkpoint.tensors) {
      if (name.startsWith('training.m.')) tensor.data.fill(3e38);
      if (name.startsWith('training.v.')) tensor.data.fill(0);
    }
    const corrupt = serializeSafetensors(checkpoint.tensors, checkpoint.metadata);

    const model = await PixelCNNPP.load(corrupt, { backend: 'cpu' });
    const before = model.save();
    const tensors = tf.memory().numTensors;
    let checkpoints = 0;
    await assert.rejects(
      model.fit(images, { labels, epochs: 2, batchSize: 4, dropout: 0, onEpochEnd: () => void checkpoints++ }),
      (e: unknown) => e instanceof PixelCNNPPError && e.code === 'E_TRAINING' && /non-finite.*epoch 2, step 1/.test(e.message),
    );
    assert.equal(checkpoints, 0, 'no checkpoint of the diverged epoch');
    assert.deepEqual(model.save(), before, 'the model keeps the last finished epoch');
    assert.ok(allFinite(model.save()));
    assert.equal(tf.memory().numTensors, tensors, 'the trainer is freed');
    model.dispose();
  });

  it('a learning rate that blows the parameters up in one step', async () => {
    const { data, shape, labels } = bars(4, 5);
    const model = await PixelCNNPP.create(CONFIG, { backend: 'cpu' });
    await assert.rejects(
      model.fit({ data, shape }, { labels, epochs: 1, batchSize: 4, learningRate: 1e38 }),
      (e: unknown) => e instanceof PixelCNNPPError && e.code === 'E_TRAINING',
    );
    assert.ok(allFinite(model.save()));
    model.dispose();
  });
});
