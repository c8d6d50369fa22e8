// The step kernels' matrix kernel (`pcnn_step_conv`, wasm/src/step.c) computes a call's outputs
// in tiles of 1 to 4 outputs sharing each weight load. A split call runs an image alone on each
// thread where one thread runs the images together, and their images must be the same bytes:
// so each output must get the same bits whichever tile it is in, for every number of outputs.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { instantiateStepKernels } from '../../../src/sampling/step-kernels.js';
import type { StepExports } from '../../../src/sampling/step-kernels.js';

const SLAB = 8;
const SHAPES = [
  [2, 64, 32],
  [2, 64, 64],
  [3, 7, 17],
  [1, 5, 8],
  [5, 2, 13],
  [1, 9, 40],
  [2, 16, 47],
  [1, 3, 56],
] as const;

/** A bump allocator over the kernels' memory, and seeded values in [-1, 1). */
function arena(k: StepExports) {
  let top = k.pcnn_step_heap_base();
  let state = 12345;
  const random = () => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return state / 2 ** 31 - 1;
  };
  const alloc = (words: number) => {
    const ptr = top;
    top += (words * 4 + 15) & ~15;
    while (top > k.memory.buffer.byteLength) k.memory.grow(16);
    return ptr;
  };
  const floats = (ptr: number, n: number) => new Float32Array(k.memory.buffer, ptr, n);
  const fill = (ptr: number, n: number) => floats(ptr, n).forEach((_, i, a) => (a[i] = random()));
  /** `count` vectors of `n` seeded values: their addresses. */
  const vectors = (count: number, n: number) =>
    Array.from({ length: count }, () => {
      const ptr = alloc(n);
      fill(ptr, n);
      return ptr;
    });
  const pointers = (values: number[]) => {
    const ptr = alloc(values.length);
    new Uint32Array(k.memory.buffer, ptr, values.length).set(values);
    return ptr;
  };
  return { alloc, floats, vectors, pointers };
}

describe('step kernels: pcnn_step_conv', () => {
  it('gives each output the same bits alone as among 1 to 9 outputs, and the float64 sum within rounding', async () => {
    const k = await instantiateStepKernels();
    const { alloc, floats, vectors, pointers } = arena(k);
    // Taps x inputs x outputs: a position's shapes (2 x 64 x 32), and odd ones (a last slab part
    // full); 1 to 8 slabs, so every way of grouping slabs into tiles is met.
    for (const [T, K, N] of SHAPES) {
      const slabs = Math.ceil(N / SLAB);
      const weights = vectors(T, slabs * K * SLAB);
      const ws = pointers(weights);
      for (let M = 1; M <= 9; M++) {
        const inputs = vectors(M * T, K);
        const biases = vectors(M, N);
        const together = Array.from({ length: M }, () => alloc(N));
        const alone = Array.from({ length: M }, () => alloc(N));
        k.pcnn_step_conv(M, T, K, N, pointers(inputs), ws, pointers(biases), pointers(together));
        for (let m = 0; m < M; m++) {
          k.pcnn_step_conv(1, T, K, N, pointers(inputs.slice(m * T, (m + 1) * T)), ws, pointers([biases[m]!]), pointers([alone[m]!]));
        }
        const w = weights.map((ptr) => floats(ptr, slabs * K * SLAB));
        for (let m = 0; m < M; m++) {
          const got = floats(together[m]!, N);
          assert.deepEqual(new Uint32Array(got.buffer, got.byteOffset, N), new Uint32Array(k.memory.buffer, alone[m]!, N), `${T}x${K}x${N}, output ${m} of ${M}`);
          const bias = floats(biases[m]!, N);
          const x = inputs.slice(m * T, (m + 1) * T).map((ptr) => floats(ptr, K));
          for (let n = 0; n < N; n++) {
            let sum = bias[n]!;
            for (let t = 0; t < T; t++) {
              for (let i = 0; i < K; i++) sum += x[t]![i]! * w[t]![(Math.floor(n / SLAB) * K + i) * SLAB + (n % SLAB)]!;
            }
            assert.ok(Math.abs(got[n]! - sum) <= 1e-5 * (1 + Math.abs(sum)), `${T}x${K}x${N}, M ${M}, output ${m}, column ${n}: ${got[n]} against ${sum}`);
          }
        }
      }
    }
  });

  it('gives a call cut into two slab ranges (one a thread) the same bits as one call', async () => {
    const k = await instantiateStepKernels();
    const { alloc, floats, vectors, pointers } = arena(k);
    for (const [T, K, N] of SHAPES) {
      const slabs = Math.ceil(N / SLAB);
      const ws = pointers(vectors(T, slabs * K * SLAB));
      for (const M of [1, 2, 3, 5]) {
        const xs = pointers(vectors(M * T, K));
        const biases = pointers(vectors(M, N));
        const whole = Array.from({ length: M }, () => alloc(N));
        k.pcnn_step_conv(M, T, K, N, xs, ws, biases, pointers(whole));
        for (let cut = 1; cut < slabs; cut++) {
          const parts = Array.from({ length: M }, () => alloc(N));
          k.pcnn_step_conv_slabs(M, T, K, N, xs, ws, biases, pointers(parts), 0, cut);
          k.pcnn_step_conv_slabs(M, T, K, N, xs, ws, biases, pointers(parts), cut, slabs);
          for (let m = 0; m < M; m++) {
            const bits = (ptr: number) => new Uint32Array(floats(ptr, N).slice().buffer);
            assert.deepEqual(bits(parts[m]!), bits(whole[m]!), `${T}x${K}x${N}, M ${M}, output ${m}, cut at slab ${cut}`);
          }
        }
      }
    }
  });
});
