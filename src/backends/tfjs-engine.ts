/**
 * Helpers shared by the cpu, wasm and webgpu backends: loading an optional package with a clear
 * error, and handing a ready tfjs backend instance to the tfjs engine.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Backend, BackendName } from './backend.js';

/** tfjs's own priorities, kept when a registration is replaced. */
const TFJS_PRIORITY: Readonly<Record<string, number>> = { webgpu: 3, webgl: 2, wasm: 2, cpu: 1 };

function isModuleNotFound(err: unknown, specifier: string): boolean {
  const e = err as { code?: unknown; message?: unknown } | null;
  const message = typeof e?.message === 'string' ? e.message : '';
  if (e?.code === 'ERR_MODULE_NOT_FOUND' || e?.code === 'MODULE_NOT_FOUND') return message.includes(specifier);
  // Browsers and bundlers word it their own way.
  return /Failed to (fetch|resolve) (dynamically imported )?module|Cannot find module|Could not resolve/i.test(message);
}

/** An optional package that is not installed. */
export class PackageMissingError extends Error {
  constructor(readonly specifier: string, options?: { cause?: unknown }) {
    super(`package '${specifier}' is not installed (npm install ${specifier})`, options);
    this.name = 'PackageMissingError';
  }
}

/**
 * Runs `load` (a dynamic `import()` of `specifier`), turning "not installed" into a
 * `PackageMissingError` that says which package to install.
 */
export async function loadPackage<T>(specifier: string, load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (err) {
    if (isModuleNotFound(err, specifier)) {
      throw new PackageMissingError(specifier, { cause: err });
    }
    throw new Error(`loading package '${specifier}' failed: ${describeError(err)}`, { cause: err });
  }
}

export function describeError(err: unknown): string {
  // tfjs-backend-wasm rejects with a plain `{message}` object.
  const message = (err as { message?: unknown } | null)?.message;
  return typeof message === 'string' ? message : String(err);
}

/**
 * Imports the tfjs package for `name` unless a backend of that name is registered already (the
 * user imported the package, or `@tensorflow/tfjs`, or registered their own): that one is reused.
 */
export async function ensureRegistered(name: BackendName, specifier: string, load: () => Promise<unknown>): Promise<void> {
  if (tf.findBackendFactory(name) != null) return;
  // Importing a tfjs backend package registers its factory.
  await loadPackage(specifier, load);
  if (tf.findBackendFactory(name) == null) throw new Error(`'${specifier}' loaded but registered no '${name}' backend`);
}

/** The initialised tfjs backend registered under `name`, if there is one. Never starts one. */
export function registeredInstance(name: BackendName): tf.KernelBackend | undefined {
  return tf.engine().registry[name];
}

/**
 * Makes `instance` the backend tfjs knows as `name`, without activating it. Whatever factory was
 * registered under `name` is replaced by one that returns `instance`, keeping its priority.
 * Returns the instance tfjs holds, which is an earlier one if tfjs initialised `name` meanwhile.
 */
export function adoptInstance(name: BackendName, instance: tf.KernelBackend): tf.KernelBackend {
  const engine = tf.engine();
  const existing = engine.registry[name];
  if (existing !== undefined) return existing;
  const priority = engine.registryFactory[name]?.priority ?? TFJS_PRIORITY[name] ?? 1;
  if (engine.registryFactory[name] !== undefined) tf.removeBackend(name);
  tf.registerBackend(name, () => instance, priority);
  // With a synchronous factory, findBackend initialises the backend without activating it.
  tf.findBackend(name);
  return instance;
}

/**
 * Starts the factory registered under `name` (by the tfjs package on import, or by the user) and
 * adopts its result. tfjs's own `setBackend` would swallow a factory's error into a console
 * warning and leave the engine pointing at a backend with no instance; calling the factory here
 * keeps the real reason and leaves the active backend alone.
 */
export async function startRegisteredFactory(name: BackendName): Promise<tf.KernelBackend> {
  const existing = registeredInstance(name);
  if (existing !== undefined) return existing;
  const factory = tf.findBackendFactory(name);
  if (factory == null) throw new Error(`no tfjs backend is registered under '${name}'`);
  const instance = await factory();
  return adoptInstance(name, instance);
}

/**
 * A `Backend` whose `init()` runs `start` once and remembers the outcome; `start` resolves to
 * the backend's `info`. `autoSkipReason`, if given, is the backend's answer to `'auto'`.
 */
export function defineBackend(
  name: BackendName,
  isAvailable: () => boolean,
  start: () => Promise<string>,
  autoSkipReason?: () => Promise<string | undefined>,
): Backend {
  let started: Promise<void> | undefined;
  let info: string | undefined;
  return {
    name,
    isAvailable,
    init() {
      started ??= start().then((description) => {
        info = description;
      });
      return started;
    },
    get info() {
      return info;
    },
    ...(autoSkipReason ? { autoSkipReason } : {}),
  };
}
