/**
 * The options of `PixelCNNPP.load`, `create` and `save`, and what a model is built from.
 */
import type { BackendChoice } from './backends/registry.js';
import type { ModelConfig } from './config.js';
import type { ModelSource, ReadModelOptions } from './weights/read-model.js';
import type { TrainingState } from './weights/training-checkpoint.js';
import type { TensorMap } from './weights/weight-map.js';

export interface LoadOptions extends ReadModelOptions {
  /** Which tfjs backend runs the network. @defaultValue 'auto' (webgpu, then wasm, then cpu) */
  backend?: BackendChoice;
  /**
   * Run one forward pass at load (one per thread, starting the worker threads) so the first real
   * call does not pay for shader compilation or thread start-up. @defaultValue false
   */
  warmup?: boolean;
  /**
   * Threads that `logProb`, `logProbMap`, `sample` and `complete` split their images across
   * (Node, `wasm` and `cpu` backends): the main thread and `workers - 1` worker threads, each
   * with its own copy of the model, started by the first call with images for more than one
   * thread and stopped by `dispose()`. The results are the same as on one thread.
   * tfjs-backend-wasm runs one thread in Node; this is how inference uses the other cores.
   * @defaultValue 1
   */
  workers?: number;
}

/** Every key `LoadOptions` has, to tell `load(options)` from a source (the type checker keeps the list whole). */
const LOAD_OPTION_KEYS = new Set(
  Object.keys({ backend: true, warmup: true, workers: true, config: true, onProgress: true, signal: true, fetch: true } satisfies Record<keyof LoadOptions, true>),
);

/**
 * `load`'s two forms, `load(source?, options?)` and `load(options)`, as a source and options. A
 * plain object without `tensors` is options (a source in memory always has them); any key it has
 * must be an option's, so a mistyped source is refused rather than the bundled model loaded.
 */
export function loadArguments(
  sourceOrOptions: ModelSource | LoadOptions | undefined,
  options: LoadOptions | undefined,
): { source: ModelSource | undefined; options: LoadOptions } {
  if (options !== undefined && (options === null || typeof options !== 'object')) {
    throw new TypeError(`options: expected an object, got ${options === null ? 'null' : typeof options}.`);
  }
  if (!isPlainObject(sourceOrOptions) || 'tensors' in sourceOrOptions) {
    return { source: sourceOrOptions as ModelSource | undefined, options: options ?? {} };
  }
  const unknown = Object.keys(sourceOrOptions).filter((key) => !LOAD_OPTION_KEYS.has(key));
  if (unknown.length > 0) {
    throw new TypeError(
      `options.${unknown[0]}: not an option of load (expected ${[...LOAD_OPTION_KEYS].join(', ')}); ` +
        'weights in memory are given as {config, tensors}.',
    );
  }
  if (options !== undefined) throw new TypeError('options: given twice; call load(source, options) or load(options).');
  return { source: undefined, options: sourceOrOptions as LoadOptions };
}

function isPlainObject(value: unknown): value is object {
  if (typeof value !== 'object' || value === null) return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

export interface CreateOptions {
  /** Which tfjs backend runs the network. @defaultValue 'auto' */
  backend?: BackendChoice;
  /** Seeds the random initial weights. @defaultValue 0 */
  seed?: number;
  /** Threads for inference, as `LoadOptions.workers`. @defaultValue 1 */
  workers?: number;
}

export interface SaveOptions {
  /**
   * Also write the training state (raw parameters, optimizer moments, step, epoch) so that
   * `fit` can resume from the file. The canonical tensors always hold the averaged parameters.
   * @defaultValue false
   */
  training?: boolean;
  /**
   * How the weights are stored: `'float32'` exactly, or `'float16'` in half the bytes (rounded to
   * nearest; loading upcasts them to float32). Training checkpoints are float32 only.
   * @defaultValue 'float32'
   */
  dtype?: 'float32' | 'float16';
}

/** What a model is built from: its config and parameters, and where training left off. */
export interface ModelState {
  config: Required<ModelConfig>;
  tensors: TensorMap;
  /** The state `fit` resumes from: loaded from a training checkpoint, or left by the last `fit`. */
  training: TrainingState | undefined;
  /** Random weights from `create`, not yet through the data-dependent initialisation. */
  untrained: boolean;
}

