// Long work yields to the event loop: an abort fired by a timer stops sampling within a row of
// the first turn (sampling gives one at least every 4 ms, see `TurnPacer`), logProb within a
// chunk and fit within a step, and a timer keeps ticking meanwhile. Before, on cpu and wasm,
// tfjs's microtask promises kept the loop busy until the work ended.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { PixelCNNPP } from '../../../src/index.js';
import { randomTensors } from '../../../src/weights/random.js';

const CONFIG = { height: 8, width: 8, channels: 1 as const, nrResnet: 1, nrFilters: 8, nrLogisticMix: 2 };

/** Aborts `controller` from a timer (a macrotask, as a button or a network event would be). */
function abortFromTimer(controller: AbortController, onAbort: () => void = () => {}): void {
  setTimeout(() => {
    onAbort();
    controller.abort(new Error('stopped by a timer'));
  }, 0);
}

const stoppedByTimer = (e: unknown) => e instanceof Error && e.message === 'stopped by a timer';

describe('responsive long work', () => {
  let model: PixelCNNPP;
  before(async () => {
    model = await PixelCNNPP.load({ config: CONFIG, tensors: randomTensors(CONFIG, 2) }, { backend: 'cpu' });
  });
  after(() => model?.dispose());

  it('sample: an abort from a timer stops it within a row of the first turn, every tensor freed', async () => {
    const tensors = tf.memory().numTensors;
    const controller = new AbortController();
    let rowsDone = 0;
    let rowsAtAbort = -1;
    abortFromTimer(controller, () => (rowsAtAbort = rowsDone));
    // 16 images: rows long enough that the whole call takes many turn intervals.
    await assert.rejects(
      model.sample({ seed: 1, count: 16, signal: controller.signal, onProgress: (done) => (rowsDone = done / (16 * CONFIG.width)) }),
      stoppedByTimer,
    );
    assert.ok(rowsAtAbort >= 0 && rowsAtAbort < CONFIG.height, `the timer ran during sampling (after row ${rowsAtAbort})`);
    assert.ok(rowsDone <= rowsAtAbort + 1, `stopped within a row: ${rowsDone} rows done, abort after ${rowsAtAbort}`);
    assert.equal(tf.memory().numTensors, tensors);
  });

  it('complete: the same', async () => {
    const controller = new AbortController();
    abortFromTimer(controller);
    const image = { data: new Uint8Array(64), shape: [1, 8, 8, 1] };
    await assert.rejects(model.complete(image, { knownRows: 2, signal: controller.signal }), stoppedByTimer);
  });

  it('logProb: an abort from a timer stops it between chunks; a timer ticks during the work', async () => {
    const images = { data: new Uint8Array(32 * 64).fill(7), shape: [32, 8, 8, 1] };
    const tensors = tf.memory().numTensors;
    const controller = new AbortController();
    abortFromTimer(controller);
    await assert.rejects(model.logProb(images, { batchSize: 1, signal: controller.signal }), stoppedByTimer);
    await assert.rejects(model.logProbMap(images, { batchSize: 1, signal: AbortSignal.abort(new Error('stopped by a timer')) }), stoppedByTimer);
    assert.equal(tf.memory().numTensors, tensors);

    let ticks = 0;
    const interval = setInterval(() => ticks++, 0);
    try {
      await model.logProb(images, { batchSize: 1 });
    } finally {
      clearInterval(interval);
    }
    assert.ok(ticks >= 8, `the interval ticked ${ticks} times over 32 chunks`);
  });

  it('fit: an abort from a timer stops it within one step', async () => {
    const trainee = await PixelCNNPP.create({ ...CONFIG, numClasses: 0 }, { backend: 'cpu' });
    const images = { data: new Uint8Array(16 * 64).map((_, i) => (i * 37) % 256), shape: [16, 8, 8, 1] };
    const controller = new AbortController();
    let steps = 0;
    let stepsAtAbort = -1;
    abortFromTimer(controller, () => (stepsAtAbort = steps));
    await assert.rejects(
      trainee.fit(images, { epochs: 4, batchSize: 2, signal: controller.signal, onProgress: () => steps++ }),
      stoppedByTimer,
    );
    assert.ok(stepsAtAbort >= 0 && stepsAtAbort < 32, `the timer ran during training (after step ${stepsAtAbort})`);
    assert.ok(steps <= stepsAtAbort + 1, `stopped within a step: ${steps} steps, abort after ${stepsAtAbort}`);
    trainee.dispose();
  });
});
