/**
 * The worker side of multi-threaded inference (`PixelCNNPP.load(source, { workers })`, Node):
 * loads the model it is started with on its own backend, then takes chunks of the calls the
 * main thread sends (from a counter shared with the other threads) and evaluates or draws them
 * as the one-thread model would. Messages are the `InferenceRequest` / `InferenceReply` of
 * `inference-workers.ts`.
 */
import { parentPort, receiveMessageOnPort, workerData } from 'node:worker_threads';
import { env } from '../env.js';
import { PixelCNNPP } from '../pixelcnnpp.js';
import type { SampleOptions, SampleResult } from '../sampling/sample-options.js';
import { serveStepHelper } from '../sampling/step-helper.js';
import { instantiateStepKernels } from '../sampling/step-kernels.js';
import { spinUntil } from './doorbell.js';
import type { DrawSettings, InferenceReply, InferenceRequest, InferenceWorkerData } from './inference-workers.js';
import { toThreadError, workerDoorbells } from './inference-workers.js';
import { ChunkCounter, chunkImages, chunkSettings } from './thread-shares.js';

/**
 * How long an idle worker waits awake for its next message (see `doorbell.ts`): a caller running
 * one call after another sends the next well within it, and a worker spinning on its own core
 * costs the caller nothing.
 */
const NEXT_CALL_SPIN_MS = 2;

const port = parentPort!;
const { config, tensors, backend, wasm, logLevel, doorbells } = workerData as InferenceWorkerData;
const bells = workerDoorbells(doorbells);
const reply = (message: InferenceReply, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);
/** A call's last reply: rings the main thread's doorbell after it. */
const lastReply = (message: Extract<InferenceReply, { type: 'done' | 'error' }>) => {
  reply(message);
  bells.replies.ring();
};

/**
 * The `sample` / `complete` options of a chunk. Progress sends a copy of the chunk's images as
 * drawn so far, so that the main thread shows exactly the rows that `done` counts.
 */
function drawOptions(id: number, chunk: number, settings: DrawSettings, progress: boolean, signal: AbortSignal): SampleOptions {
  const { labels, ...rest } = settings;
  const onProgress = (done: number, _total: number, partial: { data: Uint8Array }) => {
    const images = partial.data.slice();
    reply({ type: 'progress', id, chunk, done, images }, [images.buffer]);
  };
  return { ...rest, ...(labels ? { labels } : {}), signal, ...(progress ? { onProgress } : {}) };
}

type CallRequest = Exclude<InferenceRequest, { type: 'abort' | 'help' }>;

try {
  Object.assign(env.wasm, wasm);
  env.logLevel = logLevel;
  const model = await PixelCNNPP.load({ config, tensors }, { backend });
  const running = new Map<number, AbortController>();

  /** Chunk `k` of `request`. */
  const handle = (request: CallRequest, k: number, signal: AbortSignal) => {
    const chunk = request.chunks[k]!;
    switch (request.type) {
      case 'logProb': {
        const labels = request.labels?.subarray(chunk.from, chunk.from + chunk.count);
        const options = { ...(labels ? { labels } : {}), ...(request.batchSize ? { batchSize: request.batchSize } : {}), signal };
        const images = chunkImages(request.images, request.shape, chunk);
        return request.perPixelMap ? model.logProbMap(images, options) : model.logProb(images, options);
      }
      case 'sample':
      case 'complete': {
        const options = drawOptions(request.id, k, chunkSettings(request.settings, chunk), request.progress, signal);
        if (request.type === 'sample') return model.sample({ count: chunk.count, ...options });
        return model.complete(chunkImages(request.images, request.shape, chunk), { mask: request.mask, ...options });
      }
    }
  };

  /**
   * Serves the sessions of the main thread's steppers that asked for help, once this thread has
   * no call of its own running: serving blocks the thread, and a call of its own waiting behind it
   * would hold up the call that the session belongs to. A session that has ended meanwhile
   * returns at once. Once idle, waits awake for the next message (the end of every call comes
   * here).
   */
  const waitingHelp: Array<Extract<InferenceRequest, { type: 'help' }>> = [];
  const helpWhenIdle = async () => {
    while (running.size === 0 && waitingHelp.length > 0) {
      const request = waitingHelp.shift()!;
      const { id, memory, control, stackTop, session } = request;
      try {
        const kernels = await instantiateStepKernels(memory);
        // A call of this thread's own may have come in meanwhile.
        if (running.size > 0) return void waitingHelp.unshift(request);
        serveStepHelper(kernels, control, stackTop, session);
        lastReply({ type: 'done', id });
      } catch (error) {
        lastReply({ type: 'error', id, error: toThreadError(error) });
      }
    }
    awaitNextMessage();
  };

  /** Takes chunks of `request` until none is left, replying with each one's result. */
  const work = async (request: CallRequest, signal: AbortSignal) => {
    const counter = new ChunkCounter(request.next);
    for (let k = counter.take(); k < request.chunks.length; k = counter.take()) {
      signal.throwIfAborted();
      const result = await handle(request, k, signal);
      reply({ type: 'chunk', id: request.id, chunk: k, result }, transferable(result));
    }
  };

  /** Messages taken so far: the main thread rings `calls` once for each it posts. */
  let taken = 0;

  /**
   * Once idle, takes the next message as soon as it is posted, for a moment (see `doorbell.ts`):
   * after that the event loop sleeps until a message wakes it.
   */
  const awaitNextMessage = () => {
    if (running.size > 0 || waitingHelp.length > 0) return;
    if (!spinUntil(() => bells.calls.rung > taken, NEXT_CALL_SPIN_MS)) return;
    const next = receiveMessageOnPort(port);
    if (next !== undefined) onMessage(next.message as InferenceRequest);
  };

  const onMessage = (request: InferenceRequest) => {
    taken++;
    if (request.type === 'abort') return running.get(request.id)?.abort();
    if (request.type === 'help') {
      waitingHelp.push(request);
      return void helpWhenIdle();
    }
    const controller = new AbortController();
    running.set(request.id, controller);
    work(request, controller.signal)
      .then(
        () => lastReply({ type: 'done', id: request.id }),
        (error: unknown) => lastReply({ type: 'error', id: request.id, error: toThreadError(error) }),
      )
      .finally(() => {
        running.delete(request.id);
        void helpWhenIdle();
      });
  };
  port.on('message', onMessage);
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
