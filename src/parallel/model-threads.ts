/**
 * A model's threads (`PixelCNNPP.load(source, { workers })`, Node): splits a call's images
 * across the main thread and the worker threads, and puts the results, the progress and the
 * partial images back together. The workers are started on the first call with images for
 * more than one thread.
 */
import { PixelCNNPPError } from '../errors.js';
import type { Uint8ImageBatch } from '../image.js';
import type { LogProbMapResult, LogProbResult } from '../log-prob.js';
import type { PartialImages, SampleResult } from '../sampling/sample-options.js';
import type { DrawSettings, InferenceSetup } from './inference-workers.js';
import { InferenceWorkers } from './inference-workers.js';
import type { ThreadShare } from './thread-shares.js';
import { joinLogProbs, runShares, threadShares } from './thread-shares.js';

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

export class ModelThreads {
  private pool: Promise<InferenceWorkers> | undefined;

  /** `count` threads in all, the main one included; `setup` gives the model the workers load. */
  constructor(
    readonly count: number,
    private readonly setup: () => InferenceSetup,
  ) {}

  /** Whether a call on `images` images is split. */
  splits(images: number): boolean {
    return this.count > 1 && images > 1;
  }

  /** `logProb` / `logProbMap` of `batch`; `local` evaluates the main thread's share. */
  async logProb(
    batch: Uint8ImageBatch,
    request: LogProbShareRequest,
    local: (share: Uint8ImageBatch, labels: Int32Array | undefined, signal: AbortSignal) => Promise<LogProbResult | LogProbMapResult>,
  ): Promise<LogProbResult | LogProbMapResult> {
    const [n, h, w, c] = batch.shape;
    const imageSize = h * w * c;
    const shares = threadShares(n, this.count);
    const results = await this.runAll(shares, request.signal, async (share, signal) => {
      const images = batch.data.subarray(share.from * imageSize, (share.from + share.count) * imageSize);
      const shape: [number, number, number, number] = [share.count, h, w, c];
      const labels = request.labels?.subarray(share.from, share.from + share.count);
      if (share.thread === 0) return local({ data: images, shape }, labels, signal);
      // The main thread's share starts while the workers are still starting.
      const pool = await this.workers();
      signal.throwIfAborted();
      return pool.call(
        share.thread - 1,
        { type: 'logProb', images: images.slice(), shape, labels: labels?.slice(), batchSize: request.batchSize, perPixelMap: request.perPixelMap },
        { signal },
      ) as Promise<LogProbResult | LogProbMapResult>;
    });
    return joinLogProbs(results, shares, n);
  }

  /**
   * `sample` or `complete`: `local(share settings, share's known images, signal, onProgress)`
   * draws the main thread's share. Progress counts the pixels of every share; the partial
   * images hold every share's rows drawn so far.
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
    const shares = threadShares(count, this.count);
    const data = new Uint8Array(count * imageSize);
    const partial: PartialImages = { data, shape: [count, h, w, c] };
    const done = new Array<number>(shares.length).fill(0);
    const report = (share: ThreadShare, pixels: number, drawn: Uint8Array) => {
      data.set(drawn, share.from * imageSize);
      done[share.thread] = pixels;
      onProgress!(done.reduce((a, b) => a + b, 0), count * h * w, partial);
    };

    const results = await this.runAll(shares, request.signal, async (share, signal) => {
      const shareSettings: DrawSettings = {
        ...settings,
        startIndex: settings.startIndex + share.from,
        labels: settings.labels?.slice(share.from, share.from + share.count),
      };
      const images = known?.batch.data.subarray(share.from * imageSize, (share.from + share.count) * imageSize);
      if (share.thread === 0) {
        const shareKnown = known && { batch: { data: images!, shape: [share.count, h, w, c] as [number, number, number, number] }, mask: known.mask };
        return local(share.count, shareSettings, shareKnown, signal, onProgress && ((pixels, _total, drawn) => report(share, pixels, drawn.data)));
      }
      const pool = await this.workers();
      signal.throwIfAborted();
      const progress = onProgress !== undefined;
      const options = { signal, ...(progress ? { onProgress: (pixels: number, drawn: Uint8Array) => report(share, pixels, drawn) } : {}) };
      const call = known
        ? pool.call(share.thread - 1, { type: 'complete', images: images!.slice(), shape: [share.count, h, w, c], mask: known.mask, settings: shareSettings, progress }, options)
        : pool.call(share.thread - 1, { type: 'sample', count: share.count, settings: shareSettings, progress }, options);
      return call as Promise<SampleResult>;
    });

    const labels = results[0]!.labels ? new Int32Array(count) : undefined;
    results.forEach((result, k) => {
      data.set(result.data, shares[k]!.from * imageSize);
      labels?.set(result.labels!, shares[k]!.from);
    });
    return { data, shape: [count, h, w, c], seed: settings.seed, ...(labels ? { labels } : {}) };
  }

  /** Stops the workers now; calls still out reject with `reason`. */
  close(reason: Error): void {
    const pool = this.pool;
    this.pool = undefined;
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
    void pool?.then((workers) => workers.retire(), () => undefined);
  }

  private workers(): Promise<InferenceWorkers> {
    if (this.pool === undefined) {
      const starting = InferenceWorkers.start(this.count - 1, this.setup());
      this.pool = starting;
      // A failed start is not kept: the next call tries again.
      starting.catch(() => {
        if (this.pool === starting) this.pool = undefined;
      });
    }
    return this.pool;
  }

  /** Runs the shares with one signal that the caller's signal or a failing share aborts. */
  private runAll<R>(shares: readonly ThreadShare[], signal: AbortSignal | undefined, run: (share: ThreadShare, signal: AbortSignal) => Promise<R>): Promise<R[]> {
    signal?.throwIfAborted();
    const controller = new AbortController();
    const forward = () => controller.abort(signal!.reason);
    signal?.addEventListener('abort', forward, { once: true });
    return runShares(shares, controller, run).finally(() => signal?.removeEventListener('abort', forward));
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
