import type { BackendChoice } from './backends/registry.js';
import type { BackendName } from './backends/backend.js';
import type { ModelConfig } from './config.js';
import { outputChannels } from './config.js';
import type { ImageInput } from './image.js';
import type { MixtureKernel } from './mixture/index.js';
import type { Float32TensorData } from './weights/safetensors.js';
import type { WeightSource } from './weights/source.js';
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
export declare class PixelCNNPP {
    readonly config: Readonly<Required<ModelConfig>>;
    private readonly runtime;
    private readonly net;
    private readonly mixture;
    private readonly tensors;
    private disposed;
    private constructor();
    /**
     * Loads a model from a safetensors checkpoint (a URL, a file path under Node, or its bytes),
     * or from tensors in memory. Checkpoints use the PyTorch port's names; the original TensorFlow
     * release's variable names are recognised and converted.
     */
    static load(source: ModelSource, options?: LoadOptions): Promise<PixelCNNPP>;
    /** The tfjs backend the network runs on. */
    get backend(): BackendName;
    /** The backend's own description (WebGPU adapter, wasm SIMD/threads). */
    get backendInfo(): string;
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
    /** The checkpoint as safetensors bytes (canonical names, config in the metadata). */
    save(): Uint8Array;
    /** Frees the network's tensors. Idempotent; later calls throw `E_DISPOSED`. */
    dispose(): void;
    private evaluate;
    private runNetwork;
    private checkLabels;
    private checkAlive;
}
export { outputChannels };
