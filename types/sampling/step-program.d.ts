import type { StepExports } from './step-kernels.js';
import type { StepMemory } from './step-network.js';
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
export declare class StepRecorder {
    private readonly words;
    readonly kernels: RecordedKernels;
    constructor(target: RecordedKernels, stableConv: (M: number, T: number, K: number, N: number, xs: number, ws: number, biases: number, outs: number) => readonly [number, number, number, number]);
    /** Stores the recorded calls in `memory` (it may grow: remake views of it afterwards). */
    finish(memory: StepMemory): StepProgram;
}
/** Replays `program`: the same kernel calls on the same addresses as when it was recorded. */
export declare function runStepProgram(kernels: StepExports, program: StepProgram): void;
