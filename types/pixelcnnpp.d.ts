import type { BackendAttempt, BackendName } from './backends/backend.js';
import { type ModelConfig } from './config.js';
import { type ImageInput } from './image.js';
import { type LogProbMapResult, type LogProbOptions, type LogProbResult } from './log-prob.js';
import { type MixtureKernel } from './mixture/index.js';
import { type CreateOptions, type LoadOptions, type SaveOptions } from './model-options.js';
import type { CompleteOptions, SampleOptions, SampleResult } from './sampling/sample-options.js';
import { type FitOptions, type FitResult } from './training/fit-options.js';
import { type ModelSource } from './weights/read-model.js';
export declare class PixelCNNPP {
    readonly config: Readonly<Required<ModelConfig>>;
    private readonly runtime;
    private readonly mixture;
    /** Leased by each call for its whole duration, so `fit` can swap it and `dispose` free it mid-call. */
    private readonly network;
    private tensors;
    private training;
    private untrained;
    private fitting;
    private disposed;
    /** The threads inference splits its images across; one by default. */
    private readonly threads;
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
     * release's variable names are recognised and converted. Without a source (`load()`,
     * `load(options)` or `load(undefined, options)`): the bundled class-conditional MNIST model
     * (`env.defaultModel` says where it is).
     */
    static load(options?: LoadOptions): Promise<PixelCNNPP>;
    static load(source: ModelSource | undefined, options?: LoadOptions): Promise<PixelCNNPP>;
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
    /**
     * The log-likelihood of each image under the model. A class-conditional model called without
     * labels gives the likelihood with the classes summed out (uniform prior) and each image's
     * most likely class.
     */
    logProb(images: ImageInput, options?: LogProbOptions): Promise<LogProbResult>;
    /** Per-pixel log-likelihoods, for heat maps and anomaly detection, with the per-image totals. */
    logProbMap(images: ImageInput, options?: LogProbOptions): Promise<LogProbMapResult>;
    private evaluate;
    /**
     * The raw network output (mixture parameters) for uint8 NHWC images: `[N, H, W, P]` float32.
     * For inspection and for checking ports against each other.
     */
    forward(images: ImageInput, options?: Pick<LogProbOptions, 'labels'>): Promise<Float32Array>;
    /**
     * Draws new images pixel by pixel: `sample(seed)`, `sample(seed, options)` or `sample(options)`.
     * A class-conditional model given no labels draws image k as class k mod K.
     */
    sample(seedOrOptions?: number | SampleOptions, options?: Omit<SampleOptions, 'seed'>): Promise<SampleResult>;
    /**
     * Keeps the given pixels of each image and samples the others in raster order, each drawn
     * given every pixel before it (given or drawn): the classic "complete the bottom half". A
     * class-conditional model given no labels draws each image's class from p(class | the kept
     * pixels before the first one to draw), so a completion is a draw from the model with the
     * classes summed out.
     */
    complete(images: ImageInput, options: CompleteOptions): Promise<SampleResult>;
    /** The checkpoint as safetensors bytes (canonical names, config in the metadata). */
    save(options?: SaveOptions): Uint8Array;
    /**
     * Trains the model on uint8 images (the paper's recipe by default: Adam with beta1 0.95,
     * beta2 0.9995, learning rate 1e-3 decayed by 0.999995 per step, dropout, data-dependent
     * initialisation of a new model, polyak averaging). After each epoch the model takes the
     * averaged parameters, so `logProb`, `sample` and `save` use them. A model loaded from a
     * checkpoint saved with `save({ training: true })` continues that run: `epochs` counts the
     * earlier epochs too.
     */
    fit(images: ImageInput, options?: FitOptions): Promise<FitResult>;
    /** Takes an epoch's averaged parameters as the model's, and its state for a later resume. */
    private adopt;
    /**
     * Frees the network's tensors. Idempotent; later calls throw `E_DISPOSED`, and calls still
     * running stop with `E_DISPOSED` at their next row, chunk or step, after which their tensors
     * are freed too.
     */
    dispose(): void;
    /** Runs `work` on the model's parts with a lease on the current network (see `withLeasedParts`). */
    private withParts;
    private checkAlive;
}
