/**
 * Any TensorFlow.js backend as a pixelcnnpp backend, for the ones this package does not ship
 * (webgl, a custom or newer build, a backend from another package):
 *
 * ```ts
 * import '@tensorflow/tfjs-backend-webgl';             // registers tfjs's 'webgl' backend
 * import { PixelCNNPP, tfjsBackend } from 'pixelcnnpp';
 *
 * const model = await PixelCNNPP.load({ backend: [tfjsBackend('webgl'), 'wasm'] });
 * // or, once it is registered with tfjs, by name: { backend: 'webgl' }
 * ```
 *
 * The backend must use the same copy of `@tensorflow/tfjs-core` as this package (one copy per
 * application, which npm gives when both depend on it as a peer).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Backend, BackendName } from './backend.js';
import { adoptInstance, defineBackend, describeError, registeredInstance, startRegisteredFactory } from './tfjs-engine.js';

export interface TfjsBackendOptions {
  /**
   * Creates the tfjs backend instance; it is registered with tfjs under the backend's name.
   * @defaultValue the factory already registered with tfjs under that name (`tf.registerBackend`,
   * which importing a tfjs backend package does)
   */
  factory?: () => tf.KernelBackend | Promise<tf.KernelBackend>;
  /** Describes the started instance for `model.backendInfo`. @defaultValue the name */
  describe?: (instance: tf.KernelBackend) => string;
}

function checkName(name: unknown): asserts name is string {
  if (typeof name !== 'string' || name.length === 0 || name === 'auto') {
    const shown = typeof name === 'string' ? `"${name}"` : String(name);
    throw new TypeError(`tfjsBackend: name must be the tfjs name of a backend ('webgl', ...), got ${shown}.`);
  }
}

/**
 * A `Backend` that starts the tfjs backend `name`: with `options.factory`, or with the factory
 * registered with tfjs under that name. It starts once per process, like the built-in ones.
 */
export function tfjsBackend(name: BackendName, options: TfjsBackendOptions = {}): Backend {
  checkName(name);
  const { factory, describe } = options;
  if (factory !== undefined && typeof factory !== 'function') {
    throw new TypeError(`tfjsBackend: options.factory must be a function returning a tfjs KernelBackend, got ${typeof factory}.`);
  }
  const start = async (): Promise<string> => {
    let instance = registeredInstance(name);
    if (instance === undefined && factory !== undefined) {
      try {
        instance = adoptInstance(name, await factory());
      } catch (err) {
        throw new Error(`the '${name}' backend's factory failed: ${describeError(err)}`, { cause: err });
      }
    }
    if (instance === undefined) {
      if (tf.findBackendFactory(name) == null) {
        throw new Error(
          `no tfjs backend is registered under '${name}' (import its package, e.g. '@tensorflow/tfjs-backend-${name}', before loading the model, or pass tfjsBackend('${name}', { factory }))`,
        );
      }
      try {
        instance = await startRegisteredFactory(name);
      } catch (err) {
        throw new Error(`tfjs's '${name}' backend failed to start: ${describeError(err)}`, { cause: err });
      }
    }
    return describe?.(instance) ?? name;
  };
  return defineBackend(name, () => registeredInstance(name) !== undefined || factory !== undefined || tf.findBackendFactory(name) != null, start);
}
