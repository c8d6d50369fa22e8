/** wasm/pixelcnnpp-mixture-simd.wasm: 16555 bytes, sha256 5f23e274ae5a03f3946af155fece9d49ac38726c3379e358a7fbb186a640b7a0. */
export declare const MIXTURE_WASM_SIMD_BASE64: string;
/** wasm/pixelcnnpp-mixture.wasm: 25154 bytes, sha256 3506d450303d4ff373433a15772685d7a2584d8e014f4f3a296e1ab22d1f949c. */
export declare const MIXTURE_WASM_SCALAR_BASE64: string;
