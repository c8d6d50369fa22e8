/** wasm/pixelcnnpp-step-simd.wasm: 7500 bytes, sha256 e7a5d8917313623b087dc619f9b3ec2dfa407a05c5d94dbc50bcae63058be07b. */
export declare const STEP_WASM_SIMD_BASE64: string;
