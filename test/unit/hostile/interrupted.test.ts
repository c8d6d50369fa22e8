// Interrupted runs: sampling, logProb and training aborted at fixed-seed random points, from a
// callback or from a timer. Each stops with the signal's reason, frees every tensor, and leaves
// the model as it was: the same seed then draws the same images, and a stopped fit keeps the
// parameters of its last finished epoch.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { PixelCNNPP, randomTensors } from '../../../src/index.js';
import { mulberry32 } from '../../../src/util/mulberry32.js';
import { setTurnInterval, yieldToEventLoop } from '../../../src/util/yield.js';

const CONFIG = { height: 8, width: 8, channels: 1 as const, nrResnet: 1, nrFilters: 4, nrLogisticMix: 2 };
const STOP = new Error('interrupted');
const isStop = (e: unknown) => e === STOP;

/** Aborts after `turns` turns of the event loop, as a timer or an event would. */
function abortAfterTurns(controller: AbortController, turns: number): void {
  const next = (left: number) => (left === 0 ? controller.abort(STOP) : void yieldToEventLoop().then(() => next(left - 1)));
  next(turns);
}

describe('interrupted runs', () => {
  let model: PixelCNNPP;
  let baseline: number;
  let runs = 0;
  const random = mulberry32(11);
  const pick = (n: number) => Math.floor(random() * n);
  // A turn after every row, so that an abort after a given number of turns lands at that row.
  let defaultInterval: number;
  before(async () => {
    defaultInterval = setTurnInterval(0);
    model = await PixelCNNPP.load({ config: CONFIG, tensors: randomTensors(CONFIG, 6) }, { backend: 'cpu' });
    baseline = tf.memory().numTensors;
  });
  after(() => {
    setTurnInterval(defaultInterval);
    model?.dispose();
    console.log(`# interrupted runs: ${runs} aborted calls, each stopped cleanly`);
  });

  it('sample and complete, aborted from onProgress or a timer', async () => {
    const reference = await model.sample({ seed: 3, count: 2 });
    for (let trial = 0; trial < 12; trial++) {
      const controller = new AbortController();
      const fromTimer = trial % 2 === 1;
      const row = pick(CONFIG.height);
      if (fromTimer) abortAfterTurns(controller, pick(CONFIG.height - 1)); // 8 rows: a yield after each
      const onProgress = (done: number) => !fromTimer && done >= (row + 1) * 2 * CONFIG.width && controller.abort(STOP);
      const call = trial % 3 === 2
        ? model.complete({ data: new Uint8Array(128), shape: [2, 8, 8, 1] }, { knownRows: 1, seed: 3, signal: controller.signal, onProgress })
        : model.sample({ seed: 3, count: 2, signal: controller.signal, onProgress });
      await assert.rejects(call, isStop, `trial ${trial}`);
      runs++;
      assert.equal(tf.memory().numTensors, baseline, `trial ${trial}: tensors freed`);
    }
    assert.deepEqual((await model.sample({ seed: 3, count: 2 })).data, reference.data, 'the model is unchanged');
  });

  it('logProb and logProbMap, aborted from a timer between chunks', async () => {
    const images = { data: Uint8Array.from({ length: 12 * 64 }, (_, i) => (i * 11) % 256), shape: [12, 8, 8, 1] };
    const reference = await model.logProb(images, { batchSize: 2 });
    for (let trial = 0; trial < 8; trial++) {
      const controller = new AbortController();
      abortAfterTurns(controller, pick(5));
      const call = trial % 2 ? model.logProbMap(images, { batchSize: 2, signal: controller.signal }) : model.logProb(images, { batchSize: 2, signal: controller.signal });
      await assert.rejects(call, isStop, `trial ${trial}`);
      runs++;
      assert.equal(tf.memory().numTensors, baseline);
    }
    assert.deepEqual(await model.logProb(images, { batchSize: 2 }), reference);
  });

  it('fit, aborted at random steps: the last finished epoch is kept, and training continues from it', async () => {
    const images = { data: Uint8Array.from({ length: 8 * 64 }, (_, i) => (i * 29) % 256), shape: [8, 8, 8, 1] };
    for (let trial = 0; trial < 4; trial++) {
      const trainee = await PixelCNNPP.create(CONFIG, { backend: 'cpu', seed: trial });
      const after = tf.memory().numTensors;
      let lastEpoch = trainee.save();
      const controller = new AbortController();
      const stopAt = 1 + pick(10); // of 12 steps: 3 epochs of 4
      let steps = 0;
      if (trial % 2) abortAfterTurns(controller, stopAt);
      await assert.rejects(
        trainee.fit(images, {
          epochs: 3,
          batchSize: 2,
          signal: controller.signal,
          onProgress: () => trial % 2 === 0 && ++steps === stopAt && controller.abort(STOP),
          onEpochEnd: () => void (lastEpoch = trainee.save()),
        }),
        isStop,
        `trial ${trial}`,
      );
      runs++;
      assert.deepEqual(trainee.save(), lastEpoch, `trial ${trial}: the model holds the last finished epoch`);
      assert.equal(tf.memory().numTensors, after, `trial ${trial}: the trainer is freed`);
      await trainee.fit(images, { epochs: 1, batchSize: 4 });
      trainee.dispose();
    }
  });
});
