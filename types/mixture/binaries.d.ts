/** wasm/pixelcnnpp-mixture-simd.wasm: 17318 bytes, sha256 d3213ae5bb6baa15d164e6d56df0405d9e563d04cc775df6f7df97e6dc749fd8. */
export declare const MIXTURE_WASM_SIMD_BASE64: string;
/** wasm/pixelcnnpp-mixture.wasm: 25916 bytes, sha256 6de4d70609e4e1d3bc72a5c9be7105dfefe729c549287fb69b5f312e287fc3ee. */
export declare const MIXTURE_WASM_SCALAR_BASE64: string;
