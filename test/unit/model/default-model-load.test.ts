// PixelCNNPP.load() without a source: the bundled model, in Node (found next to the code) and
// in the browser (env.defaultModel, set by the browser test setup), draws digits of a class.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { PixelCNNPP } from '../../../src/index.js';

describe('PixelCNNPP.load() without a source', () => {
  it('loads the bundled class-conditional MNIST model and samples with it', async () => {
    // The options form, `load(options)`, as a user writes it; `load(undefined, options)` is the same.
    const model = await PixelCNNPP.load({ backend: 'wasm' });
    const loaded = tf.memory().numTensors;
    assert.deepEqual([model.config.height, model.config.width, model.config.channels, model.config.numClasses], [28, 28, 1, 10]);
    const { data, shape } = await model.sample({ seed: 5, labels: 0 });
    assert.deepEqual(shape, [1, 28, 28, 1]);
    assert.ok(data.some((v) => v > 128) && data.some((v) => v < 32), 'ink on a dark background');
    assert.equal(tf.memory().numTensors, loaded, 'sampling leaves no tensors behind');
    model.dispose();
  });
});
