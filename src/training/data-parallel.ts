/**
 * Data-parallel training in Node (`fit({ workers })`): each batch is cut into shares, the main
 * thread computes the gradients of the first and worker threads those of the others, each on
 * its own instance of the backend, all at the parameters of the step. The gradients are summed
 * on the main thread and one update is applied, so a step equals the one-thread step up to the
 * order of float additions and the dropout masks. tfjs-backend-wasm runs one thread in Node;
 * this is how training uses the other cores.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { ModelConfig } from '../config.js';
import { PixelCNNPPError } from '../errors.js';
import { toNetworkInput } from '../image.js';
import type { TensorMap } from '../weights/weight-map.js';
import type { LossSettings, Trainer } from './trainer.js';
import { startGradientThreads } from './worker-threads.js';
import { followWorker } from '../util/follow-worker.js';

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

export type WorkerReply =
  | { type: 'ready'; backend: string }
  | { type: 'gradients'; id: number; loss: number; grads: Map<string, Float32Array> }
  | { type: 'error'; id: number; message: string };

interface WorkerLike {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (reply: WorkerReply) => void): void;
  on(event: 'error', listener: (error: Error) => void): void;
  on(event: 'exit', listener: (code: number) => void): void;
  terminate(): Promise<number>;
}

interface Pending {
  resolve: (result: { loss: number; grads: Map<string, Float32Array> }) => void;
  reject: (error: Error) => void;
}

function workerFailure(message: string): PixelCNNPPError {
  return new PixelCNNPPError('E_TRAINING', `fit: a training worker failed: ${message}`);
}

/** Worker threads that compute gradients of batch shares. */
export class GradientWorkers {
  private readonly workers: WorkerLike[];
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;
  private failure: Error | undefined;
  private closing = false;

  private constructor(workers: WorkerLike[]) {
    this.workers = workers;
  }

  /** Starts `count` workers and waits until each has its backend running. */
  static async start(count: number, setup: WorkerSetup): Promise<GradientWorkers> {
    const workers = await startGradientThreads<WorkerLike>(count, setup);
    const pool = new GradientWorkers(workers);
    try {
      await Promise.all(workers.map((worker) => pool.listen(worker)));
    } catch (error) {
      await pool.terminate();
      throw error;
    }
    return pool;
  }

  get size(): number {
    return this.workers.length;
  }

  /** Gradients of each share (one share per worker at most), at `params`. */
  compute(params: TensorMap, shares: readonly BatchShare[]): Promise<Array<{ loss: number; grads: Map<string, Float32Array> }>> {
    if (shares.length > this.workers.length) throw new RangeError(`compute: ${shares.length} shares for ${this.workers.length} workers.`);
    if (this.failure !== undefined) return Promise.reject(this.failure);
    return Promise.all(
      shares.map((share, i) => {
        const id = this.nextId++;
        return new Promise<{ loss: number; grads: Map<string, Float32Array> }>((resolve, reject) => {
          this.pending.set(id, { resolve, reject });
          const request: GradientRequest = { ...share, id, params };
          this.workers[i]!.postMessage(request);
        });
      }),
    );
  }

  async terminate(): Promise<void> {
    this.closing = true;
    this.fail(workerFailure('the workers were stopped'));
    await Promise.all(this.workers.map((worker) => worker.terminate()));
  }

  /** Resolves when the worker reports its backend ready; afterwards routes its replies. */
  private listen(worker: WorkerLike): Promise<void> {
    return followWorker(worker, {
      onReply: (reply) => {
        const pending = this.pending.get(reply.id);
        if (pending === undefined) return reply.type === 'error' ? workerFailure(reply.message) : undefined;
        this.pending.delete(reply.id);
        if (reply.type === 'error') pending.reject(workerFailure(reply.message));
        else pending.resolve(reply);
        return undefined;
      },
      onFailure: (failure) => this.fail(failure),
      closing: () => this.closing,
      failure: workerFailure,
    });
  }

  private fail(error: Error): void {
    this.failure ??= error;
    for (const pending of this.pending.values()) pending.reject(error);
    this.pending.clear();
  }
}

/** Image counts of `parts` near-equal shares of a batch of `count` (the first ones larger; zeros dropped). */
export function shareSizes(count: number, parts: number): number[] {
  const base = Math.floor(count / parts);
  const extra = count % parts;
  return Array.from({ length: parts }, (_, i) => base + (i < extra ? 1 : 0)).filter((n) => n > 0);
}

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
export async function parallelTrainStep(
  { trainer, workers, run }: ParallelStep,
  images: Uint8Array,
  shape: [number, number, number, number],
  labels: Int32Array | undefined,
  dropout: number,
  /** Share k of the step seeds its dropout masks with `${dropoutSeed}/${k}`. */
  dropoutSeed: string,
): Promise<number> {
  const [n, h, w, c] = shape;
  const imageSize = h * w * c;
  const scale = 1 / (n * imageSize);
  const toTensors = (from: number, count: number) => ({
    x: tf.tensor4d(toNetworkInput(images.subarray(from * imageSize, (from + count) * imageSize)), [count, h, w, c], 'float32'),
    labels: labels ? tf.tensor1d(labels.subarray(from, from + count), 'int32') : undefined,
  });

  // A fresh model's data-dependent initialisation sees the whole first batch, as on one thread.
  const params = await run(async () => {
    if (trainer.needsInitialization) {
      const batch = toTensors(0, n);
      trainer.initialize(batch.x, batch.labels, { dropout, dropoutSeed });
      tf.dispose([batch.x, ...(batch.labels ? [batch.labels] : [])]);
    }
    return trainer.rawParameters();
  });

  const [own, ...others] = shareSizes(n, workers.size + 1);
  const shares: BatchShare[] = [];
  for (let i = 0, from = own!; i < others.length; from += others[i]!, i++) {
    const count = others[i]!;
    shares.push({
      images: images.slice(from * imageSize, (from + count) * imageSize),
      shape: [count, h, w, c],
      ...(labels ? { labels: labels.slice(from, from + count) } : {}),
      dropout,
      dropoutSeed: `${dropoutSeed}/${i + 1}`,
      scale,
    });
  }
  const fromWorkers = workers.compute(params, shares);
  // Awaited below, after this thread's share; a failure in the meantime is not unhandled.
  fromWorkers.catch(() => undefined);

  const mine = await run(() => {
    const share = toTensors(0, own!);
    try {
      return trainer.gradients(share.x, share.labels, { dropout, scale, dropoutSeed: `${dropoutSeed}/0` });
    } finally {
      tf.dispose([share.x, ...(share.labels ? [share.labels] : [])]);
    }
  });
  let results: Awaited<typeof fromWorkers>;
  try {
    results = await fromWorkers;
  } catch (error) {
    tf.dispose([mine.loss, ...mine.grads.values()]);
    throw error;
  }

  return run(async () => {
    const summed = new Map<string, tf.Tensor>();
    try {
      for (const [name, grad] of mine.grads) {
        summed.set(
          name,
          tf.tidy(() => results.reduce<tf.Tensor>((sum, r) => tf.add(sum, tf.tensor(r.grads.get(name)!, grad.shape, 'float32')), grad)),
        );
      }
      trainer.applyGradients(summed);
      return (await mine.loss.data())[0]! + results.reduce((sum, r) => sum + r.loss, 0);
    } finally {
      tf.dispose([mine.loss, ...mine.grads.values(), ...summed.values()]);
    }
  });
}
