/**
 * The browser build's stand-in for `worker-threads.ts`: training with `workers > 1` needs Node's
 * worker threads (the model refuses it in a browser before getting here).
 */
import { PixelCNNPPError } from '../errors.js';

export async function startGradientThreads<W>(_count: number, _workerData: unknown): Promise<W[]> {
  throw new PixelCNNPPError('E_TRAINING', "fit: workers > 1 needs Node's worker_threads; in a browser use workers: 1.");
}
