/** wasm/pixelcnnpp-step-simd.wasm: 7139 bytes, sha256 63dfbe4762b9cb072e1249a52ff7e62984936b9b83b52c7499dff47e6c558468. */
export declare const STEP_WASM_SIMD_BASE64: string;
/** wasm/pixelcnnpp-step-simd-shared.wasm: 7163 bytes, sha256 c4a545996c1ca3bfcf1368279aa96c6d26b49c1bcaf9d95a4e8d9d03d1395652. */
export declare const STEP_WASM_SIMD_SHARED_BASE64: string;
