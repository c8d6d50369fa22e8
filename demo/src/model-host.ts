/**
 * The one model the page runs, and switching it between backends. Panels take the current
 * model for each job and register their job's AbortController, so a switch stops every job
 * before the old model is disposed.
 */
import { PixelCNNPP, PixelCNNPPError, tfjsBackend } from 'pixelcnnpp';
import type { LoadOptions } from 'pixelcnnpp';

export type BackendOption = 'auto' | 'webgpu' | 'webgl' | 'wasm' | 'cpu';

export interface HostState {
  phase: 'loading' | 'ready' | 'failed';
  model: PixelCNNPP | undefined;
  choice: BackendOption;
  /** Why the last load failed (a switch that failed keeps the previous model running)... */
  error: Error | undefined;
  /** ...and the backend it asked for. */
  failedChoice: BackendOption | undefined;
  /** Download progress of the model file, 0-1, while loading. */
  progress: number | undefined;
  /** Seconds the last load took. */
  loadSeconds: number | undefined;
}

export interface Timing {
  backend: string;
  secondsPerDigit: number;
  digits: number;
}

type Listener = (state: HostState) => void;

export class ModelHost {
  private state: HostState = { phase: 'loading', model: undefined, choice: 'auto', error: undefined, failedChoice: undefined, progress: undefined, loadSeconds: undefined };
  private readonly listeners = new Set<Listener>();
  private readonly jobs = new Map<AbortController, Promise<unknown>>();
  private switching: Promise<void> = Promise.resolve();
  readonly timings = new Map<string, Timing>();
  private readonly timingListeners = new Set<() => void>();

  get current(): HostState {
    return this.state;
  }

  subscribe(listener: Listener): void {
    this.listeners.add(listener);
    listener(this.state);
  }

  onTiming(listener: () => void): void {
    this.timingListeners.add(listener);
  }

  /** Records the time per digit of a sample on the current backend. */
  recordTiming(seconds: number, digits: number): void {
    const model = this.state.model;
    if (model === undefined || digits === 0) return;
    this.timings.set(model.backend, { backend: model.backend, secondsPerDigit: seconds / digits, digits });
    for (const listener of this.timingListeners) listener();
  }

  private update(patch: Partial<HostState>): void {
    this.state = { ...this.state, ...patch };
    for (const listener of this.listeners) listener(this.state);
  }

  /**
   * Runs `job` on the current model with a signal that a backend switch (or `controller.abort()`)
   * fires. Throws if no model is ready.
   */
  async run<T>(controller: AbortController, job: (model: PixelCNNPP, signal: AbortSignal) => Promise<T>): Promise<T> {
    const model = this.state.model;
    if (model === undefined || this.state.phase !== 'ready') throw new Error('The model is not ready yet.');
    const running = job(model, controller.signal);
    this.jobs.set(controller, running);
    try {
      return await running;
    } finally {
      this.jobs.delete(controller);
    }
  }

  /** Loads the model on `choice`; on failure the previous model (if any) keeps running. */
  load(choice: BackendOption): Promise<void> {
    this.switching = this.switching.then(() => this.loadNow(choice));
    return this.switching;
  }

  private async loadNow(choice: BackendOption): Promise<void> {
    const previous = this.state.model;
    const previousChoice = this.state.choice;
    for (const job of this.jobs.keys()) job.abort(new DOMException('The backend is switching.', 'AbortError'));
    this.update({ phase: 'loading', choice, error: undefined, failedChoice: undefined, progress: 0 });
    const started = performance.now();
    try {
      const model = await PixelCNNPP.load({
        backend: await backendChoice(choice),
        onProgress: ({ status, loaded, total }) => {
          if (status === 'download' && total) this.update({ progress: loaded / total });
        },
      });
      // Aborted jobs settle before the old model goes.
      await Promise.allSettled(this.jobs.values());
      previous?.dispose();
      this.update({ phase: 'ready', model, error: undefined, progress: undefined, loadSeconds: (performance.now() - started) / 1000 });
    } catch (error) {
      const failure = error instanceof Error ? error : new Error(String(error));
      this.update({
        phase: previous ? 'ready' : 'failed',
        model: previous,
        choice: previous ? previousChoice : choice,
        error: failure,
        failedChoice: choice,
        progress: undefined,
      });
    }
  }
}

/** What `PixelCNNPP.load` gets for the page's choice. */
async function backendChoice(choice: BackendOption): Promise<NonNullable<LoadOptions['backend']>> {
  // tfjs's WebGPU backend is optional in the package: an app brings it in where it may run.
  if (choice === 'webgpu' || (choice === 'auto' && 'gpu' in navigator)) await import('@tensorflow/tfjs-backend-webgpu');
  if (choice !== 'webgl') return choice;
  // WebGL is not one of the package's own backends: tfjs's is plugged in, as README shows.
  await import('@tensorflow/tfjs-backend-webgl');
  return [tfjsBackend('webgl')];
}

/** One sentence saying why the page cannot run the model at all. */
export function cannotRunSentence(error: Error): string {
  if (typeof WebAssembly !== 'object') {
    return 'This browser cannot run the model: it needs WebAssembly, which is turned off or missing here.';
  }
  if (error instanceof PixelCNNPPError && error.code === 'E_BACKEND_UNAVAILABLE') {
    return 'This browser cannot run the model: none of WebGPU, WebAssembly or the plain JavaScript backend could start here.';
  }
  return `The model could not be loaded: ${error.message}`;
}
