// float16 / bfloat16 conversions: exact decoding, round-to-nearest-even encoding, overflow.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { bfloat16ToFloat, floatToHalf, halfToFloat } from '../../../src/weights/half.js';

describe('half precision', () => {
  it('encodes every float16 value back to its own bits', () => {
    for (let bits = 0; bits < 0x10000; bits++) {
      const value = halfToFloat(bits);
      if (Number.isNaN(value)) assert.ok(Number.isNaN(halfToFloat(floatToHalf(value))));
      else assert.equal(floatToHalf(value), bits, `bits 0x${bits.toString(16)} (${value})`);
    }
  });

  it('rounds to nearest, ties to even, between every two neighbouring positive values', () => {
    for (let bits = 0; bits < 0x7bff; bits++) {
      const [low, high] = [halfToFloat(bits), halfToFloat(bits + 1)];
      const middle = (low + high) / 2; // exact in float32: one bit more than float16 holds
      assert.equal(Math.fround(middle), middle);
      assert.equal(floatToHalf(middle), bits % 2 === 0 ? bits : bits + 1, `tie between 0x${bits.toString(16)} and its successor`);
      const gap = high - low;
      assert.equal(floatToHalf(Math.fround(middle - gap / 8)), bits);
      assert.equal(floatToHalf(Math.fround(middle + gap / 8)), bits + 1);
      assert.equal(floatToHalf(-middle), (bits % 2 === 0 ? bits : bits + 1) | 0x8000);
    }
  });

  it('overflows to infinity past 65504 and underflows to signed zero below 2^-25', () => {
    assert.equal(floatToHalf(65504), 0x7bff);
    assert.equal(floatToHalf(65519), 0x7bff);
    assert.equal(floatToHalf(65520), 0x7c00);
    assert.equal(floatToHalf(-1e6), 0xfc00);
    assert.equal(floatToHalf(Infinity), 0x7c00);
    assert.equal(floatToHalf(2 ** -25), 0); // the tie goes to even, zero
    assert.equal(floatToHalf(Math.fround(2 ** -25 * 1.0001)), 1);
    assert.equal(floatToHalf(-1e-10), 0x8000);
    assert.ok(Number.isNaN(halfToFloat(floatToHalf(NaN))));
  });

  it('decodes bfloat16 as the upper half of a float32', () => {
    assert.equal(bfloat16ToFloat(0x3f80), 1);
    assert.equal(bfloat16ToFloat(0xc040), -3);
    assert.equal(bfloat16ToFloat(0x7f80), Infinity);
    assert.equal(bfloat16ToFloat(0x0001), 2 ** -133);
  });
});
