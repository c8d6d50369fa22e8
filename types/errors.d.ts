/**
 * Error codes for failures that are not plain argument mistakes. Argument mistakes throw
 * `TypeError` / `RangeError` naming the argument, as onnxruntime-web does.
 */
export type PixelCNNPPErrorCode = 
/** No requested backend could start; the message says why for each. */
'E_BACKEND_UNAVAILABLE'
/** A checkpoint that cannot be read or does not match its config. */
 | 'E_WEIGHTS'
/** Input the mixture module cannot use (e.g. non-finite parameters). */
 | 'E_INPUT'
/** A model, network, stepper or kernel used after `dispose()`. */
 | 'E_DISPOSED'
/** The mixture module cannot be read, compiled or instantiated, or the step kernels' memory was overwritten. */
 | 'E_WASM'
/** An unknown config field, or `env` changed after it was read. */
 | 'E_CONFIG'
/**
 * `fit` cannot go on: the loss, a parameter or an optimizer moment became non-finite
 * (divergence), a worker thread failed, or `workers > 1` was asked where there are no worker
 * threads or on a backend they cannot run.
 */
 | 'E_TRAINING'
/** The model is already doing something that cannot run twice at once (a second `fit`). */
 | 'E_BUSY'
/**
 * `workers > 1` at load where there are no worker threads (browsers) or on a backend they
 * cannot run (webgpu), or an inference worker thread failed.
 */
 | 'E_WORKER';
export declare class PixelCNNPPError extends Error {
    readonly code: PixelCNNPPErrorCode;
    constructor(code: PixelCNNPPErrorCode, message: string, options?: {
        cause?: unknown;
    });
}
