import type { ModelConfig } from '../config.js';
import type { TensorMap } from '../weights/weight-map.js';
import type { LossSettings, Trainer } from './trainer.js';
/** What a worker is started with. */
export interface WorkerSetup {
    config: Required<ModelConfig>;
    backend: 'wasm' | 'cpu';
}
/**
 * One share of a batch: uint8 NHWC images, labels, and how its loss is taken (`scale` is
 * 1 / dimensions of the whole batch, so that the shares' gradients add up to the batch's).
 */
export interface BatchShare extends LossSettings {
    images: Uint8Array;
    shape: [number, number, number, number];
    labels?: Int32Array;
}
export interface GradientRequest extends BatchShare {
    id: number;
    /** The raw parameters of this step. */
    params: TensorMap;
}
export type WorkerReply = {
    type: 'ready';
    backend: string;
} | {
    type: 'gradients';
    id: number;
    loss: number;
    grads: Map<string, Float32Array>;
} | {
    type: 'error';
    id: number;
    message: string;
};
/** Worker threads that compute gradients of batch shares. */
export declare class GradientWorkers {
    private readonly workers;
    private readonly pending;
    private nextId;
    private failure;
    private closing;
    private constructor();
    /** Starts `count` workers and waits until each has its backend running. */
    static start(count: number, setup: WorkerSetup): Promise<GradientWorkers>;
    get size(): number;
    /** Gradients of each share (one share per worker at most), at `params`. */
    compute(params: TensorMap, shares: readonly BatchShare[]): Promise<Array<{
        loss: number;
        grads: Map<string, Float32Array>;
    }>>;
    terminate(): Promise<void>;
    /** Resolves when the worker reports its backend ready; afterwards routes its replies. */
    private listen;
    private fail;
}
/** Image counts of `parts` near-equal shares of a batch of `count` (the first ones larger; zeros dropped). */
export declare function shareSizes(count: number, parts: number): number[];
/** What one step needs to run; `run` is the model's backend queue. */
export interface ParallelStep {
    trainer: Trainer;
    workers: GradientWorkers;
    run: <T>(fn: () => T | Promise<T>) => Promise<T>;
}
/**
 * One data-parallel optimisation step on a batch (uint8 NHWC `images`). Returns the batch's
 * loss in nats per dimension, before the update.
 */
export declare function parallelTrainStep({ trainer, workers, run }: ParallelStep, images: Uint8Array, shape: [number, number, number, number], labels: Int32Array | undefined, dropout: number, 
/** Share k of the step seeds its dropout masks with `${dropoutSeed}/${k}`. */
dropoutSeed: string): Promise<number>;
