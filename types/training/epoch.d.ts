import type { FitProgress, ResolvedFitOptions } from './fit-options.js';
import type { GradientWorkers } from './data-parallel.js';
import type { Trainer } from './trainer.js';
export interface EpochRun {
    trainer: Trainer;
    /** The worker threads sharing each batch; undefined for one thread. */
    workers: GradientWorkers | undefined;
    /** Runs tensor work on the model's backend (the process-wide queue). */
    run: <T>(fn: () => T | Promise<T>) => Promise<T>;
    /** Training images, uint8 NHWC, and their labels for a class-conditional model. */
    images: {
        data: Uint8Array;
        shape: readonly [number, number, number, number];
    };
    labels: Int32Array | undefined;
    settings: ResolvedFitOptions;
    signal?: AbortSignal | undefined;
    onProgress?: ((progress: FitProgress) => void) | undefined;
    /** Throws if the model was disposed meanwhile. */
    checkAlive: () => void;
}
/**
 * Trains epoch `trainer.epoch + 1`, counts it in `trainer.epoch`, and returns its mean training
 * loss in bits per dimension. An abort or error leaves the count where it was.
 */
export declare function trainEpoch({ trainer, workers, run, images, labels, settings, signal, onProgress, checkAlive }: EpochRun): Promise<number>;
