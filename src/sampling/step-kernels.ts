/**
 * The step kernels of cached generation (wasm/src/step.c): a convolution at a list of output
 * positions, concat_elu, the gate and elu, on float32 vectors in the module's own memory. The
 * SIMD build is embedded (src/sampling/step-binary.ts) and compiled once; each stepper gets its
 * own instance, whose memory it lays out itself.
 */
import { env } from '../env.js';
import { decodeBase64 } from '../mixture/load.js';
import { HAS_WASM_SIMD } from '../platform.js';
import { STEP_WASM_SIMD_BASE64 } from './step-binary.js';

/** The module's exports; pointers are byte offsets into `memory`. */
export interface StepExports {
  readonly memory: WebAssembly.Memory;
  pcnn_step_heap_base(): number;
  /** `out[m] = bias[m] + sum_t x[m*T + t] . W[t]`; the arguments after N are pointers to pointer arrays. */
  pcnn_step_conv(M: number, T: number, K: number, N: number, xs: number, ws: number, biases: number, outs: number): void;
  pcnn_step_concat_elu(count: number, F: number, x: number, xStride: number, out: number, outStride: number): void;
  pcnn_step_elu(count: number, F: number, x: number, xStride: number, out: number, outStride: number): void;
  pcnn_step_gate(count: number, F: number, x: number, xStride: number, g: number, gStride: number, out: number, outStride: number): void;
}

let compiled: Promise<WebAssembly.Module> | undefined;

/** Whether the step kernels are to be used: they need WebAssembly SIMD, and `env.wasm.simd = false` turns them off. */
export function stepKernelsSupported(): boolean {
  return env.wasm.simd !== false && HAS_WASM_SIMD;
}

/** A new instance of the step kernels, with its own memory. */
export async function instantiateStepKernels(): Promise<StepExports> {
  compiled ??= WebAssembly.compile(decodeBase64(STEP_WASM_SIMD_BASE64) as BufferSource);
  const instance = await WebAssembly.instantiate(await compiled, {});
  return instance.exports as unknown as StepExports;
}
