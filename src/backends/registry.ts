/**
 * Chooses and starts the backend a model runs on, and runs work on it.
 *
 * ```ts
 * const backend = await resolveBackend('auto');   // webgpu, else wasm, else cpu
 * const y = await backend.run(() => tf.tidy(() => tf.matMul(a, b)));
 * ```
 *
 * Nothing is registered with tfjs when this module loads (the package is `sideEffects: false`):
 * each backend loads its tfjs package with a dynamic `import()` the first time it is asked for.
 */
import * as tf from '@tensorflow/tfjs-core';
import { PixelCNNPPError } from '../errors.js';
import { BACKEND_NAMES, type Backend, type BackendFailure, type BackendName, type ResolvedBackend } from './backend.js';
import { cpuBackend } from './cpu.js';
import { describeError } from './tfjs-engine.js';
import { wasmBackend } from './wasm.js';
import { webgpuBackend } from './webgpu.js';

/** What `resolveBackend` accepts: `'auto'`, one name, or backends to try in order. */
export type BackendChoice = 'auto' | BackendName | readonly (BackendName | Backend)[];

const BUILT_IN: Readonly<Record<BackendName, Backend>> = { webgpu: webgpuBackend, wasm: wasmBackend, cpu: cpuBackend };
const CHOICES = ['auto', ...BACKEND_NAMES];

// tfjs has one engine and one active backend for the whole process, and a tensor belongs to the
// backend that made it; a kernel given another backend's tensor silently copies it over. So all
// tensor work, for every model and backend, goes through one queue: each task waits for the one
// before it, activates its own backend, and runs alone. A model keeps its weights on its own
// backend by creating and using them only inside its backend's run().
let queueTail: Promise<unknown> = Promise.resolve();

function enqueue<T>(name: BackendName, fn: () => T | Promise<T>): Promise<T> {
  const task = queueTail.then(async () => {
    if (tf.getBackend() !== name && !(await tf.setBackend(name))) {
      throw new PixelCNNPPError('E_BACKEND_UNAVAILABLE', `tfjs could not switch to the '${name}' backend`);
    }
    return fn();
  });
  queueTail = task.then(
    () => undefined,
    () => undefined,
  );
  return task;
}

function makeResolved(backend: Backend, skipped: readonly BackendFailure[]): ResolvedBackend {
  const { name } = backend;
  return Object.freeze({
    name,
    info: backend.info ?? name,
    skipped: Object.freeze([...skipped]),
    run: <T>(fn: () => T | Promise<T>) => enqueue(name, fn),
  });
}

function isBackend(value: unknown): value is Backend {
  const b = value as Partial<Backend> | null;
  return (
    typeof b === 'object' &&
    b !== null &&
    BACKEND_NAMES.includes(b.name as BackendName) &&
    typeof b.init === 'function' &&
    typeof b.isAvailable === 'function'
  );
}

function unsupported(value: unknown): TypeError {
  const shown = typeof value === 'string' ? `"${value}"` : String(value);
  return new TypeError(`Unsupported backend: ${shown}. Should be one of: ${CHOICES.join(', ')}.`);
}

function candidates(choice: BackendChoice): Backend[] {
  if (choice === 'auto') return BACKEND_NAMES.map((n) => BUILT_IN[n]);
  if (typeof choice === 'string') {
    if (!BACKEND_NAMES.includes(choice)) throw unsupported(choice);
    return [BUILT_IN[choice]];
  }
  if (!Array.isArray(choice)) throw unsupported(choice);
  if (choice.length === 0) throw new RangeError(`backend: expected 'auto', a backend name or a non-empty list of them, got [].`);
  return choice.map((item: unknown, i: number) => {
    if (typeof item === 'string') {
      if (!BACKEND_NAMES.includes(item as BackendName)) throw unsupported(item);
      return BUILT_IN[item as BackendName];
    }
    if (!isBackend(item)) throw new TypeError(`backend[${i}]: not a valid backend (expected a backend name or an object with name, isAvailable() and init()).`);
    return item;
  });
}

function allFailed(failures: readonly BackendFailure[]): PixelCNNPPError {
  const list = failures.map((f) => `[${f.name}] ${f.reason}`).join(', ');
  const cpu = failures.find((f) => f.name === 'cpu');
  const hint = cpu
    ? 'Install @tensorflow/tfjs-backend-cpu (npm install @tensorflow/tfjs-backend-cpu).'
    : "Pass {backend: 'cpu'} or install @tensorflow/tfjs-backend-cpu.";
  return new PixelCNNPPError('E_BACKEND_UNAVAILABLE', `no available backend: ${list}. ${hint}`);
}

/**
 * Starts the first backend of `choice` that works and returns it. `'auto'` tries webgpu, wasm
 * and cpu in that order. Each backend starts once per process; one that failed is not retried,
 * and its reason is reported again. A single name that cannot start throws a
 * `PixelCNNPPError('E_BACKEND_UNAVAILABLE')` saying why; a list or `'auto'` throws one listing
 * every backend's reason. An unknown name throws a `TypeError`.
 */
export async function resolveBackend(choice: BackendChoice = 'auto'): Promise<ResolvedBackend> {
  const list = candidates(choice);
  const failures: BackendFailure[] = [];
  for (const backend of list) {
    try {
      await backend.init();
      return makeResolved(backend, failures);
    } catch (err) {
      failures.push({ name: backend.name, reason: describeError(err) });
      if (typeof choice === 'string' && choice !== 'auto') {
        throw new PixelCNNPPError('E_BACKEND_UNAVAILABLE', `backend '${backend.name}' is unavailable: ${describeError(err)}`, { cause: err });
      }
    }
  }
  throw allFailed(failures);
}
