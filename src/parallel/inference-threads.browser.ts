/**
 * The browser build's stand-in for `inference-threads.ts`: `workers > 1` needs Node's worker
 * threads (the model refuses it in a browser before getting here).
 */
import { PixelCNNPPError } from '../errors.js';

export async function startInferenceThreads<W>(_count: number, _workerData: (index: number) => unknown): Promise<W[]> {
  throw new PixelCNNPPError('E_WORKER', "workers > 1 needs Node's worker_threads; in a browser use workers: 1.");
}
