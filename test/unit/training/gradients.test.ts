// The gradients training depends on: ours (registered for the kernels the network and the loss
// use) against central finite differences in float64-ish precision, the wasm
// Conv2DBackpropFilter kernel against the cpu backend's, and the convolution's custom input
// gradient against tfjs's own (tf.fused.conv2d's).
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { resolveBackend } from '../../../src/backends/registry.js';
import { registerWasmConv2DBackpropFilter } from '../../../src/training/conv2d-backprop-filter-wasm.js';
import { registerTrainingGradients } from '../../../src/training/gradients.js';
import { downRightShiftedConv2d, downShiftedConv2d, downShiftedDeconv2d, nin } from '../../../src/network/layers.js';
import { discretizedMixLogisticLogProb } from '../../../src/mixture/tf-ops.js';
import { maxAbsDiff } from '../../helpers/compare.js';
import { randomArray } from '../../helpers/random.js';

/** Central differences of a scalar function of one float32 array, at a few coordinates. */
function numericGradient(f: (x: Float32Array) => number, x: Float32Array, indices: number[], h = 1e-2): number[] {
  return indices.map((i) => {
    const plus = Float32Array.from(x);
    const minus = Float32Array.from(x);
    plus[i]! += h;
    minus[i]! -= h;
    return (f(plus) - f(minus)) / (2 * h);
  });
}

describe('training gradients (cpu)', () => {
  before(async () => {
    registerTrainingGradients();
    registerWasmConv2DBackpropFilter();
    await (await resolveBackend('cpu')).run(() => undefined);
  });

  const cases: Array<[string, number[], (x: tf.Tensor) => tf.Tensor]> = [
    ['elu of concat of +-x', [2, 3, 4], (x) => tf.elu(tf.concat([x, tf.neg(x)], 2))],
    ['sigmoid gate of a split', [2, 3, 4], (x) => { const [a, b] = tf.split(x, 2, 2); return tf.mul(a!, tf.sigmoid(b!)); }],
    ['softplus, tanh, exp, expm1, log', [3, 4], (x) => tf.add(tf.add(tf.softplus(x), tf.tanh(x)), tf.log(tf.add(tf.exp(x), tf.neg(tf.expm1(tf.neg(tf.square(x)))))))],
    ['broadcast sub and div, maximum', [3, 4], (x) => tf.div(tf.maximum(tf.sub(x, tf.sum(x, 0, true)), -0.3), tf.add(tf.sqrt(tf.sum(tf.square(x), 1, true)), 1))],
    ['pad, slice, transpose, reshape', [2, 3, 4], (x) => tf.reshape(tf.transpose(tf.slice(tf.pad(x, [[0, 0], [1, 0], [0, 1]]), [0, 0, 1], [2, 3, 4]), [2, 0, 1]), [4, 6])],
    ['logsumexp (max) and logsoftmax', [3, 5], (x) => tf.add(tf.logSumExp(x, 1), tf.sum(tf.logSoftmax(x), 1))],
    ['where over a comparison', [4, 4], (x) => tf.where(tf.greater(x, 0.1), tf.mul(x, x), tf.mul(x, 3))],
  ];
  for (const [name, shape, fn] of cases) {
    it(`${name}: analytic gradient = finite differences`, () => {
      const size = shape.reduce((a, b) => a * b, 1);
      const x0 = randomArray(size, 7 + shape.length);
      const weights = randomArray(10_000, 99);
      const loss = (x: tf.Tensor) => {
        const y = fn(x);
        return tf.sum(tf.mul(y, tf.tensor(weights.subarray(0, y.size), y.shape)));
      };
      const analytic = tf.tidy(() => tf.grad(loss)(tf.tensor(x0, shape)).dataSync());
      const f = (x: Float32Array) => tf.tidy(() => loss(tf.tensor(x, shape)).dataSync()[0]!);
      const indices = [0, 1, Math.floor(size / 2), size - 1];
      const numeric = numericGradient(f, x0, indices);
      indices.forEach((i, k) => assert.ok(Math.abs(analytic[i]! - numeric[k]!) < 2e-2 * (1 + Math.abs(numeric[k]!)), `${name} [${i}]: ${analytic[i]} vs ${numeric[k]}`));
    });
  }

  it('gathered class embeddings: gradient rows sum the rows that used them', () => {
    const table = tf.tensor2d(randomArray(4 * 3, 3), [4, 3]);
    const labels = tf.tensor1d([2, 0, 2], 'int32');
    const g = tf.grad((t: tf.Tensor) => tf.sum(tf.gather(t, labels)))(table);
    assert.deepEqual(Array.from(g.dataSync()), [1, 1, 1, 0, 0, 0, 2, 2, 2, 0, 0, 0]);
    tf.dispose([table, labels, g]);
  });

  it('the mixture loss: gradient wrt the network output = finite differences', () => {
    const x0 = randomArray(2 * 2 * 2 * 3, 5, -1, 1).map((v) => Math.round(v * 127.5 + 127.5) / 127.5 - 1);
    const x = tf.tensor4d(x0, [2, 2, 2, 3]);
    const p0 = randomArray(2 * 2 * 2 * 20, 6, -1, 1);
    const loss = (p: tf.Tensor) => tf.neg(tf.sum(discretizedMixLogisticLogProb(x, p as tf.Tensor4D, 2)));
    const analytic = tf.tidy(() => tf.grad(loss)(tf.tensor4d(p0, [2, 2, 2, 20])).dataSync());
    const f = (p: Float32Array) => tf.tidy(() => loss(tf.tensor4d(p, [2, 2, 2, 20])).dataSync()[0]!);
    const indices = [0, 3, 5, 12, 25, 47, 79, 159];
    const numeric = numericGradient(f, p0, indices, 1e-2);
    indices.forEach((i, k) => assert.ok(Math.abs(analytic[i]! - numeric[k]!) < 2e-2 * (1 + Math.abs(numeric[k]!)), `param ${i}: ${analytic[i]} vs ${numeric[k]}`));
    x.dispose();
  });

  it('shifted convolutions, nin and the transposed convolution: input and filter gradients = the gradients of tfjs fused conv2d', () => {
    const x = tf.tensor4d(randomArray(2 * 6 * 6 * 4, 11), [2, 6, 6, 4]);
    const w23 = tf.tensor4d(randomArray(2 * 3 * 4 * 5, 12, -0.5, 0.5), [2, 3, 4, 5]);
    const w22 = tf.tensor4d(randomArray(2 * 2 * 4 * 5, 13, -0.5, 0.5), [2, 2, 4, 5]);
    const k11 = tf.tensor2d(randomArray(4 * 5, 14, -0.5, 0.5), [4, 5]);
    const bias = tf.zeros([5]) as tf.Tensor1D;
    const r = tf.tensor4d(randomArray(2 * 6 * 6 * 5, 15), [2, 6, 6, 5]);
    const r2 = tf.tensor4d(randomArray(2 * 3 * 3 * 5, 16), [2, 3, 3, 5]);
    const pairs: Array<[string, (x: tf.Tensor4D, w: tf.Tensor) => tf.Tensor, (x: tf.Tensor4D, w: tf.Tensor) => tf.Tensor, tf.Tensor, tf.Tensor]> = [
      ['down-shifted 2x3', (a, w) => downShiftedConv2d(a, { filter: w as tf.Tensor4D, bias }), (a, w) => tf.fused.conv2d({ x: a, filter: w as tf.Tensor4D, strides: 1, pad: [[0, 0], [1, 0], [1, 1], [0, 0]] }), w23, r],
      ['down-right-shifted 2x2, stride 2', (a, w) => downRightShiftedConv2d(a, { filter: w as tf.Tensor4D, bias }, 2), (a, w) => tf.fused.conv2d({ x: a, filter: w as tf.Tensor4D, strides: 2, pad: [[0, 0], [1, 0], [1, 0], [0, 0]] }), w22, r2],
      ['nin', (a, w) => nin(a, { kernel: w as tf.Tensor2D, bias }), (a, w) => tf.fused.conv2d({ x: a, filter: tf.reshape(w, [1, 1, 4, 5]) as tf.Tensor4D, strides: 1, pad: 'valid' }), k11, r],
    ];
    for (const [name, ours, plain, w, weights] of pairs) {
      const grads = (f: typeof ours) => tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(f(a as tf.Tensor4D, b), weights)))([x, w]);
      const [dxOurs, dwOurs] = grads(ours);
      const [dxPlain, dwPlain] = grads(plain);
      assert.ok(maxAbsDiff(dxOurs!.dataSync(), dxPlain!.dataSync()) < 1e-4, `${name}: input gradient`);
      assert.ok(maxAbsDiff(dwOurs!.dataSync(), dwPlain!.dataSync()) < 1e-4, `${name}: filter gradient`);
      tf.dispose([dxOurs!, dwOurs!, dxPlain!, dwPlain!]);
    }
    // The transposed convolution's gradients (our Conv2DBackpropInput gradient) by finite differences.
    const up = tf.tensor4d(randomArray(1 * 3 * 3 * 5, 17), [1, 3, 3, 5]);
    const wt0 = randomArray(2 * 3 * 4 * 5, 18, -0.5, 0.5);
    const out = tf.tensor4d(randomArray(1 * 6 * 6 * 4, 19), [1, 6, 6, 4]);
    const loss = (wt: tf.Tensor) => tf.sum(tf.mul(downShiftedDeconv2d(up, { filter: wt as tf.Tensor4D, bias: tf.zeros([4]) as tf.Tensor1D }), out));
    const analytic = tf.tidy(() => tf.grad(loss)(tf.tensor4d(wt0, [2, 3, 4, 5])).dataSync());
    const numeric = numericGradient((v) => tf.tidy(() => loss(tf.tensor4d(v, [2, 3, 4, 5])).dataSync()[0]!), wt0, [0, 17, 63, 119]);
    [0, 17, 63, 119].forEach((i, k) => assert.ok(Math.abs(analytic[i]! - numeric[k]!) < 1e-2, `deconv filter [${i}]`));
    tf.dispose([x, w23, w22, k11, bias, r, r2, up, out]);
  });
});

describe('Conv2DBackpropFilter on wasm', () => {
  it('matches the cpu backend for the network\'s filter shapes, strides and paddings', async () => {
    registerWasmConv2DBackpropFilter();
    const cpu = await resolveBackend('cpu');
    const wasm = await resolveBackend('wasm');
    const cases: Array<[number[], number[], number, tf.backend_util.ExplicitPadding | 'valid']> = [
      [[2, 7, 7, 6], [2, 3, 6, 5], 1, [[0, 0], [1, 0], [1, 1], [0, 0]]],
      [[2, 7, 7, 6], [2, 2, 6, 5], 1, [[0, 0], [1, 0], [1, 0], [0, 0]]],
      [[2, 8, 8, 6], [2, 3, 6, 5], 2, [[0, 0], [1, 0], [1, 1], [0, 0]]],
      [[2, 8, 8, 6], [2, 2, 6, 5], 2, [[0, 0], [1, 0], [1, 0], [0, 0]]],
      [[3, 4, 4, 6], [1, 1, 6, 5], 1, 'valid'],
    ];
    for (const [xShape, filterShape, stride, pad] of cases) {
      const run = () => {
        const x = tf.tensor4d(randomArray(xShape.reduce((a, b) => a * b), 21), xShape as [number, number, number, number]);
        const info = tf.backend_util.computeConv2DInfo(x.shape, filterShape as [number, number, number, number], stride, 1, pad);
        const dyShape = [info.batchSize, info.outHeight, info.outWidth, info.outChannels];
        const dy = tf.tensor(randomArray(dyShape.reduce((a, b) => a * b), 22), dyShape);
        const before = tf.memory().numTensors;
        const dw = tf.engine().runKernel('Conv2DBackpropFilter', { x, dy }, { strides: [stride, stride], pad, dataFormat: 'NHWC', filterShape } as unknown as tf.NamedAttrMap) as tf.Tensor;
        assert.equal(tf.memory().numTensors, before + 1, 'only the result is left');
        assert.deepEqual(dw.shape, filterShape);
        const values = dw.dataSync();
        tf.dispose([x, dy, dw]);
        return values;
      };
      const expected = await cpu.run(run);
      const got = await wasm.run(run);
      assert.ok(maxAbsDiff(got, expected) < 1e-4, `filter ${filterShape}, stride ${stride}: ${maxAbsDiff(got, expected)}`);
    }
  });
});
