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
/**
 * A `Backend` that starts the tfjs backend `name`: with `options.factory`, or with the factory
 * registered with tfjs under that name. It starts once per process, like the built-in ones.
 */
export declare function tfjsBackend(name: BackendName, options?: TfjsBackendOptions): Backend;
