/**
 * The worker threads of `PixelCNNPP.load(source, { workers })` (Node): each holds its own copy
 * of the model, on its own instance of the backend, and evaluates or draws the images it is
 * sent. tfjs-backend-wasm runs one thread in Node; this is how inference uses the other cores.
 * Threads are started on the first call that needs them and are unref'd while idle, so a
 * process that forgets `dispose()` can still exit.
 */
import type { ModelConfig } from '../config.js';
import type { LogLevel, WasmEnv } from '../env.js';
import type { LogProbMapResult, LogProbResult } from '../log-prob.js';
import type { SampleResult } from '../sampling/sample-options.js';
import type { TensorMap } from '../weights/weight-map.js';
import type { SampleSettings } from '../sampling/sample-options.js';
import { Doorbell } from './doorbell.js';
/** What a worker is started with: the model, once. */
export interface InferenceSetup {
    config: Required<ModelConfig>;
    tensors: TensorMap;
    backend: 'wasm' | 'cpu';
    /** The main thread's `env.wasm` and `env.logLevel`, so that a worker loads the same builds from the same places. */
    wasm: WasmEnv;
    logLevel: LogLevel;
}
/** What worker `k` is started with: the model, and its doorbells' buffer (see `workerDoorbells`). */
export interface InferenceWorkerData extends InferenceSetup {
    doorbells: SharedArrayBuffer;
}
/**
 * A worker's two doorbells (see `doorbell.ts`): the main thread rings `calls` after each message
 * it posts to the worker, the worker rings `replies` after the last reply of each call.
 */
export declare function workerDoorbells(buffer: SharedArrayBuffer): {
    calls: Doorbell;
    replies: Doorbell;
};
/** How a share of `sample` or `complete` is drawn: the caller's settings, for the share's images. */
export type DrawSettings = SampleSettings;
/** Images `[from, from + count)` of a call. */
export interface ImageChunk {
    from: number;
    count: number;
}
/**
 * A call's images in chunks that the threads take in turn: the worker takes the next with
 * `Atomics.add(new Int32Array(next), 0, 1)` (the main thread takes from the same counter) until
 * none is left, and replies with each chunk's result.
 */
export interface ChunkedCall {
    chunks: ImageChunk[];
    next: SharedArrayBuffer;
}
export type InferenceRequest = ({
    type: 'logProb';
    id: number;
    /** Every image of the call, `[n, H, W, C]`, and its labels. */
    images: Uint8Array;
    shape: [number, number, number, number];
    labels: Int32Array | undefined;
    batchSize: number | undefined;
    perPixelMap: boolean;
} & ChunkedCall) | ({
    type: 'sample';
    id: number;
    settings: DrawSettings;
    progress: boolean;
} & ChunkedCall) | ({
    type: 'complete';
    id: number;
    images: Uint8Array;
    shape: [number, number, number, number];
    mask: Uint8Array;
    settings: DrawSettings;
    /** Whether to report progress. */
    progress: boolean;
} & ChunkedCall)
/** Serve a stepper's session on its shared memory (see `serveStepHelper`), then reply `done`. */
 | {
    type: 'help';
    id: number;
    memory: WebAssembly.Memory;
    control: number;
    stackTop: number;
    session: number;
} | {
    type: 'abort';
    id: number;
};
/** An error as it crosses threads: enough to throw the same type with the same code. */
export interface ThreadError {
    name: string;
    message: string;
    code?: string;
}
export type ChunkResult = LogProbResult | LogProbMapResult | SampleResult;
export type InferenceReply = {
    type: 'ready';
}
/** Pixels drawn so far in chunk `chunk`, and its images as drawn so far. */
 | {
    type: 'progress';
    id: number;
    chunk: number;
    done: number;
    images: Uint8Array;
}
/** The result of chunk `chunk`. */
 | {
    type: 'chunk';
    id: number;
    chunk: number;
    result: ChunkResult;
}
/** No chunk is left for this worker. */
 | {
    type: 'done';
    id: number;
} | {
    type: 'error';
    id: number;
    error: ThreadError;
};
/** Rebuilds a worker's error on this thread: argument errors keep their type, library errors their code. */
export declare function fromThreadError(error: ThreadError): Error;
export declare function toThreadError(error: unknown): ThreadError;
export interface CallOptions {
    signal?: AbortSignal | undefined;
    /** Called with each chunk's result as the worker finishes it. */
    onChunk: (chunk: number, result: ChunkResult) => void;
    /** Called with the pixels drawn so far in a chunk and its images as drawn so far. */
    onProgress?: ((chunk: number, done: number, images: Uint8Array) => void) | undefined;
}
type NewRequest = InferenceRequest extends infer R ? (R extends {
    type: 'abort';
} ? never : Omit<R, 'id'>) : never;
export declare class InferenceWorkers {
    private readonly threads;
    private readonly pending;
    private nextId;
    private failure;
    private closing;
    private retiring;
    private constructor();
    /** Starts `count` workers and waits until each holds the model. */
    static start(count: number, setup: InferenceSetup): Promise<InferenceWorkers>;
    get size(): number;
    /**
     * Has worker `index` take chunks of `request` until none is left; resolves then (each chunk's
     * result has gone to `options.onChunk`). An abort rejects at once with the signal's reason and
     * tells the worker to stop at its next row or chunk.
     */
    call(index: number, request: NewRequest, options: CallOptions): Promise<void>;
    /**
     * For a thread about to wait for the workers' calls to end: spins until a worker with a call
     * out has sent a call's last reply, for at most `ms`, so that the reply is taken while this
     * thread is still awake (see `doorbell.ts`). Returns at once if no call is out.
     */
    spinForReply(ms: number): void;
    /** Stops every worker once the calls out have settled (they finish on the model they began with). */
    retire(): void;
    /** Stops every worker; calls still out reject with `reason`. */
    terminate(reason?: Error): Promise<void>;
    private hasCallOut;
    /** Posts `message` to the thread's worker and rings its `calls` doorbell. */
    private post;
    /** Resolves when the worker reports the model loaded; afterwards routes its replies. */
    private listen;
    /** Lets the process exit while `worker` has no call out; ends a retired pool's last call. */
    private idle;
    private fail;
}
export {};
