// The step kernels' matrix kernel (`pcnn_step_conv`, wasm/src/step.c) at the shapes of a pixel
// step of the bundled MNIST model (a position's convolutions: 2 taps of 64 inputs, 32 or 64
// outputs) and of the CIFAR-10 configuration (320 inputs, 160 outputs), in GFLOP/s: with one
// layer's weights used over and over (they stay in the L1 cache), and cycling through enough
// layers that each call finds its weights in L2 only, as in a real step, where a position runs a
// dozen layers before it comes back to the first. At batch 2 the second image's products find
// the weights the first one just read.
import { instantiateStepKernels } from '../src/sampling/step-kernels.js';

const SLAB = 8;
/** Weights cycled through for the L2 case: far above L1 (tens of kB), well inside L2. */
const L2_BYTES = 512 * 1024;

export async function benchStepConv(): Promise<void> {
  const k = await instantiateStepKernels();
  let top = k.pcnn_step_heap_base();
  const alloc = (floats: number) => {
    const ptr = top;
    top += (floats * 4 + 15) & ~15;
    while (top > k.memory.buffer.byteLength) k.memory.grow(64);
    return ptr;
  };
  console.log('pcnn_step_conv, one thread; GFLOP/s (2 flops a multiply-add), the median of 5 timings\n');
  console.log('| M (images) | taps x K x N | weights in L1 | weights in L2 |');
  console.log('|---|---|---|---|');
  for (const [M, T, K, N] of [
    [1, 2, 64, 32],
    [1, 2, 64, 64],
    [2, 2, 64, 64],
    // The CIFAR-10 configuration's (160 filters): 20 slabs of output columns.
    [1, 2, 320, 160],
    [2, 2, 320, 160],
  ] as const) {
    const weightFloats = T * Math.ceil(N / SLAB) * SLAB * K;
    const layers = Math.ceil(L2_BYTES / (4 * weightFloats));
    // Per layer: its weights, inputs, biases and outputs, and the pointer arrays of its call.
    const layout = Array.from({ length: layers }, () => ({
      weights: Array.from({ length: T }, () => alloc(weightFloats / T)),
      inputs: Array.from({ length: M * T }, () => alloc(K)),
      biasVectors: Array.from({ length: M }, () => alloc(N)),
      outVectors: Array.from({ length: M }, () => alloc(N)),
      ws: alloc(T),
      xs: alloc(M * T),
      biases: alloc(M),
      outs: alloc(M),
    }));
    const f32 = new Float32Array(k.memory.buffer);
    for (let i = k.pcnn_step_heap_base() >> 2; i < top >> 2; i++) f32[i] = ((i * 2654435761) % 1000) / 1000 - 0.5;
    const i32 = new Int32Array(k.memory.buffer);
    for (const l of layout) {
      i32.set(l.weights, l.ws >> 2);
      i32.set(l.inputs, l.xs >> 2);
      i32.set(l.biasVectors, l.biases >> 2);
      i32.set(l.outVectors, l.outs >> 2);
    }
    const calls = layout;
    const flops = 2 * M * T * K * N;
    const rate = (cycle: number) => {
      const reps = Math.ceil(4e8 / flops / layers) * layers;
      const times: number[] = [];
      for (let run = 0; run < 6; run++) {
        const start = performance.now();
        for (let r = 0; r < reps; r++) {
          const c = calls[r % cycle]!;
          k.pcnn_step_conv(M, T, K, N, c.xs, c.ws, c.biases, c.outs);
        }
        if (run > 0) times.push(performance.now() - start);
      }
      times.sort((a, b) => a - b);
      return (flops * reps) / times[2]! / 1e6;
    };
    console.log(`| ${M} | ${T} x ${K} x ${N} | ${rate(1).toFixed(1)} | ${rate(layers).toFixed(1)} |`);
  }
}
