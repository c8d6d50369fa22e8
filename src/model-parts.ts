/**
 * What the model's workflows (logProb, sample, fit) run on: the network, the mixture module and
 * the backend queue of one `PixelCNNPP`. The model hands them out fresh for every call, so a
 * workflow always sees the parameters of the moment.
 */
import type { ModelConfig } from './config.js';
import type { MixtureKernel } from './mixture/index.js';
import type { PixelCNNNet } from './network/pixelcnn-net.js';

export interface ModelParts {
  readonly config: Readonly<Required<ModelConfig>>;
  readonly net: PixelCNNNet;
  readonly mixture: MixtureKernel;
  /**
   * Runs tensor work on the model's backend (its place in the process-wide queue), first
   * throwing `E_DISPOSED` if the model was disposed meanwhile.
   */
  readonly run: <T>(fn: () => T | Promise<T>) => Promise<T>;
}
