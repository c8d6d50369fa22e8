/** wasm/pixelcnnpp-mixture-simd.wasm: 19592 bytes, sha256 fd99b51bca811402e2e4b9fa7d814d9a16ad8e26de5bf6bd969b69a3b47a4aad. */
export declare const MIXTURE_WASM_SIMD_BASE64: string;
/** wasm/pixelcnnpp-mixture.wasm: 29235 bytes, sha256 6285c0517c83413a8e17b24fa44e0e7ba8b9d929bafadea7661ea9bdafab8856. */
export declare const MIXTURE_WASM_SCALAR_BASE64: string;
