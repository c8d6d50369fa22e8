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
/** Whether the step kernels are to be used: they need WebAssembly SIMD, and `env.wasm.simd = false` turns them off. */
export declare function stepKernelsSupported(): boolean;
/** A new instance of the step kernels, with its own memory. */
export declare function instantiateStepKernels(): Promise<StepExports>;
