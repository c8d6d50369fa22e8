/** wasm/pixelcnnpp-step-simd.wasm: 10111 bytes, sha256 9b73afd4790c88c5b963108b7fc65fe3077ec9587f6b1132620bd4bad0a69999. */
export declare const STEP_WASM_SIMD_BASE64: string;
/** wasm/pixelcnnpp-step-simd-shared.wasm: 10135 bytes, sha256 856da542d64240a75af44c6abdc677743d52ebf75e059d477e474cb4fb7041be. */
export declare const STEP_WASM_SIMD_SHARED_BASE64: string;
