/** wasm/pixelcnnpp-step-simd.wasm: 7139 bytes, sha256 63dfbe4762b9cb072e1249a52ff7e62984936b9b83b52c7499dff47e6c558468. */
export declare const STEP_WASM_SIMD_BASE64: string;
