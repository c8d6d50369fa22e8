/**
 * Chooses and starts the backend a model runs on, and runs work on it.
 *
 * ```ts
 * const backend = await resolveBackend('auto');   // webgpu on a hardware adapter, else wasm, else cpu
 * const y = await backend.run(() => tf.tidy(() => tf.matMul(a, b)));
 * ```
 *
 * Nothing is registered with tfjs when this module loads (the package is `sideEffects: false`):
 * each backend loads its tfjs package with a dynamic `import()` the first time it is asked for.
 */
import * as tf from '@tensorflow/tfjs-core';
import { env } from '../env.js';
import { PixelCNNPPError } from '../errors.js';
import {
  BACKEND_NAMES,
  type Backend,
  type BackendAttempt,
  type BackendFailure,
  type BackendName,
  type BuiltInBackendName,
  type ResolvedBackend,
} from './backend.js';
import { cpuBackend } from './cpu.js';
import { tfjsBackend } from './tfjs-backend.js';
import { describeError, PackageMissingError, registeredInstance } from './tfjs-engine.js';
import { wasmBackend } from './wasm.js';
import { webgpuBackend } from './webgpu.js';

/**
 * What `resolveBackend` accepts: `'auto'`, one name (built-in, or a backend registered with
 * tfjs), or backends to try in order (names or `Backend` objects such as `tfjsBackend('webgl')`).
 */
export type BackendChoice = 'auto' | BackendName | readonly (BackendName | Backend)[];

const BUILT_IN: Readonly<Record<BuiltInBackendName, Backend>> = { webgpu: webgpuBackend, wasm: wasmBackend, cpu: cpuBackend };
const isBuiltIn = (name: string): name is BuiltInBackendName => (BACKEND_NAMES as readonly string[]).includes(name);
/** Backends plugged in by name (registered with tfjs by the user), made once each. */
const pluggedIn = new Map<string, Backend>();

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

function makeResolved(backend: Backend, attempts: readonly BackendAttempt[]): ResolvedBackend {
  const { name } = backend;
  const info = backend.info ?? name;
  const report = Object.freeze([...attempts, Object.freeze({ name, status: 'chosen', detail: info } as const)]);
  return Object.freeze({
    name,
    info,
    skipped: Object.freeze(attempts.map(({ name, detail }) => Object.freeze({ name, reason: detail }))),
    report,
    run: <T>(fn: () => T | Promise<T>) => enqueue(name, fn),
  });
}

function isBackend(value: unknown): value is Backend {
  const b = value as Partial<Backend> | null;
  return (
    typeof b === 'object' &&
    b !== null &&
    typeof b.name === 'string' &&
    b.name.length > 0 &&
    typeof b.init === 'function' &&
    typeof b.isAvailable === 'function'
  );
}

function unsupported(value: unknown): TypeError {
  const shown = typeof value === 'string' ? `"${value}"` : String(value);
  return new TypeError(
    `Unsupported backend: ${shown}. Should be one of: auto, ${BACKEND_NAMES.join(', ')}, or the name of a backend registered with tfjs (e.g. 'webgl' once @tensorflow/tfjs-backend-webgl is imported).`,
  );
}

function byName(name: unknown): Backend {
  if (typeof name !== 'string' || name === 'auto') throw unsupported(name);
  if (isBuiltIn(name)) return BUILT_IN[name];
  let backend = pluggedIn.get(name);
  if (backend === undefined) {
    if (tf.findBackendFactory(name) == null && registeredInstance(name) === undefined) throw unsupported(name);
    backend = tfjsBackend(name);
    pluggedIn.set(name, backend);
  }
  return backend;
}

function candidates(choice: BackendChoice): Backend[] {
  if (choice === 'auto') return BACKEND_NAMES.map((n) => BUILT_IN[n]);
  if (typeof choice === 'string') return [byName(choice)];
  if (!Array.isArray(choice)) throw unsupported(choice);
  if (choice.length === 0) throw new RangeError(`backend: expected 'auto', a backend name or a non-empty list of them, got [].`);
  return choice.map((item: unknown, i: number) => {
    if (typeof item === 'string') return byName(item);
    if (!isBackend(item)) throw new TypeError(`backend[${i}]: not a valid backend (expected a backend name or an object with name, isAvailable() and init()).`);
    return item;
  });
}

/** The package whose absence made a backend fail, if that was the reason. */
function missingPackage(err: unknown): string | undefined {
  for (let e = err, depth = 0; e != null && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    if (e instanceof PackageMissingError) return e.specifier;
  }
  return undefined;
}

function allFailed(failures: readonly (BackendFailure & { missing?: string })[], triedWasm: boolean): PixelCNNPPError {
  const list = failures.map((f) => `[${f.name}] ${f.reason}`).join(', ');
  // WebGPU's packages are optional extras; the hint names what the others need.
  const missing = [...new Set(failures.flatMap((f) => (f.missing !== undefined && f.name !== 'webgpu' ? [f.missing] : [])))];
  const hint =
    missing.length > 0
      ? ` Install ${missing.join(' and ')} (npm install ${missing.join(' ')}).`
      : triedWasm
        ? ''
        : " Add 'wasm' (@tensorflow/tfjs-backend-wasm, which runs wherever WebAssembly does) to the list.";
  return new PixelCNNPPError('E_BACKEND_UNAVAILABLE', `no available backend: ${list}.${hint}`);
}

let warnedCpuFallback = false;

function warnCpuFallback(attempts: readonly BackendAttempt[]): void {
  if (warnedCpuFallback || env.logLevel === 'error' || env.logLevel === 'fatal') return;
  warnedCpuFallback = true;
  const why = attempts.map((a) => `[${a.name}] ${a.detail}`).join(', ');
  console.warn(
    `pixelcnnpp: backend 'auto' fell back to the plain JavaScript 'cpu' backend, many times slower than wasm (${why}). Pass {backend: 'cpu'} to choose it on purpose.`,
  );
}

/**
 * Starts the first backend of `choice` that works and returns it. `'auto'` tries webgpu, wasm
 * and cpu in that order. Among several candidates (`'auto'` or a list), a backend whose
 * `autoSkipReason()` gives a reason (WebGPU on a software adapter) is passed over while a later
 * one starts. Each backend starts once per process; one that failed is not retried, and its
 * reason is reported again. A single name that cannot start throws a
 * `PixelCNNPPError('E_BACKEND_UNAVAILABLE')` saying why; a list or `'auto'` throws one listing
 * every backend's reason. An unknown name throws a `TypeError`.
 */
export async function resolveBackend(choice: BackendChoice = 'auto'): Promise<ResolvedBackend> {
  const list = candidates(choice);
  const single = typeof choice === 'string' && choice !== 'auto';
  const attempts: BackendAttempt[] = [];
  const failures: (BackendFailure & { missing?: string })[] = [];
  const passedOver: Backend[] = [];

  const tryStart = async (backend: Backend): Promise<boolean> => {
    try {
      await backend.init();
      return true;
    } catch (err) {
      if (single) {
        throw new PixelCNNPPError('E_BACKEND_UNAVAILABLE', `backend '${backend.name}' is unavailable: ${describeError(err)}`, { cause: err });
      }
      const reason = describeError(err);
      attempts.push(Object.freeze({ name: backend.name, status: 'unavailable', detail: reason }));
      failures.push({ name: backend.name, reason, missing: missingPackage(err) });
      return false;
    }
  };

  for (const [i, backend] of list.entries()) {
    if (!single && i < list.length - 1 && backend.autoSkipReason !== undefined) {
      let reason: string | undefined;
      try {
        reason = await backend.autoSkipReason();
      } catch {
        // It cannot start either; init() says why.
      }
      if (reason !== undefined) {
        attempts.push(Object.freeze({ name: backend.name, status: 'passed over', detail: reason }));
        passedOver.push(backend);
        continue;
      }
    }
    if (await tryStart(backend)) {
      if (choice === 'auto' && backend.name === 'cpu' && attempts.length > 0) warnCpuFallback(attempts);
      return makeResolved(backend, attempts);
    }
  }
  // Nothing else started: a backend passed over is better than none.
  for (const backend of passedOver) {
    if (await tryStart(backend)) return makeResolved(backend, attempts.filter((a) => !(a.name === backend.name && a.status === 'passed over')));
  }
  throw allFailed(failures, list.some((b) => b.name === 'wasm'));
}
