/**
 * Puts these kernels in front of tfjs-backend-wasm's `Concat` and `Slice` (which still serve
 * the cases above). Call once the wasm backend's kernels are registered.
 */
export declare function installWasmCopyKernels(): void;
