/**
 * What the model's workflows (logProb, sample, fit) run on: the network, the mixture module and
 * the backend queue of one `PixelCNNPP`. The model hands them out fresh for every call, so a
 * workflow always sees the parameters of the moment.
 */
import type { BackendName, ResolvedBackend } from './backends/backend.js';
import type { ModelConfig } from './config.js';
import type { MixtureKernel } from './mixture/index.js';
import { PixelCNNNet } from './network/pixelcnn-net.js';
import { Leased } from './util/leased.js';
import { type TensorMap } from './weights/weight-map.js';
export interface ModelParts {
    readonly config: Readonly<Required<ModelConfig>>;
    readonly net: PixelCNNNet;
    /** The backend `run` runs on. */
    readonly backend: BackendName;
    readonly mixture: MixtureKernel;
    /**
     * Runs tensor work on the model's backend (its place in the process-wide queue), first
     * throwing `E_DISPOSED` if the model was disposed meanwhile.
     */
    readonly run: <T>(fn: () => T | Promise<T>) => Promise<T>;
}
/** What `withLeasedParts` builds the parts from. */
export interface PartsSource {
    /** The calling method, for the error when the model is gone. */
    method: string;
    config: Readonly<Required<ModelConfig>>;
    mixture: MixtureKernel;
    runtime: ResolvedBackend;
    /** Throws `E_DISPOSED` once the model is disposed. */
    checkAlive(): void;
}
/**
 * Runs `work` on a model's parts with a lease on its current network, so a swap by `fit` or a
 * `dispose` meanwhile cannot free the network under the call; backend work first checks that
 * the model is alive.
 */
export declare function withLeasedParts<T>(network: Leased<PixelCNNNet>, source: PartsSource, work: (parts: ModelParts) => Promise<T>): Promise<T>;
/** Folds the parameters into effective weights and uploads them to `runtime`'s backend. */
export declare function buildNetwork(runtime: ResolvedBackend, tensors: TensorMap, config: Required<ModelConfig>): Promise<PixelCNNNet>;
/** The model's network, leased by each call; one no call uses any more frees its tensors and its copy in the step kernels' memory. */
export declare function leaseNetwork(net: PixelCNNNet): Leased<PixelCNNNet>;
