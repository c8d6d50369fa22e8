/** wasm/pixelcnnpp-step-simd.wasm: 7252 bytes, sha256 db7f20fc05c0303f8c0342c10742940c21b73b4a5ca69aac85c3541950034701. */
export declare const STEP_WASM_SIMD_BASE64: string;
/** wasm/pixelcnnpp-step-simd-shared.wasm: 7276 bytes, sha256 148db0b3af21a7675a7a0162a666833c0631c6c0e73b24a21349eb2d85642b13. */
export declare const STEP_WASM_SIMD_SHARED_BASE64: string;
