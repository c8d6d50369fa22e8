import type { BackendChoice } from './backends/registry.js';
import type { BackendAttempt, BackendName } from './backends/backend.js';
import type { ModelConfig } from './config.js';
import type { ImageInput } from './image.js';
import type { MixtureKernel } from './mixture/index.js';
import type { Float32TensorData } from './weights/safetensors.js';
import type { WeightSource } from './weights/source.js';
import type { FitOptions, FitResult } from './training/fit.js';
/** Weights already in memory, under the canonical (PyTorch port) names. */
export interface TensorSource {
    config: Partial<ModelConfig>;
    tensors: ReadonlyMap<string, Float32TensorData> | Readonly<Record<string, Float32TensorData>>;
}
export type ModelSource = WeightSource | TensorSource;
export interface LoadProgress {
    status: 'download' | 'ready';
    loaded: number;
    total: number | undefined;
}
export interface LoadOptions {
    /** Which tfjs backend runs the network. @defaultValue 'auto' (webgpu, then wasm, then cpu) */
    backend?: BackendChoice;
    /** Config fields for checkpoints whose metadata lacks them (metadata wins where both are given). */
    config?: Partial<ModelConfig>;
    onProgress?: (progress: LoadProgress) => void;
    signal?: AbortSignal;
    /** The `fetch` used for URLs. @defaultValue globalThis.fetch */
    fetch?: typeof fetch;
    /** Run one forward pass at load so the first real call does not pay for shader compilation. @defaultValue false */
    warmup?: boolean;
}
export interface LogProbOptions {
    /** Class labels, one per image, for class-conditional models. */
    labels?: ArrayLike<number>;
    /** Images per network call; bounds memory for large batches. @defaultValue 16 */
    batchSize?: number;
}
export interface LogProbResult {
    /** log p(image) in nats, one per image (float64 sums of per-pixel values). */
    nats: Float64Array;
    /** -log2 p(image) / (H * W * C), one per image. */
    bitsPerDim: Float64Array;
}
export interface LogProbMapResult extends LogProbResult {
    /** log p of each pixel given the pixels before it in raster order, nats, `[N, H, W]` row-major. */
    data: Float64Array;
    shape: [number, number, number];
}
export interface SampleOptions {
    /**
     * Integer in [0, 2^53 - 1]. The same seed, model and backend give the same images; image k
     * is the same whatever `count` or `batchSize`. @defaultValue a random seed (returned)
     */
    seed?: number;
    /** Images to draw. @defaultValue 1 */
    count?: number;
    /** Class labels for class-conditional models: one per image, or one for all. */
    labels?: number | ArrayLike<number>;
    /**
     * Sharpness: logits are divided by `temperature` and logistic scales multiplied by it.
     * 1 samples the model's distribution; smaller values give cleaner, less varied images.
     * @defaultValue 1
     */
    temperature?: number;
    /** Called as rows complete, with pixels done and in total (over all images). */
    onProgress?: (done: number, total: number) => void;
    /** Stops the work; the promise rejects with the signal's reason and every tensor is freed. */
    signal?: AbortSignal;
    /**
     * `'cached'` keeps every layer's past activations and computes only what each new pixel
     * changes (Ramachandran et al. 2017); `'naive'` runs the whole network for every pixel. Both
     * give the same images. @defaultValue 'cached'
     */
    method?: 'cached' | 'naive';
    /** Images generated together. @defaultValue 16 */
    batchSize?: number;
    /**
     * Index of the first image in the seed's stream: image k of a call is image `startIndex + k`
     * of the seed, so a large set can be drawn in parts (or one image of it alone). @defaultValue 0
     */
    startIndex?: number;
}
export interface CompleteOptions extends Omit<SampleOptions, 'count'> {
    /** Keep the first `knownRows` rows and sample the rest. */
    knownRows?: number;
    /** Or: `H * W` flags, non-zero where the pixel is kept (the same for every image). */
    mask?: ArrayLike<number | boolean>;
}
/** Generated images, uint8 NHWC, with the seed that drew them. */
export interface SampleResult {
    data: Uint8Array;
    shape: [number, number, number, number];
    seed: number;
}
export interface CreateOptions {
    /** Which tfjs backend runs the network. @defaultValue 'auto' */
    backend?: BackendChoice;
    /** Seeds the random initial weights. @defaultValue 0 */
    seed?: number;
}
export interface SaveOptions {
    /**
     * Also write the training state (raw parameters, optimizer moments, step, epoch) so that
     * `fit` can resume from the file. The canonical tensors always hold the averaged parameters.
     * @defaultValue false
     */
    training?: boolean;
}
export declare class PixelCNNPP {
    readonly config: Readonly<Required<ModelConfig>>;
    private readonly runtime;
    private net;
    private readonly mixture;
    private tensors;
    /** The state `fit` resumes from: loaded from a training checkpoint, or left by the last `fit`. */
    private training;
    /** Random weights from `create`, not yet through the data-dependent initialisation. */
    private untrained;
    private fitting;
    private disposed;
    private constructor();
    /**
     * A new model with random weights, to train with `fit` (whose first batch runs the paper's
     * data-dependent initialisation).
     */
    static create(config: Partial<ModelConfig>, options?: CreateOptions): Promise<PixelCNNPP>;
    private static build;
    /**
     * Loads a model from a safetensors checkpoint (a URL, a file path under Node, or its bytes),
     * or from tensors in memory. Checkpoints use the PyTorch port's names; the original TensorFlow
     * release's variable names are recognised and converted. Without a source: the bundled
     * class-conditional MNIST model (`env.defaultModel` says where it is).
     */
    static load(source?: ModelSource, options?: LoadOptions): Promise<PixelCNNPP>;
    /** The tfjs backend the network runs on. */
    get backend(): BackendName;
    /** The backend's own description (WebGPU adapter, wasm SIMD/threads). */
    get backendInfo(): string;
    /**
     * How the backend was chosen: every candidate tried, in order, with why it was passed over or
     * unavailable, ending with the chosen one.
     */
    get backendReport(): readonly BackendAttempt[];
    /** Which build of the mixture module is in use. */
    get mixtureImpl(): MixtureKernel['impl'];
    /** The log-likelihood of each image under the model. */
    logProb(images: ImageInput, options?: LogProbOptions): Promise<LogProbResult>;
    /** Per-pixel log-likelihoods, for heat maps and anomaly detection, with the per-image totals. */
    logProbMap(images: ImageInput, options?: LogProbOptions): Promise<LogProbMapResult>;
    /**
     * The raw network output (mixture parameters) for uint8 NHWC images: `[N, H, W, P]` float32.
     * For inspection and for checking ports against each other.
     */
    forward(images: ImageInput, options?: Pick<LogProbOptions, 'labels'>): Promise<Float32Array>;
    /** Draws new images pixel by pixel. */
    sample(options?: SampleOptions): Promise<SampleResult>;
    /**
     * Keeps the given pixels of each image and samples the others in raster order, each drawn
     * given every pixel before it (given or drawn): the classic "complete the bottom half".
     */
    complete(images: ImageInput, options: CompleteOptions): Promise<SampleResult>;
    /** The checkpoint as safetensors bytes (canonical names, config in the metadata). */
    save(options?: SaveOptions): Uint8Array;
    /**
     * Trains the model on uint8 images (the paper's recipe by default: Adam with beta1 0.95,
     * beta2 0.9995, learning rate 1e-3 decayed by 0.999995 per step, dropout, data-dependent
     * initialisation of a new model, polyak averaging). After each epoch the model evaluates,
     * samples and saves with the averaged parameters. A model loaded from a checkpoint saved with
     * `save({ training: true })` continues that run: `epochs` counts the earlier epochs too.
     */
    fit(images: ImageInput, options?: FitOptions): Promise<FitResult>;
    private runFit;
    /** The worker threads of `fit({ workers })`, or undefined for one thread. */
    private startWorkers;
    /** Takes the trainer's averaged parameters as the model's, and its state for a later resume. */
    private adoptAveraged;
    /** Frees the network's tensors. Idempotent; later calls throw `E_DISPOSED`. */
    dispose(): void;
    private generateImages;
    private evaluate;
    private runNetwork;
    private checkLabels;
    private checkAlive;
}
