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
/** Whether the step kernels are to be used: they need WebAssembly SIMD, and `env.wasm.simd = false` turns them off. */
export declare function stepKernelsSupported(): boolean;
/**
 * A new instance of the step kernels: with a memory of its own, or on `shared` (from
 * `sharedStepMemory`, here or on another thread).
 */
export declare function instantiateStepKernels(shared?: WebAssembly.Memory): Promise<StepExports>;
/** A memory the shared build can run on: its static data and stack fit in the first pages. */
export declare function sharedStepMemory(): WebAssembly.Memory;
