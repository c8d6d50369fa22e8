/** Registers the kernel for the 'wasm' backend unless one is registered already. */
export declare function registerWasmConv2DBackpropFilter(): void;
