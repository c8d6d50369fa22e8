/**
 * The worker side of multi-threaded inference (`PixelCNNPP.load(source, { workers })`, Node):
 * loads the model it is started with on its own backend, then evaluates or draws the shares of
 * images the main thread sends, as the one-thread model would. Messages are the
 * `InferenceRequest` / `InferenceReply` of `inference-workers.ts`.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { env } from '../env.js';
import { PixelCNNPP } from '../pixelcnnpp.js';
import type { SampleOptions, SampleResult } from '../sampling/sample-options.js';
import type { DrawSettings, InferenceReply, InferenceRequest, InferenceSetup } from './inference-workers.js';
import { toThreadError } from './inference-workers.js';

const port = parentPort!;
const { config, tensors, backend, wasm, logLevel } = workerData as InferenceSetup;
const reply = (message: InferenceReply, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);

/**
 * The `sample` / `complete` options of a share. Progress sends a copy of the images as drawn
 * so far, so that the main thread shows exactly the rows that `done` counts.
 */
function drawOptions(id: number, settings: DrawSettings, progress: boolean, signal: AbortSignal): SampleOptions {
  const { labels, ...rest } = settings;
  const onProgress = (done: number, _total: number, partial: { data: Uint8Array }) => {
    const images = partial.data.slice();
    reply({ type: 'progress', id, done, images }, [images.buffer]);
  };
  return { ...rest, ...(labels ? { labels } : {}), signal, ...(progress ? { onProgress } : {}) };
}

try {
  Object.assign(env.wasm, wasm);
  env.logLevel = logLevel;
  const model = await PixelCNNPP.load({ config, tensors }, { backend });
  const running = new Map<number, AbortController>();

  const handle = (request: Exclude<InferenceRequest, { type: 'abort' }>, signal: AbortSignal) => {
    switch (request.type) {
      case 'logProb': {
        const images = { data: request.images, shape: request.shape };
        const options = { ...(request.labels ? { labels: request.labels } : {}), ...(request.batchSize ? { batchSize: request.batchSize } : {}), signal };
        return request.perPixelMap ? model.logProbMap(images, options) : model.logProb(images, options);
      }
      case 'sample':
        return model.sample({ count: request.count, ...drawOptions(request.id, request.settings, request.progress, signal) });
      case 'complete':
        return model.complete({ data: request.images, shape: request.shape }, { mask: request.mask, ...drawOptions(request.id, request.settings, request.progress, signal) });
    }
  };

  port.on('message', (request: InferenceRequest) => {
    if (request.type === 'abort') return running.get(request.id)?.abort();
    const controller = new AbortController();
    running.set(request.id, controller);
    handle(request, controller.signal)
      .then(
        (result) => reply({ type: 'result', id: request.id, result }, transferable(result)),
        (error: unknown) => reply({ type: 'error', id: request.id, error: toThreadError(error) }),
      )
      .finally(() => running.delete(request.id));
  });
  reply({ type: 'ready' });
} catch (error) {
  reply({ type: 'error', id: -1, error: toThreadError(error) });
}

/** The result's arrays, which this thread no longer needs. */
function transferable(result: object): ArrayBuffer[] {
  return Object.values(result as SampleResult)
    .filter((value): value is Uint8Array => ArrayBuffer.isView(value))
    .map((view) => view.buffer as ArrayBuffer);
}
