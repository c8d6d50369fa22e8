/**
 * The worker threads of `PixelCNNPP.load(source, { workers })` (Node): each holds its own copy
 * of the model, on its own instance of the backend, and evaluates or draws the images it is
 * sent. tfjs-backend-wasm runs one thread in Node; this is how inference uses the other cores.
 * Threads are started on the first call that needs them and are unref'd while idle, so a
 * process that forgets `dispose()` can still exit.
 */
import type { ModelConfig } from '../config.js';
import type { LogLevel, WasmEnv } from '../env.js';
import { PixelCNNPPError } from '../errors.js';
import type { LogProbMapResult, LogProbResult } from '../log-prob.js';
import type { SampleResult } from '../sampling/sample-options.js';
import type { TensorMap } from '../weights/weight-map.js';
import { followWorker } from '../util/follow-worker.js';
import type { SampleSettings } from '../sampling/sample-options.js';
import { Doorbell, spinUntil } from './doorbell.js';
import { startInferenceThreads } from './inference-threads.js';

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
export function workerDoorbells(buffer: SharedArrayBuffer): { calls: Doorbell; replies: Doorbell } {
  return { calls: new Doorbell(buffer, 0), replies: new Doorbell(buffer, 1) };
}

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

export type InferenceRequest =
  | ({
      type: 'logProb';
      id: number;
      /** Every image of the call, `[n, H, W, C]`, and its labels. */
      images: Uint8Array;
      shape: [number, number, number, number];
      labels: Int32Array | undefined;
      batchSize: number | undefined;
      perPixelMap: boolean;
    } & ChunkedCall)
  | ({ type: 'sample'; id: number; settings: DrawSettings; progress: boolean } & ChunkedCall)
  | ({
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
  | { type: 'help'; id: number; memory: WebAssembly.Memory; control: number; stackTop: number; session: number }
  | { type: 'abort'; id: number };

/** An error as it crosses threads: enough to throw the same type with the same code. */
export interface ThreadError {
  name: string;
  message: string;
  code?: string;
}

export type ChunkResult = LogProbResult | LogProbMapResult | SampleResult;

export type InferenceReply =
  | { type: 'ready' }
  /** Pixels drawn so far in chunk `chunk`, and its images as drawn so far. */
  | { type: 'progress'; id: number; chunk: number; done: number; images: Uint8Array }
  /** The result of chunk `chunk`. */
  | { type: 'chunk'; id: number; chunk: number; result: ChunkResult }
  /** No chunk is left for this worker. */
  | { type: 'done'; id: number }
  | { type: 'error'; id: number; error: ThreadError };

/** Rebuilds a worker's error on this thread: argument errors keep their type, library errors their code. */
export function fromThreadError(error: ThreadError): Error {
  if (error.name === 'PixelCNNPPError' && error.code !== undefined) {
    return new PixelCNNPPError(error.code as PixelCNNPPError['code'], error.message);
  }
  if (error.name === 'RangeError') return new RangeError(error.message);
  if (error.name === 'TypeError') return new TypeError(error.message);
  return new PixelCNNPPError('E_WORKER', `an inference worker failed: ${error.message}`);
}

export function toThreadError(error: unknown): ThreadError {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return { name: error.name, message: error.message, ...(typeof code === 'string' ? { code } : {}) };
  }
  return { name: 'Error', message: String(error) };
}

interface WorkerLike {
  postMessage(message: unknown, transfer?: readonly ArrayBuffer[]): void;
  on(event: 'message', listener: (reply: InferenceReply) => void): void;
  on(event: 'error', listener: (error: Error) => void): void;
  on(event: 'exit', listener: (code: number) => void): void;
  ref(): void;
  unref(): void;
  terminate(): Promise<number>;
}

/** A worker and its doorbells. */
interface Thread {
  worker: WorkerLike;
  calls: Doorbell;
  replies: Doorbell;
  /** The calls' last replies received from it, each of which it rang `replies` for. */
  lastReplies: number;
}

interface Pending {
  thread: Thread;
  resolve: () => void;
  reject: (error: Error) => void;
  onChunk: (chunk: number, result: ChunkResult) => void;
  onProgress: ((chunk: number, done: number, images: Uint8Array) => void) | undefined;
}

export interface CallOptions {
  signal?: AbortSignal | undefined;
  /** Called with each chunk's result as the worker finishes it. */
  onChunk: (chunk: number, result: ChunkResult) => void;
  /** Called with the pixels drawn so far in a chunk and its images as drawn so far. */
  onProgress?: ((chunk: number, done: number, images: Uint8Array) => void) | undefined;
}

type NewRequest = InferenceRequest extends infer R ? (R extends { type: 'abort' } ? never : Omit<R, 'id'>) : never;

function workerFailure(message: string): PixelCNNPPError {
  return new PixelCNNPPError('E_WORKER', `an inference worker failed: ${message}`);
}

export class InferenceWorkers {
  private readonly threads: Thread[];
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;
  private failure: Error | undefined;
  private closing = false;
  private retiring = false;

  private constructor(threads: Thread[]) {
    this.threads = threads;
  }

  /** Starts `count` workers and waits until each holds the model. */
  static async start(count: number, setup: InferenceSetup): Promise<InferenceWorkers> {
    const buffers = Array.from({ length: count }, () => Doorbell.buffer(2));
    const workers = await startInferenceThreads<WorkerLike>(count, (k) => ({ ...setup, doorbells: buffers[k]! }) satisfies InferenceWorkerData);
    const pool = new InferenceWorkers(workers.map((worker, k) => ({ worker, ...workerDoorbells(buffers[k]!), lastReplies: 0 })));
    try {
      await Promise.all(pool.threads.map((thread) => pool.listen(thread)));
    } catch (error) {
      await pool.terminate();
      throw error;
    }
    for (const worker of workers) worker.unref();
    return pool;
  }

  get size(): number {
    return this.threads.length;
  }

  /**
   * Has worker `index` take chunks of `request` until none is left; resolves then (each chunk's
   * result has gone to `options.onChunk`). An abort rejects at once with the signal's reason and
   * tells the worker to stop at its next row or chunk.
   */
  call(index: number, request: NewRequest, options: CallOptions): Promise<void> {
    const { signal } = options;
    if (this.failure !== undefined) return Promise.reject(this.failure);
    if (signal?.aborted) return Promise.reject(signal.reason);
    const thread = this.threads[index]!;
    const id = this.nextId++;
    return new Promise<void>((resolve, reject) => {
      const onAbort = () => {
        if (!this.pending.delete(id)) return;
        this.idle(thread);
        this.post(thread, { type: 'abort', id });
        reject(signal!.reason);
      };
      this.pending.set(id, {
        thread,
        resolve: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
        reject: (error) => {
          signal?.removeEventListener('abort', onAbort);
          reject(error);
        },
        onChunk: options.onChunk,
        onProgress: options.onProgress,
      });
      signal?.addEventListener('abort', onAbort, { once: true });
      // While a call is out, the worker keeps the process alive: the caller awaits its reply.
      thread.worker.ref();
      // The images are the caller's copy for this worker: moved, not cloned.
      this.post(thread, { ...request, id } as InferenceRequest, 'images' in request ? [request.images.buffer as ArrayBuffer] : []);
    });
  }

  /**
   * For a thread about to wait for the workers' calls to end: spins until a worker with a call
   * out has sent a call's last reply, for at most `ms`, so that the reply is taken while this
   * thread is still awake (see `doorbell.ts`). Returns at once if no call is out.
   */
  spinForReply(ms: number): void {
    const out = this.threads.filter((thread) => this.hasCallOut(thread));
    if (out.length > 0) spinUntil(() => out.some((thread) => thread.replies.rung > thread.lastReplies), ms);
  }

  /** Stops every worker once the calls out have settled (they finish on the model they began with). */
  retire(): void {
    this.retiring = true;
    if (this.pending.size === 0) void this.terminate();
  }

  /** Stops every worker; calls still out reject with `reason`. */
  async terminate(reason: Error = workerFailure('the workers were stopped')): Promise<void> {
    this.closing = true;
    this.fail(reason);
    await Promise.all(this.threads.map((thread) => thread.worker.terminate()));
  }

  private hasCallOut(thread: Thread): boolean {
    return [...this.pending.values()].some((p) => p.thread === thread);
  }

  /** Posts `message` to the thread's worker and rings its `calls` doorbell. */
  private post(thread: Thread, message: InferenceRequest, transfer: ArrayBuffer[] = []): void {
    thread.worker.postMessage(message, transfer);
    thread.calls.ring();
  }

  /** Resolves when the worker reports the model loaded; afterwards routes its replies. */
  private listen(thread: Thread): Promise<void> {
    return followWorker(thread.worker, {
      onReply: (reply) => {
        if (reply.type === 'error' && reply.id === -1) return fromThreadError(reply.error);
        if (reply.type === 'done' || reply.type === 'error') thread.lastReplies++;
        const pending = this.pending.get(reply.id);
        if (pending === undefined) return undefined;
        if (reply.type === 'progress') {
          pending.onProgress?.(reply.chunk, reply.done, reply.images);
          return undefined;
        }
        if (reply.type === 'chunk') {
          pending.onChunk(reply.chunk, reply.result);
          return undefined;
        }
        this.pending.delete(reply.id);
        this.idle(thread);
        if (reply.type === 'error') pending.reject(fromThreadError(reply.error));
        else pending.resolve();
        return undefined;
      },
      onFailure: (failure) => this.fail(failure),
      closing: () => this.closing,
      failure: workerFailure,
    });
  }

  /** Lets the process exit while `worker` has no call out; ends a retired pool's last call. */
  private idle(thread: Thread): void {
    if (!this.hasCallOut(thread)) thread.worker.unref();
    if (this.retiring && this.pending.size === 0) void this.terminate();
  }

  private fail(error: Error): void {
    this.failure ??= error;
    for (const pending of this.pending.values()) pending.reject(error);
    this.pending.clear();
  }
}
