import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import {
  concatElu,
  downRightShiftedConv2d,
  downRightShiftedDeconv2d,
  downShift,
  downShiftedConv2d,
  downShiftedDeconv2d,
  nin,
  rightShift,
} from '../../../src/network/layers.js';
import { tfjsPermutation, transpose } from '../../../src/weights/weight-map.js';
import { maxAbsDiff } from '../../helpers/compare.js';
import { mulberry32 } from '../../../src/util/mulberry32.js';
import { randomArray } from '../../helpers/random.js';

// Straightforward NHWC loops with the reference's (PyTorch port) semantics and weight layouts.

interface Pads {
  top: number;
  bottom: number;
  left: number;
  right: number;
}

/** Zero padding, then a 'valid' correlation; `w` is `[out, in, kh, kw]`. */
function naiveConv(x: Float32Array, xShape: number[], w: Float32Array, wShape: number[], bias: Float32Array, stride: number, p: Pads) {
  const [n, h, wd, c] = xShape as [number, number, number, number];
  const [o, , kh, kw] = wShape as [number, number, number, number];
  const ph = h + p.top + p.bottom;
  const pw = wd + p.left + p.right;
  const oh = Math.floor((ph - kh) / stride) + 1;
  const ow = Math.floor((pw - kw) / stride) + 1;
  const y = new Float32Array(n * oh * ow * o);
  for (let b = 0; b < n; b++)
    for (let r = 0; r < oh; r++)
      for (let q = 0; q < ow; q++)
        for (let oc = 0; oc < o; oc++) {
          let s = bias[oc]!;
          for (let ky = 0; ky < kh; ky++)
            for (let kx = 0; kx < kw; kx++) {
              const iy = r * stride + ky - p.top;
              const ix = q * stride + kx - p.left;
              if (iy < 0 || iy >= h || ix < 0 || ix >= wd) continue;
              for (let ic = 0; ic < c; ic++) s += x[((b * h + iy) * wd + ix) * c + ic]! * w[((oc * c + ic) * kh + ky) * kw + kx]!;
            }
          y[((b * oh + r) * ow + q) * o + oc] = s;
        }
  return { y, shape: [n, oh, ow, o] };
}

/**
 * `ConvTranspose2d(stride=2, output_padding=1)` with `w` `[in, out, kh, kw]`, then the crop of
 * `down_shifted_deconv2d` / `down_right_shifted_deconv2d`.
 */
function naiveDeconv(x: Float32Array, xShape: number[], w: Float32Array, wShape: number[], bias: Float32Array, rightShifted: boolean) {
  const [n, h, wd, c] = xShape as [number, number, number, number];
  const [, o, kh, kw] = wShape as [number, number, number, number];
  const fh = (h - 1) * 2 + kh + 1;
  const fw = (wd - 1) * 2 + kw + 1;
  const full = new Float32Array(n * fh * fw * o);
  for (let b = 0; b < n; b++)
    for (let y = 0; y < fh; y++) for (let q = 0; q < fw; q++) for (let oc = 0; oc < o; oc++) full[((b * fh + y) * fw + q) * o + oc] = bias[oc]!;
  for (let b = 0; b < n; b++)
    for (let iy = 0; iy < h; iy++)
      for (let ix = 0; ix < wd; ix++)
        for (let ic = 0; ic < c; ic++)
          for (let oc = 0; oc < o; oc++)
            for (let ky = 0; ky < kh; ky++)
              for (let kx = 0; kx < kw; kx++)
                full[((b * fh + iy * 2 + ky) * fw + ix * 2 + kx) * o + oc] +=
                  x[((b * h + iy) * wd + ix) * c + ic]! * w[((ic * o + oc) * kh + ky) * kw + kx]!;
  const rows = fh - kh + 1;
  const [c0, c1] = rightShifted ? [0, fw - kw + 1] : [(kw - 1) >> 1, fw - ((kw - 1) >> 1)];
  const cols = c1 - c0;
  const y = new Float32Array(n * rows * cols * o);
  for (let b = 0; b < n; b++)
    for (let r = 0; r < rows; r++)
      for (let q = 0; q < cols; q++)
        for (let oc = 0; oc < o; oc++) y[((b * rows + r) * cols + q) * o + oc] = full[((b * fh + r) * fw + q + c0) * o + oc]!;
  return { y, shape: [n, rows, cols, o] };
}

describe('network layers', () => {
  before(async () => {
    await tf.setBackend('cpu');
  });

  const random = mulberry32(7);
  const xShape = [2, 6, 8, 5];
  const xData = randomArray(2 * 6 * 8 * 5, random);

  function convCase(kh: number, kw: number, stride: 1 | 2, rightShifted: boolean) {
    const wShape = [4, 5, kh, kw];
    const w = randomArray(4 * 5 * kh * kw, random);
    const bias = randomArray(4, random);
    const pads = rightShifted
      ? { top: kh - 1, bottom: 0, left: kw - 1, right: 0 }
      : { top: kh - 1, bottom: 0, left: (kw - 1) >> 1, right: (kw - 1) >> 1 };
    const expected = naiveConv(xData, xShape, w, wShape, bias, stride, pads);
    const got = tf.tidy(() => {
      const params = {
        filter: tf.tensor4d(transpose(w, wShape, tfjsPermutation('conv')), [kh, kw, 5, 4]),
        bias: tf.tensor1d(bias),
      };
      const x = tf.tensor4d(xData, xShape as [number, number, number, number]);
      const y = (rightShifted ? downRightShiftedConv2d : downShiftedConv2d)(x, params, stride);
      return { shape: y.shape, data: y.dataSync() };
    });
    assert.deepEqual(got.shape, expected.shape);
    assert.ok(maxAbsDiff(got.data, expected.y) < 1e-5, `max abs diff ${maxAbsDiff(got.data, expected.y)}`);
  }

  it('down-shifted conv (2x3, 1x3; stride 1 and 2) matches the padded reference', () => {
    convCase(2, 3, 1, false);
    convCase(1, 3, 1, false);
    convCase(2, 3, 2, false);
  });

  it('down-right-shifted conv (2x2, 2x1; stride 1 and 2) matches the padded reference', () => {
    convCase(2, 2, 1, true);
    convCase(2, 1, 1, true);
    convCase(2, 2, 2, true);
  });

  for (const [label, kw, rightShifted] of [
    ['down-shifted', 3, false],
    ['down-right-shifted', 2, true],
  ] as const) {
    it(`${label} transposed conv (stride 2, output_padding 1, cropped) matches the reference`, () => {
      const wShape = [5, 4, 2, kw]; // [in, out, kh, kw]
      const w = randomArray(5 * 4 * 2 * kw, random);
      const bias = randomArray(4, random);
      const expected = naiveDeconv(xData, xShape, w, wShape, bias, rightShifted);
      const got = tf.tidy(() => {
        const params = {
          filter: tf.tensor4d(transpose(w, wShape, tfjsPermutation('deconv')), [2, kw, 4, 5]),
          bias: tf.tensor1d(bias),
        };
        const x = tf.tensor4d(xData, xShape as [number, number, number, number]);
        const y = (rightShifted ? downRightShiftedDeconv2d : downShiftedDeconv2d)(x, params);
        return { shape: y.shape, data: y.dataSync() };
      });
      assert.deepEqual(expected.shape, [2, 12, 16, 4]);
      assert.deepEqual(got.shape, expected.shape);
      assert.ok(maxAbsDiff(got.data, expected.y) < 1e-5, `max abs diff ${maxAbsDiff(got.data, expected.y)}`);
    });
  }

  it('down_shift and right_shift move by one pixel with zeros coming in', () => {
    const x = tf.tensor4d([1, 2, 3, 4, 5, 6], [1, 2, 3, 1]);
    assert.deepEqual(Array.from(downShift(x).dataSync()), [0, 0, 0, 1, 2, 3]);
    assert.deepEqual(Array.from(rightShift(x).dataSync()), [0, 1, 2, 0, 4, 5]);
    x.dispose();
  });

  it('concat_elu is elu([x, -x]) along channels', () => {
    const got = tf.tidy(() => Array.from(concatElu(tf.tensor4d([1, -2], [1, 1, 1, 2])).dataSync()));
    const elu = (v: number) => (v > 0 ? v : Math.expm1(v));
    const expected = [1, -2, -1, 2].map(elu);
    assert.ok(maxAbsDiff(got, expected) < 1e-6);
  });

  it('nin applies one dense layer at every pixel', () => {
    const got = tf.tidy(() => {
      const x = tf.tensor4d([1, 2, 3, 4], [1, 2, 1, 2]);
      const y = nin(x, { kernel: tf.tensor2d([1, 0, 10, 1, 1, 100], [2, 3]), bias: tf.tensor1d([0.5, 0, -1]) });
      return { shape: y.shape, data: Array.from(y.dataSync()) };
    });
    assert.deepEqual(got.shape, [1, 2, 1, 3]);
    // pixel (1, 2): [1 + 2 + 0.5, 2, 10 + 200 - 1]; pixel (3, 4): [3 + 4 + 0.5, 4, 30 + 400 - 1]
    assert.deepEqual(got.data, [3.5, 2, 209, 7.5, 4, 429]);
  });
});
