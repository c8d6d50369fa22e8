// The wasm backend's Concat, Slice and SplitV are replaced by heap copies without per-row
// allocations (src/backends/wasm-copy-kernels.ts): every case must give exactly the cpu
// backend's values and shapes, fall back for other dtypes, and leak nothing.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { resolveBackend } from '../../../src/backends/registry.js';
import { randomArray } from '../../helpers/random.js';

type Case = { name: string; run: () => tf.Tensor | tf.Tensor[] };

const seeded = (shape: number[], seed: number, dtype: 'float32' | 'int32' = 'float32') => {
  const values = randomArray(shape.reduce((a, b) => a * b, 1), seed, -100, 100);
  return tf.tensor(dtype === 'int32' ? Int32Array.from(values, Math.round) : values, shape, dtype);
};

const CASES: Case[] = [
  { name: 'concat, channels (concat_elu)', run: () => { const x = seeded([2, 5, 6, 3], 1); return tf.concat([x, tf.neg(x)], 3); } },
  { name: 'concat, three inputs of different widths', run: () => tf.concat([seeded([2, 4, 3], 2), seeded([2, 4, 1], 3), seeded([2, 4, 5], 4)], 2) },
  { name: 'concat, middle axis', run: () => tf.concat([seeded([3, 2, 4, 2], 5), seeded([3, 5, 4, 2], 6)], 1) },
  { name: 'concat, first axis', run: () => tf.concat([seeded([2, 3], 7), seeded([1, 3], 8)], 0) },
  { name: 'concat, rank 5', run: () => tf.concat([seeded([2, 1, 2, 3, 2], 9), seeded([2, 1, 2, 3, 4], 10)], 4) },
  { name: 'concat, an empty input', run: () => tf.concat([seeded([2, 3], 11), tf.zeros([2, 0]), seeded([2, 2], 12)], 1) },
  { name: 'concat, int32 (the backend\'s own)', run: () => tf.concat([seeded([2, 3], 13, 'int32'), seeded([2, 2], 14, 'int32')], 1) },
  { name: 'slice, last axis', run: () => tf.slice(seeded([2, 4, 5, 6], 15), [0, 1, 2, 1], [2, 3, 3, 4]) },
  { name: 'slice, drop the last column (down shift)', run: () => tf.slice(seeded([2, 4, 5, 3], 16), [0, 0, 0, 0], [2, 4, 4, 3]) },
  { name: 'slice, contiguous rows', run: () => tf.slice(seeded([3, 4, 5], 17), [1, 0, 0], [2, 4, 5]) },
  { name: 'slice, rank 1 and rank 5', run: () => [tf.slice(seeded([9], 18), [2], [5]), tf.slice(seeded([2, 3, 2, 3, 4], 19), [1, 1, 0, 1, 1], [1, 2, 2, 2, 2])] },
  { name: 'slice, int32', run: () => tf.slice(seeded([3, 4], 20, 'int32'), [0, 1], [3, 2]) },
  { name: 'split, the gate (two halves of the channels)', run: () => tf.split(seeded([2, 3, 4, 8], 21), 2, 3) },
  { name: 'split, uneven sizes and -1', run: () => tf.split(seeded([2, 7, 3], 22), [2, -1, 1], 1) },
];

async function valuesOn(backend: 'wasm' | 'cpu'): Promise<Array<{ shape: number[]; values: number[] }[]>> {
  await (await resolveBackend(backend)).run(() => undefined);
  const results: Array<{ shape: number[]; values: number[] }[]> = [];
  for (const c of CASES) {
    const before = tf.memory().numTensors;
    const outputs = tf.tidy(c.run);
    const list = Array.isArray(outputs) ? outputs : [outputs];
    results.push(await Promise.all(list.map(async (t) => ({ shape: [...t.shape], values: Array.from(await t.data()) }))));
    tf.dispose(list);
    assert.equal(tf.memory().numTensors, before, `${c.name} on ${backend}: tensors left behind`);
  }
  return results;
}

describe('wasm Concat / Slice / SplitV', () => {

  it('give exactly the cpu backend\'s results', async () => {
    const wasm = await valuesOn('wasm');
    const cpu = await valuesOn('cpu');
    CASES.forEach((c, i) => assert.deepEqual(wasm[i], cpu[i], c.name));
  });

});
