// @node-only: data-parallel training runs its workers on Node's worker_threads.
// fit({ workers }) splits each batch among threads: its steps must agree with one thread's
// (up to float summation order), free every tensor, and stop its workers on abort and errors.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { PixelCNNPP, PixelCNNPPError, parseSafetensors } from '../../../src/index.js';
import { resolveConfig } from '../../../src/config.js';
import { GradientWorkers, shareSizes } from '../../../src/training/data-parallel.js';
import { maxAbsDiff } from '../../helpers/compare.js';
import { CONFIG, bars } from './helpers.js';

const train = bars(24, 11);

/** Per-step losses and the final raw parameters of one epoch with `workers` threads. */
async function oneEpoch(backend: 'wasm' | 'cpu', workers: number) {
  const model = await PixelCNNPP.create(CONFIG, { backend, seed: 12 });
  const losses: number[] = [];
  await model.fit(train, {
    labels: train.labels, epochs: 1, batchSize: 8, dropout: 0, learningRate: 2e-3, workers,
    onProgress: (p) => losses.push(p.bitsPerDim),
  });
  const params = parseSafetensors(model.save({ training: true })).tensors;
  model.dispose();
  return { losses, params };
}

describe('fit({ workers })', () => {
  it('cuts a batch into near-equal shares', () => {
    assert.deepEqual(shareSizes(16, 2), [8, 8]);
    assert.deepEqual(shareSizes(8, 3), [3, 3, 2]);
    assert.deepEqual(shareSizes(2, 4), [1, 1]);
  });

  for (const backend of ['wasm', 'cpu'] as const) {
    it(`takes the same steps with 2 and 3 threads as with one (${backend}), leaving no tensors`, async () => {
      const single = await oneEpoch(backend, 1);
      const before = tf.memory().numTensors;
      for (const workers of [2, 3]) {
        const parallel = await oneEpoch(backend, workers);
        assert.equal(parallel.losses.length, 3);
        // The initialisation and the first loss see the same parameters and the whole batch.
        assert.ok(Math.abs(parallel.losses[0]! - single.losses[0]!) < 1e-5, `first loss ${parallel.losses[0]} vs ${single.losses[0]}`);
        assert.ok(maxAbsDiff(parallel.losses, single.losses) < 1e-2, `losses ${parallel.losses} vs ${single.losses}`);
        // Adam turns rounding differences in tiny gradients into at most ~lr per step (see fit.test.ts).
        for (const [name, t] of single.params) {
          if (name.startsWith('training.param.')) assert.ok(maxAbsDiff(t.data, parallel.params.get(name)!.data) < 3 * 2 * 2e-3, `${workers} threads: ${name}`);
        }
      }
      assert.equal(tf.memory().numTensors, before);
    });
  }

  it('stops its workers on abort and trains again afterwards', async () => {
    const model = await PixelCNNPP.create(CONFIG, { backend: 'wasm', seed: 13 });
    const loaded = tf.memory().numTensors;
    const controller = new AbortController();
    const reason = new Error('enough');
    let steps = 0;
    await assert.rejects(
      model.fit(train, {
        labels: train.labels, epochs: 3, batchSize: 8, workers: 2, signal: controller.signal,
        onProgress: () => {
          if (++steps === 2) controller.abort(reason);
        },
      }),
      (e) => e === reason,
    );
    assert.equal(steps, 2);
    assert.equal(tf.memory().numTensors, loaded);
    const { history } = await model.fit(train, { labels: train.labels, epochs: 1, batchSize: 8, workers: 2 });
    assert.equal(history.length, 1);
    assert.ok(Number.isFinite(history[0]!.trainBitsPerDim));
    model.dispose();
  });

  it('turns a worker\'s failure into a typed error', async () => {
    const workers = await GradientWorkers.start(1, { config: resolveConfig(CONFIG), backend: 'cpu' });
    const share = { images: train.data.slice(0, 64), shape: [1, 8, 8, 1] as [number, number, number, number], dropout: 0, scale: 1 };
    // Parameters missing every tensor: the worker cannot build its replica.
    await assert.rejects(
      workers.compute(new Map(), [share]),
      (e: Error) => e instanceof PixelCNNPPError && e.code === 'E_TRAINING' && /a training worker failed/.test(e.message),
    );
    await workers.terminate();
    await assert.rejects(workers.compute(new Map(), [share]), /stopped/);
  });
});
