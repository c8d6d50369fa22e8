/**
 * Step programs: a pixel's calls into the step kernels, recorded once and replayed by one call
 * (`pcnn_step_run`). At batch 1 a position's step is a few dozen kernel calls of a microsecond
 * or less each, and working out and making each call from JavaScript adds to every one of them;
 * the calls a position makes are the same every time (the same kernels on the same addresses: a
 * layout's activation caches, scratch and weights never move), so the stepper records them the
 * first time and replays them from the kernels' memory afterwards.
 */
import { PixelCNNPPError } from '../errors.js';
import type { StepExports } from './step-kernels.js';
import type { StepMemory } from './step-network.js';

/** Operation codes of `pcnn_step_run` (wasm/src/step.c). */
const OP_CONV = 0;
const OP_CONCAT_ELU = 1;
const OP_ELU = 2;
const OP_GATE = 3;

/** A recorded program in the kernels' memory: `words` 32-bit words at byte `ptr`. */
export interface StepProgram {
  readonly ptr: number;
  readonly words: number;
}

/** The kernel calls a program may hold: the ones a stepper makes through `StepExports`. */
export type RecordedKernels = Pick<StepExports, 'pcnn_step_conv' | 'pcnn_step_concat_elu' | 'pcnn_step_elu' | 'pcnn_step_gate'>;

/**
 * Records the calls made through its `kernels`, passing each on to `target`, until `finish`.
 * `stableConv` returns a convolution's pointer arrays as they can be replayed: a call made from
 * arrays that the next call overwrites must be given copies of them.
 */
export class StepRecorder {
  private readonly words: number[] = [];
  readonly kernels: RecordedKernels;

  constructor(
    target: RecordedKernels,
    stableConv: (M: number, T: number, K: number, N: number, xs: number, ws: number, biases: number, outs: number) => readonly [number, number, number, number],
  ) {
    const words = this.words;
    // Arrow functions: call sites pass the kernels around unbound (`elementwise(k.pcnn_step_elu, …)`).
    this.kernels = {
      pcnn_step_conv: (M, T, K, N, xs, ws, biases, outs) => {
        target.pcnn_step_conv(M, T, K, N, xs, ws, biases, outs);
        words.push(OP_CONV, M, T, K, N, ...stableConv(M, T, K, N, xs, ws, biases, outs));
      },
      pcnn_step_concat_elu: (count, F, x, xStride, out, outStride) => {
        target.pcnn_step_concat_elu(count, F, x, xStride, out, outStride);
        words.push(OP_CONCAT_ELU, count, F, x, xStride, out, outStride);
      },
      pcnn_step_elu: (count, F, x, xStride, out, outStride) => {
        target.pcnn_step_elu(count, F, x, xStride, out, outStride);
        words.push(OP_ELU, count, F, x, xStride, out, outStride);
      },
      pcnn_step_gate: (count, F, x, xStride, g, gStride, out, outStride) => {
        target.pcnn_step_gate(count, F, x, xStride, g, gStride, out, outStride);
        words.push(OP_GATE, count, F, x, xStride, g, gStride, out, outStride);
      },
    };
  }

  /** Stores the recorded calls in `memory` (it may grow: remake views of it afterwards). */
  finish(memory: StepMemory): StepProgram {
    const ptr = memory.alloc(this.words.length);
    new Uint32Array(memory.kernels.memory.buffer, ptr, this.words.length).set(this.words);
    return { ptr, words: this.words.length };
  }
}

/** Replays `program`: the same kernel calls on the same addresses as when it was recorded. */
export function runStepProgram(kernels: StepExports, program: StepProgram): void {
  const run = kernels.pcnn_step_run(program.ptr, program.words);
  if (run !== program.words) {
    // Only memory overwritten from outside the stepper can get here: a program is written once, whole.
    throw new PixelCNNPPError('E_WASM', `a step program of ${program.words} words holds no operation at word ${run}: the step kernels' memory was overwritten.`);
  }
}
