/**
 * Error codes for failures that are not plain argument mistakes. Argument mistakes throw
 * `TypeError` / `RangeError` naming the argument, as onnxruntime-web does.
 */
export type PixelCNNPPErrorCode = 'E_BACKEND_UNAVAILABLE' | 'E_WEIGHTS' | 'E_SHAPE' | 'E_INPUT' | 'E_DISPOSED' | 'E_WASM' | 'E_CONFIG'
/** Training diverged (a non-finite loss). */
 | 'E_TRAINING';
export declare class PixelCNNPPError extends Error {
    readonly code: PixelCNNPPErrorCode;
    constructor(code: PixelCNNPPErrorCode, message: string, options?: {
        cause?: unknown;
    });
}
