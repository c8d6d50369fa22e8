/** wasm/pixelcnnpp-step-simd.wasm: 15352 bytes, sha256 06d4b471df4cf6f588c703a285b9cd0a94b9bc87c8b5c78ea0b4e5ebb5da9503. */
export declare const STEP_WASM_SIMD_BASE64: string;
/** wasm/pixelcnnpp-step-simd-shared.wasm: 15376 bytes, sha256 b5b24ee29d5b325de23ee00f577d17e574c03a0aff63649333e098cf8bc3f757. */
export declare const STEP_WASM_SIMD_SHARED_BASE64: string;
