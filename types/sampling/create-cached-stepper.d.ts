/**
 * The cached stepper for a backend: on wasm, the network's incremental step on our own SIMD
 * kernels (`WasmCachedStepper`), where tfjs's per-op cost dominates small steps; elsewhere the
 * same schedule on tfjs ops (`CachedStepper`; on WebGPU the work stays on the GPU, and on cpu it
 * is the bit-exact reference of the naive path).
 */
import type { PixelCNNNet } from '../network/pixelcnn-net.js';
import type { PixelStepper, StepperOptions } from './stepper.js';
/** Call inside the model's backend `run()`; `backend` is its name. */
export declare function createCachedStepper(net: PixelCNNNet, options: StepperOptions, backend: string): Promise<PixelStepper>;
