// @node-only: a few hundred loads; the browser suite runs the other hostile tests.
// Fuzzed weights: a fixed-seed loop flips bytes of a real checkpoint (in the header, in the
// tensor data, in the length field) and truncates it. Every file either loads and then gives
// finite log-likelihoods (or a typed E_INPUT for weights that make the network's output
// non-finite), or is refused with a typed error. Never a crash, a silent NaN, or a leak.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { PixelCNNPP } from '../../../src/index.js';
import { mulberry32 } from '../../../src/util/mulberry32.js';
import { loadFixture } from '../../helpers/fixtures.js';
import { settleTyped, tally } from './typed.js';

const ITERATIONS = 300;

describe('fuzzed weights', () => {
  it(`${ITERATIONS} byte-flipped files: each loads and scores finitely, or is refused with a typed error`, async () => {
    const { weights, images } = await loadFixture('tiny-gray');
    const headerEnd = 8 + new DataView(weights.buffer, weights.byteOffset).getUint32(0, true);
    const random = mulberry32(2017);
    const pick = (n: number) => Math.floor(random() * n);
    (await PixelCNNPP.load(weights, { backend: 'cpu' })).dispose();
    const baseline = tf.memory().numTensors;
    const outcomes: string[] = [];
    let sampled = 0;
    for (let i = 0; i < ITERATIONS; i++) {
      const bytes = weights.slice();
      const mode = i % 4;
      let file = bytes;
      if (mode === 0) for (let k = 0; k <= pick(3); k++) bytes[8 + pick(headerEnd - 8)] = pick(256); // the JSON header
      else if (mode === 1) for (let k = 0; k <= pick(8); k++) bytes[headerEnd + pick(bytes.length - headerEnd)] = pick(256); // tensor data
      else if (mode === 2) bytes[pick(8)] ^= 1 << pick(8); // the header length
      else file = bytes.subarray(0, pick(bytes.length)); // truncated
      const context = `iteration ${i} (mode ${mode})`;

      const loaded = await settleTyped(() => PixelCNNPP.load(file, { backend: 'cpu' }), context);
      if (!loaded.ok) {
        outcomes.push(`load: ${loaded.label}`);
        continue;
      }
      const model = loaded.value;
      try {
        const { height, width, channels, numClasses } = model.config;
        const size = height * width * channels;
        const probe = { data: Uint8Array.from({ length: 2 * size }, (_, k) => images[k % images.length]!), shape: [2, height, width, channels] };
        const scored = await settleTyped(() => model.logProb(probe, numClasses > 0 ? { labels: [0, 1] } : {}), `${context} logProb`);
        if (scored.ok) {
          for (const v of scored.value.nats) assert.ok(Number.isFinite(v), `${context}: log-likelihood ${v}`);
          outcomes.push('loaded, finite log-likelihoods');
          if (mode === 1 && sampled < 4) {
            sampled++;
            const drawn = await settleTyped(() => model.sample({ seed: i, ...(numClasses > 0 ? { labels: 0 } : {}) }), `${context} sample`);
            if (drawn.ok) assert.equal(drawn.value.data.length, size);
          }
        } else outcomes.push(`logProb: ${scored.label}`);
      } finally {
        model.dispose();
      }
    }
    assert.equal(tf.memory().numTensors, baseline, 'no tensor leaked');
    console.log(`# fuzzed weights: ${ITERATIONS} files: ${tally(outcomes)}`);
    assert.ok(outcomes.some((o) => o.startsWith('load: E_WEIGHTS')) && outcomes.some((o) => o.startsWith('loaded')), 'both outcomes occur');
  });
});
