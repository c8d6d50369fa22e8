/**
 * A model's threads (`PixelCNNPP.load(source, { workers })`, Node): splits a call's images
 * across the main thread and the worker threads (in chunks that the threads take in turn, see
 * `thread-shares.ts`), and puts the results, the progress and the partial images back together.
 * The workers are started on the first call with images for more than one thread (or by
 * `warmUp`); the main thread works on the call's chunks meanwhile.
 */
import { PixelCNNPPError } from '../errors.js';
import type { Uint8ImageBatch } from '../image.js';
import type { LogProbMapResult, LogProbResult } from '../log-prob.js';
import type { PartialImages, SampleResult } from '../sampling/sample-options.js';
import type { StepHelperThread } from '../sampling/step-helper.js';
import type { ChunkResult, DrawSettings, ImageChunk, InferenceSetup } from './inference-workers.js';
import { InferenceWorkers } from './inference-workers.js';
import { ChunkCounter, chunkImages, chunkSettings, imageChunks, joinLogProbs } from './thread-shares.js';

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
  known?: { batch: Uint8ImageBatch; mask: Uint8Array } | undefined;
  signal: AbortSignal | undefined;
  onProgress: ((done: number, total: number, partial: PartialImages) => void) | undefined;
}

const NONE_FREE: StepHelperThread = { serve: () => false };

/**
 * How long the main thread, done with its chunks, waits awake for the workers' last replies (see
 * `doorbell.ts`): longer than two balanced shares drift apart, short enough that the event loop
 * is not held up much when a worker has a whole chunk left.
 */
const REPLY_SPIN_MS = 1;

export class ModelThreads {
  private pool: Promise<InferenceWorkers> | undefined;
  /** The pool once started: a call is sent to its workers before the main thread takes a chunk. */
  private ready: InferenceWorkers | undefined;

  /** `count` threads in all, the main one included; `setup` gives the model the workers load. */
  constructor(
    readonly count: number,
    private readonly setup: () => InferenceSetup,
  ) {}

  /**
   * For a call that is not split: a worker to lend to its stepper, which runs half of each
   * row-wide kernel call (see `step-helper.ts`); undefined on one thread. Lends one only once
   * the workers are up (`warmUp`, or a call split across them): a one-image call does not start
   * them, as a script that draws one image and exits would wait for their start.
   */
  get stepHelper(): StepHelperThread | undefined {
    return this.count > 1 ? this.lender : undefined;
  }

  /**
   * For a split call's chunks on the main thread: the workers are busy with chunks of their own,
   * so none is lent, but the stepper keeps its kernels on the same shared memory (one copy of the
   * weights) as a one-image call's.
   */
  get busyStepHelper(): StepHelperThread | undefined {
    return this.count > 1 ? NONE_FREE : undefined;
  }

  private readonly lender: StepHelperThread = {
    serve: (memory, control, stackTop, session) => {
      const pool = this.ready;
      if (pool === undefined) return false;
      // Always the same worker: a network's control block and helper stack serve one thread.
      pool.call(0, { type: 'help', memory, control, stackTop, session }, { onChunk: () => undefined }).catch(() => undefined);
      return true;
    },
  };

  /** Whether a call on `images` images is split. */
  splits(images: number): boolean {
    return this.count > 1 && images > 1;
  }

  /** `logProb` / `logProbMap` of `batch`; `local` evaluates a chunk on the main thread. */
  async logProb(
    batch: Uint8ImageBatch,
    request: LogProbShareRequest,
    local: (share: Uint8ImageBatch, labels: Int32Array | undefined, signal: AbortSignal) => Promise<LogProbResult | LogProbMapResult>,
  ): Promise<LogProbResult | LogProbMapResult> {
    const [n, h, w, c] = batch.shape;
    const chunks = imageChunks(n, this.count, request.batchSize);
    const results = await this.runChunks<LogProbResult | LogProbMapResult>(
      chunks,
      request.signal,
      (chunk, _k, signal) => local(chunkImages(batch.data, batch.shape, chunk), request.labels?.subarray(chunk.from, chunk.from + chunk.count), signal),
      (pool, worker, next, options) =>
        pool.call(
          worker,
          { type: 'logProb', images: batch.data.slice(), shape: [n, h, w, c], labels: request.labels?.slice(), batchSize: request.batchSize, perPixelMap: request.perPixelMap, chunks, next },
          options,
        ),
    );
    return joinLogProbs(results, chunks, n);
  }

  /**
   * Starts the workers now, and has each evaluate `probe` (one image) so that its code is
   * compiled before the first real call.
   */
  async warmUp(probe: Uint8ImageBatch, labels: Int32Array | undefined): Promise<void> {
    if (this.count === 1) return;
    const pool = await this.workers();
    const shape: [number, number, number, number] = [...probe.shape];
    const request = { type: 'logProb' as const, shape, batchSize: undefined, perPixelMap: false, chunks: [{ from: 0, count: 1 }] };
    await Promise.all(
      Array.from({ length: pool.size }, (_, k) =>
        pool.call(k, { ...request, images: probe.data.slice(), labels: labels?.slice(), next: new ChunkCounter().buffer }, { onChunk: () => undefined }),
      ),
    );
  }

  /**
   * `sample` or `complete`: `local(chunk settings, chunk's known images, signal, onProgress)`
   * draws a chunk on the main thread. Progress counts the pixels of every chunk; the partial
   * images hold every chunk's rows drawn so far.
   */
  async draw(
    request: DrawRequest,
    imageShape: readonly [number, number, number],
    local: (
      count: number,
      settings: DrawSettings,
      known: { batch: Uint8ImageBatch; mask: Uint8Array } | undefined,
      signal: AbortSignal,
      onProgress: ((done: number, total: number, partial: PartialImages) => void) | undefined,
    ) => Promise<SampleResult>,
  ): Promise<SampleResult> {
    const { count, settings, known, onProgress } = request;
    const [h, w, c] = imageShape;
    const imageSize = h * w * c;
    const chunks = imageChunks(count, this.count, settings.batchSize);
    const data = new Uint8Array(count * imageSize);
    const partial: PartialImages = { data, shape: [count, h, w, c] };
    const done = new Array<number>(chunks.length).fill(0);
    const report = (k: number, pixels: number, drawn: Uint8Array) => {
      data.set(drawn, chunks[k]!.from * imageSize);
      done[k] = pixels;
      onProgress!(done.reduce((a, b) => a + b, 0), count * h * w, partial);
    };
    const progress = onProgress !== undefined;

    const results = await this.runChunks<SampleResult>(
      chunks,
      request.signal,
      (chunk, k, signal) => {
        const chunkKnown = known && { batch: chunkImages(known.batch.data, known.batch.shape, chunk), mask: known.mask };
        return local(chunk.count, chunkSettings(settings, chunk), chunkKnown, signal, progress ? (pixels, _total, drawn) => report(k, pixels, drawn.data) : undefined);
      },
      (pool, worker, next, options) => {
        const withProgress = { ...options, ...(progress ? { onProgress: (k: number, pixels: number, drawn: Uint8Array) => report(k, pixels, drawn) } : {}) };
        return known
          ? pool.call(worker, { type: 'complete', images: known.batch.data.slice(), shape: [count, h, w, c], mask: known.mask, settings, progress, chunks, next }, withProgress)
          : pool.call(worker, { type: 'sample', settings, progress, chunks, next }, withProgress);
      },
    );

    const labels = results[0]!.labels ? new Int32Array(count) : undefined;
    results.forEach((result, k) => {
      data.set(result.data, chunks[k]!.from * imageSize);
      labels?.set(result.labels!, chunks[k]!.from);
    });
    return { data, shape: [count, h, w, c], seed: settings.seed, ...(labels ? { labels } : {}) };
  }

  /** Stops the workers now; calls still out reject with `reason`. */
  close(reason: Error): void {
    const pool = this.pool;
    this.pool = undefined;
    this.ready = undefined;
    // A pool that failed to start has nothing to stop.
    void pool?.then((workers) => workers.terminate(reason), () => undefined);
  }

  /**
   * For new parameters: the next call starts new workers, and the current ones stop once the
   * calls running on them (with the parameters they began with) have finished.
   */
  renew(): void {
    const pool = this.pool;
    this.pool = undefined;
    this.ready = undefined;
    void pool?.then((workers) => workers.retire(), () => undefined);
  }

  private workers(): Promise<InferenceWorkers> {
    if (this.pool === undefined) {
      const starting = InferenceWorkers.start(this.count - 1, this.setup());
      this.pool = starting;
      // A failed start is not kept: the next call tries again.
      starting.then(
        (pool) => {
          if (this.pool === starting) this.ready = pool;
        },
        () => {
          if (this.pool === starting) this.pool = undefined;
        },
      );
    }
    return this.pool;
  }

  /** The pool, or undefined if the main thread has finished every chunk before it started. */
  private startedOrFinished(mainFinished: Promise<undefined>): Promise<InferenceWorkers | undefined> {
    const starting = this.workers();
    // A start no longer waited for must not fail unseen (the next call tries again).
    starting.catch(() => undefined);
    return Promise.race([starting, mainFinished]);
  }

  /**
   * Runs `chunks` with one signal that the caller's signal or a failing chunk aborts: the main
   * thread takes chunks with `local`, each worker with one `send` that takes chunks until none
   * is left. Started workers are sent the call before the main thread takes its first chunk
   * (which runs a while before it yields); workers still starting, once they are up, and not
   * at all if every chunk has been taken by then. Results in chunk order; the first failure is
   * thrown once every thread has stopped.
   */
  private async runChunks<R>(
    chunks: readonly ImageChunk[],
    signal: AbortSignal | undefined,
    local: (chunk: ImageChunk, k: number, signal: AbortSignal) => Promise<R>,
    send: (pool: InferenceWorkers, worker: number, next: SharedArrayBuffer, options: { signal: AbortSignal; onChunk: (k: number, result: ChunkResult) => void }) => Promise<void>,
  ): Promise<R[]> {
    signal?.throwIfAborted();
    const controller = new AbortController();
    const forward = () => controller.abort(signal!.reason);
    signal?.addEventListener('abort', forward, { once: true });
    const counter = new ChunkCounter();
    const results = new Array<R>(chunks.length);
    let mainDone!: () => void;
    const mainFinished = new Promise<undefined>((resolve) => (mainDone = () => resolve(undefined)));
    const onChunk = (k: number, result: ChunkResult) => (results[k] = result as R);
    let sentTo: InferenceWorkers | undefined;
    const workers = Array.from({ length: Math.min(this.count - 1, chunks.length - 1) }, async (_, worker) => {
      const pool = this.ready ?? (await this.startedOrFinished(mainFinished));
      if (pool === undefined || counter.taken >= chunks.length) return;
      controller.signal.throwIfAborted();
      sentTo = pool;
      await send(pool, worker, counter.buffer, { signal: controller.signal, onChunk });
    });
    const main = (async () => {
      try {
        for (let k = counter.take(); k < chunks.length; k = counter.take()) {
          controller.signal.throwIfAborted();
          results[k] = await local(chunks[k]!, k, controller.signal);
        }
        sentTo?.spinForReply(REPLY_SPIN_MS);
      } finally {
        mainDone();
      }
    })();
    const threads = [main, ...workers];
    try {
      await Promise.all(threads);
    } catch (error) {
      controller.abort(error);
      await Promise.allSettled(threads);
      throw error;
    } finally {
      signal?.removeEventListener('abort', forward);
    }
    return results;
  }
}

/** Checks the `workers` option's value. */
export function checkWorkerCount(workers: unknown): number {
  if (typeof workers !== 'number' || !Number.isInteger(workers) || workers < 1) {
    throw new RangeError(`workers: expected a positive integer, got ${String(workers)}.`);
  }
  return workers as number;
}

/** Checks that `workers` threads can run a model on `backend` here. */
export function checkWorkers(workers: unknown, backend: string, isNode: boolean): number {
  checkWorkerCount(workers);
  if (workers === 1) return 1;
  if (!isNode) {
    throw new PixelCNNPPError('E_WORKER', `workers: ${workers} threads need Node's worker_threads; in a browser use workers: 1 (the wasm backend threads itself on a cross-origin isolated page).`);
  }
  if (backend !== 'wasm' && backend !== 'cpu') {
    throw new PixelCNNPPError('E_WORKER', `workers: worker threads run the 'wasm' and 'cpu' backends; this model runs on '${backend}'. Pass backend: 'wasm' or workers: 1.`);
  }
  return workers as number;
}
