/** wasm/pixelcnnpp-step-simd.wasm: 14354 bytes, sha256 b7e89543b8f19346c175319c1dfa36e563960518378b68f971fe38d4833f346a. */
export declare const STEP_WASM_SIMD_BASE64: string;
/** wasm/pixelcnnpp-step-simd-shared.wasm: 14378 bytes, sha256 881c82387a3214a0ec77244e2081e03fcf84eab4d5f288353e6a1d610ec4ec02. */
export declare const STEP_WASM_SIMD_SHARED_BASE64: string;
