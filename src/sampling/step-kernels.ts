/**
 * The step kernels of cached generation (wasm/src/step.c): a convolution at a list of output
 * positions, concat_elu, the gate and elu, on float32 vectors in the module's memory. Both SIMD
 * builds are embedded (src/sampling/step-binary.ts) and compiled once each: one with a memory of
 * its own, and one on a shared memory it is given, which a helper thread's instance of the same
 * build works on too (see `step-helper.ts`).
 */
import { env } from '../env.js';
import { decodeBase64 } from '../mixture/load.js';
import { HAS_WASM_SIMD } from '../platform.js';
import { STEP_WASM_SIMD_BASE64, STEP_WASM_SIMD_SHARED_BASE64 } from './step-binary.js';

/** The module's exports; pointers are byte offsets into `memory`. */
export interface StepExports {
  readonly memory: WebAssembly.Memory;
  pcnn_step_heap_base(): number;
  /** `out[m] = bias[m] + sum_t x[m*T + t] . W[t]`; the arguments after N are pointers to pointer arrays. */
  pcnn_step_conv(M: number, T: number, K: number, N: number, xs: number, ws: number, biases: number, outs: number): void;
  /** `pcnn_step_conv` in output columns `[8 * s0, 8 * s1)` only (slabs `s0 .. s1`), the same bits in them. */
  pcnn_step_conv_slabs(M: number, T: number, K: number, N: number, xs: number, ws: number, biases: number, outs: number, s0: number, s1: number): void;
  pcnn_step_concat_elu(count: number, F: number, x: number, xStride: number, out: number, outStride: number): void;
  pcnn_step_elu(count: number, F: number, x: number, xStride: number, out: number, outStride: number): void;
  pcnn_step_gate(count: number, F: number, x: number, xStride: number, g: number, gStride: number, out: number, outStride: number): void;
  /** Runs a step program (see `step-program.ts`); returns the words run, all of them unless one is not an operation. */
  pcnn_step_run(program: number, words: number): number;
  /** The shared build's stack pointer: each instance on one memory needs a stack of its own. */
  readonly __stack_pointer?: WebAssembly.Global;
}

/** Pages of 64 KiB; the shared build's limit (it declares 2 GiB, see wasm/Makefile). */
const SHARED_MAX_PAGES = 32768;

let compiled: Promise<WebAssembly.Module> | undefined;
let compiledShared: Promise<WebAssembly.Module> | undefined;

/** Whether the step kernels are to be used: they need WebAssembly SIMD, and `env.wasm.simd = false` turns them off. */
export function stepKernelsSupported(): boolean {
  return env.wasm.simd !== false && HAS_WASM_SIMD;
}

/**
 * A new instance of the step kernels: with a memory of its own, or on `shared` (from
 * `sharedStepMemory`, here or on another thread).
 */
export async function instantiateStepKernels(shared?: WebAssembly.Memory): Promise<StepExports> {
  if (shared === undefined) {
    compiled ??= WebAssembly.compile(decodeBase64(STEP_WASM_SIMD_BASE64) as BufferSource);
    return (await WebAssembly.instantiate(await compiled, {})).exports as unknown as StepExports;
  }
  compiledShared ??= WebAssembly.compile(decodeBase64(STEP_WASM_SIMD_SHARED_BASE64) as BufferSource);
  const instance = await WebAssembly.instantiate(await compiledShared, { env: { memory: shared } });
  return { ...(instance.exports as unknown as StepExports), memory: shared };
}

/** A memory the shared build can run on: its static data and stack fit in the first pages. */
export function sharedStepMemory(): WebAssembly.Memory {
  return new WebAssembly.Memory({ initial: 2, maximum: SHARED_MAX_PAGES, shared: true });
}
