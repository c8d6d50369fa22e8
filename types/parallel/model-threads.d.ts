import type { Uint8ImageBatch } from '../image.js';
import type { LogProbMapResult, LogProbResult } from '../log-prob.js';
import type { PartialImages, SampleResult } from '../sampling/sample-options.js';
import type { StepHelperThread } from '../sampling/step-helper.js';
import type { DrawSettings, InferenceSetup } from './inference-workers.js';
export interface LogProbShareRequest {
    labels: Int32Array | undefined;
    batchSize: number | undefined;
    perPixelMap: boolean;
    signal: AbortSignal | undefined;
}
/** A `sample` (no `known`) or `complete` call, as `generateImages` takes it. */
export interface DrawRequest {
    count: number;
    settings: DrawSettings;
    /** For `complete`: the images and the `H * W` flags of the pixels they keep. */
    known?: {
        batch: Uint8ImageBatch;
        mask: Uint8Array;
    } | undefined;
    signal: AbortSignal | undefined;
    onProgress: ((done: number, total: number, partial: PartialImages) => void) | undefined;
}
export declare class ModelThreads {
    readonly count: number;
    private readonly setup;
    private pool;
    /** The pool once started: a call is sent to its workers before the main thread takes a chunk. */
    private ready;
    /** `count` threads in all, the main one included; `setup` gives the model the workers load. */
    constructor(count: number, setup: () => InferenceSetup);
    /**
     * For a call that is not split: a worker to lend to its stepper, which runs half of each
     * row-wide kernel call (see `step-helper.ts`); undefined on one thread. Lends one only once
     * the workers are up (`warmUp`, or a call split across them): a one-image call does not start
     * them, as a script that draws one image and exits would wait for their start.
     */
    get stepHelper(): StepHelperThread | undefined;
    /**
     * For a split call's chunks on the main thread: the workers are busy with chunks of their own,
     * so none is lent, but the stepper keeps its kernels on the same shared memory (one copy of the
     * weights) as a one-image call's.
     */
    get busyStepHelper(): StepHelperThread | undefined;
    private readonly lender;
    /** Whether a call on `images` images is split. */
    splits(images: number): boolean;
    /** `logProb` / `logProbMap` of `batch`; `local` evaluates a chunk on the main thread. */
    logProb(batch: Uint8ImageBatch, request: LogProbShareRequest, local: (share: Uint8ImageBatch, labels: Int32Array | undefined, signal: AbortSignal) => Promise<LogProbResult | LogProbMapResult>): Promise<LogProbResult | LogProbMapResult>;
    /**
     * Starts the workers now, and has each evaluate `probe` (one image) so that its code is
     * compiled before the first real call.
     */
    warmUp(probe: Uint8ImageBatch, labels: Int32Array | undefined): Promise<void>;
    /**
     * `sample` or `complete`: `local(chunk settings, chunk's known images, signal, onProgress)`
     * draws a chunk on the main thread. Progress counts the pixels of every chunk; the partial
     * images hold every chunk's rows drawn so far.
     */
    draw(request: DrawRequest, imageShape: readonly [number, number, number], local: (count: number, settings: DrawSettings, known: {
        batch: Uint8ImageBatch;
        mask: Uint8Array;
    } | undefined, signal: AbortSignal, onProgress: ((done: number, total: number, partial: PartialImages) => void) | undefined) => Promise<SampleResult>): Promise<SampleResult>;
    /** Stops the workers now; calls still out reject with `reason`. */
    close(reason: Error): void;
    /**
     * For new parameters: the next call starts new workers, and the current ones stop once the
     * calls running on them (with the parameters they began with) have finished.
     */
    renew(): void;
    private workers;
    /** The pool, or undefined if the main thread has finished every chunk before it started. */
    private startedOrFinished;
    /**
     * Runs `chunks` with one signal that the caller's signal or a failing chunk aborts: the main
     * thread takes chunks with `local`, each worker with one `send` that takes chunks until none
     * is left. Started workers are sent the call before the main thread takes its first chunk
     * (which runs a while before it yields); workers still starting, once they are up, and not
     * at all if every chunk has been taken by then. Results in chunk order; the first failure is
     * thrown once every thread has stopped.
     */
    private runChunks;
}
/** Checks the `workers` option's value. */
export declare function checkWorkerCount(workers: unknown): number;
/** Checks that `workers` threads can run a model on `backend` here. */
export declare function checkWorkers(workers: unknown, backend: string, isNode: boolean): number;
