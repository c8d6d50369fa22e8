/**
 * Error codes for failures that are not plain argument mistakes. Argument mistakes throw
 * `TypeError` / `RangeError` naming the argument, as onnxruntime-web does.
 */
export type PixelCNNPPErrorCode = 'E_BACKEND_UNAVAILABLE' | 'E_WEIGHTS' | 'E_SHAPE' | 'E_INPUT' | 'E_DISPOSED' | 'E_WASM' | 'E_CONFIG'
/** Training diverged (a non-finite loss, parameter or optimizer moment). */
 | 'E_TRAINING'
/** The model is already doing something that cannot run twice at once (a second `fit`). */
 | 'E_BUSY';
export declare class PixelCNNPPError extends Error {
    readonly code: PixelCNNPPErrorCode;
    constructor(code: PixelCNNPPErrorCode, message: string, options?: {
        cause?: unknown;
    });
}
