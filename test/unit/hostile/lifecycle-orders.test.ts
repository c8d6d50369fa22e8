// Lifecycle orders: fixed-seed random interleavings of sample, logProb, forward, save, fit and
// dispose on one model, started without waiting for each other. Every call resolves, or rejects
// with E_DISPOSED (it ran into the dispose) or E_BUSY (a second fit); results are well-formed;
// once everything settles, every tensor is freed.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { PixelCNNPP, PixelCNNPPError } from '../../../src/index.js';
import { mulberry32 } from '../../../src/util/mulberry32.js';
import { yieldToEventLoop } from '../../../src/util/yield.js';
import { tally } from './typed.js';

const CONFIG = { height: 8, width: 8, channels: 1 as const, nrResnet: 1, nrFilters: 4, nrLogisticMix: 1 };
const SEQUENCES = 24;
const images = { data: Uint8Array.from({ length: 4 * 64 }, (_, i) => (i * 37) % 256), shape: [4, 8, 8, 1] };

type Op = (model: PixelCNNPP) => Promise<unknown>;
const OPS: Record<string, Op> = {
  sample: async (m) => assert.equal((await m.sample({ seed: 1, count: 2 })).data.length, 128),
  logProb: async (m) => (await m.logProb(images, { batchSize: 1 })).nats.forEach((v) => assert.ok(Number.isFinite(v))),
  forward: async (m) => assert.equal((await m.forward(images)).length, 4 * 64 * 3),
  save: async (m) => assert.ok(m.save().length > 0),
  fit: async (m) => m.fit(images, { epochs: 1, batchSize: 2 }),
  dispose: async (m) => m.dispose(),
};

describe('lifecycle orders', () => {
  it(`${SEQUENCES} random interleavings of every call, dispose included`, async () => {
    const random = mulberry32(7);
    const pick = (n: number) => Math.floor(random() * n);
    (await PixelCNNPP.create(CONFIG, { backend: 'cpu' })).dispose();
    const baseline = tf.memory().numTensors;
    const outcomes: string[] = [];
    const names = Object.keys(OPS);
    for (let s = 0; s < SEQUENCES; s++) {
      const model = await PixelCNNPP.create(CONFIG, { backend: 'cpu', seed: s });
      const sequence = Array.from({ length: 3 + pick(4) }, () => names[pick(names.length)]!);
      const running: Array<Promise<void>> = [];
      for (const name of sequence) {
        // Start each call after a random number of event-loop turns, so they overlap anywhere.
        for (let turns = pick(4); turns > 0; turns--) await yieldToEventLoop();
        running.push(
          OPS[name]!(model).then(
            () => void outcomes.push(`${name}: ok`),
            (error: unknown) => {
              const code = error instanceof PixelCNNPPError ? error.code : String(error);
              assert.ok(code === 'E_DISPOSED' || (code === 'E_BUSY' && name === 'fit'), `sequence ${s} (${sequence.join(', ')}): ${name} failed with ${code}`);
              outcomes.push(`${name}: ${code}`);
            },
          ),
        );
      }
      await Promise.all(running);
      model.dispose();
      assert.equal(tf.memory().numTensors, baseline, `sequence ${s} (${sequence.join(', ')}) freed everything`);
    }
    console.log(`# lifecycle orders: ${outcomes.length} calls in ${SEQUENCES} sequences: ${tally(outcomes)}`);
  });
});
