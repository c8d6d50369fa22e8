// Philox4x32-10: the TypeScript port against Random123's known-answer vectors, the module's C
// version against the port (through the sampling export that uses it), and the uniforms drawn.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';

import { philox4x32, philoxUniform, pixelUniforms } from '../../../src/mixture/philox.js';
import { realisticParams, useBuilds } from './helpers.js';
import { mulberry32 } from '../../../src/util/mulberry32.js';

// Random123 kat_vectors, philox4x32 with 10 rounds: counter, key, expected output.
const KNOWN_ANSWERS: [number[], number[], number[]][] = [
  [[0, 0, 0, 0], [0, 0], [0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8]],
  [[0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff], [0xffffffff, 0xffffffff], [0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd]],
  [[0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344], [0xa4093822, 0x299f31d0], [0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1]],
];

const builds = useBuilds();

describe('Philox4x32-10', () => {
  it('TypeScript port: Random123 known answers', () => {
    for (const [ctr, [k0, k1], expected] of KNOWN_ANSWERS) assert.deepEqual(Array.from(philox4x32(ctr, k0, k1)), expected);
  });

  it('C version (both builds), as sample() draws with it: the same values as sampleWithNoise fed the port', () => {
    // 6 components: the Gumbel uniforms come from blocks 1 and 2, the logistic ones from block 0.
    // Pixels are drawn four at a time; 1, 2, 3, 5 and 7 leave a group's last lanes empty (a group of one draws alone).
    for (const n of [512, 1, 2, 3, 5, 7]) checkKeyed(n);
  });

  function checkKeyed(n: number): void {
    const rand = mulberry32(8 + n);
    const word = () => Math.floor(rand() * 2 ** 32) >>> 0;
    const [channels, nrMix] = [3 as const, 6];
    const shape = { pixels: n, channels, nrMix };
    const params = realisticParams(rand, n, channels, nrMix);
    const seed = (word() & 0x1fffff) * 2 ** 32 + word(); // both key words in use
    const keys = { seed, imageIndex: Uint32Array.from({ length: n }, word), pixelIndex: Uint32Array.from({ length: n }, word) };
    const uMix = new Float32Array(n * nrMix);
    const uLogistic = new Float32Array(n * channels);
    for (let i = 0; i < n; i++) {
      const u = pixelUniforms(seed, keys.imageIndex[i]!, keys.pixelIndex[i]!, channels, nrMix);
      uMix.set(u.uMix, i * nrMix);
      uLogistic.set(u.uLogistic, i * channels);
    }
    for (const kernel of [builds.simd, builds.scalar]) {
      const keyed = kernel.sample(params, keys, shape);
      const given = kernel.sampleWithNoise(params, uMix, uLogistic, shape);
      assert.deepEqual(keyed.x, given.x, `${kernel.impl}, ${n} pixels`);
      assert.deepEqual(keyed.u8, given.u8, `${kernel.impl}, ${n} pixels`);
    }
  }

  it('uniforms lie strictly inside (0, 1) and are exact in float32, as are 1 - u', () => {
    for (const w of [0, 1, 511, 512, 0x7fffffff, 0x80000000, 0xfffffe00, 0xffffffff]) {
      const u = philoxUniform(w);
      assert.ok(u > 0 && u < 1);
      assert.equal(Math.fround(u), u);
      assert.equal(Math.fround(1 - u), 1 - u);
    }
    assert.equal(philoxUniform(0), 2 ** -24);
    assert.equal(philoxUniform(0xffffffff), 1 - 2 ** -24);
  });

  it('a pixel stream takes its key from the seed and its counter from (image, pixel, block)', () => {
    const seed = 0x1f_2345_6789; // spans both key words
    const u = pixelUniforms(seed, 3, 17, 3, 6);
    const block0 = philox4x32([3, 17, 0, 0], 0x2345_6789, 0x1f);
    const block1 = philox4x32([3, 17, 1, 0], 0x2345_6789, 0x1f);
    const block2 = philox4x32([3, 17, 2, 0], 0x2345_6789, 0x1f);
    assert.deepEqual(Array.from(u.uLogistic), [0, 1, 2].map((c) => philoxUniform(block0[c])));
    assert.deepEqual(Array.from(u.uMix), [block1[0], block1[1], block1[2], block1[3], block2[0], block2[1]].map(philoxUniform));
  });
});
