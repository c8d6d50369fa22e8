/** wasm/pixelcnnpp-step-simd.wasm: 14354 bytes, sha256 cfbcbafddb61c991e7d1ce76dc57af6e65dad644c1d47696cb4d405d0f5b3411. */
export declare const STEP_WASM_SIMD_BASE64: string;
/** wasm/pixelcnnpp-step-simd-shared.wasm: 14378 bytes, sha256 ca62275700b9984969422621789474a5d3295bf4a5d8438c2406837c4ee4545d. */
export declare const STEP_WASM_SIMD_SHARED_BASE64: string;
