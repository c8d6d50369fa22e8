import type { PixelCNNNet } from '../network/pixelcnn-net.js';
import type { StepHelperThread } from './step-helper.js';
export interface PixelStepper {
    /**
     * Mixture parameters for raster pixel `p` of every image, `[n, P]` row-major. Pixels
     * `0..p-1` must have been given with `setPixel` (or as `known` at construction).
     */
    paramsAt(p: number): Promise<Float32Array>;
    /**
     * `paramsAt`, computed synchronously, for steppers that can (no GPU readback to wait for). The
     * array is a view of the stepper's memory, valid until its next call.
     */
    paramsNow?(p: number): Float32Array;
    /** The value of pixel `p` for every image: `[n, C]` in [-1, 1] (the quantised uint8 value mapped). */
    setPixel(p: number, values: Float32Array): void;
    /** Frees every tensor. Idempotent. */
    dispose(): void;
}
/** What every stepper is made for. */
export interface StepperOptions {
    /** Images generated together. */
    n: number;
    /** Class labels `[n]` for class-conditional models. */
    labels?: Int32Array;
    /**
     * A thread that may run part of each step (the wasm step kernels' row-wide calls, see
     * `step-helper.ts`); a stepper given one keeps its kernels on a shared memory.
     */
    helper?: StepHelperThread | undefined;
}
/** Checks a stepper's options against its network: a live network, `n` images, labels as its classes need. */
export declare function checkStepperOptions(net: PixelCNNNet, { n, labels }: StepperOptions, stepper: string): void;
