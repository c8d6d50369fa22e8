/**
 * Helpers shared by the cpu, wasm and webgpu backends: loading an optional package with a clear
 * error, and handing a ready tfjs backend instance to the tfjs engine.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Backend, BackendName } from './backend.js';
/** An optional package that is not installed. */
export declare class PackageMissingError extends Error {
    readonly specifier: string;
    constructor(specifier: string, options?: {
        cause?: unknown;
    });
}
/**
 * Runs `load` (a dynamic `import()` of `specifier`), turning "not installed" into a
 * `PackageMissingError` that says which package to install.
 */
export declare function loadPackage<T>(specifier: string, load: () => Promise<T>): Promise<T>;
export declare function describeError(err: unknown): string;
/**
 * Imports the tfjs package for `name` unless a backend of that name is registered already (the
 * user imported the package, or `@tensorflow/tfjs`, or registered their own): that one is reused.
 */
export declare function ensureRegistered(name: BackendName, specifier: string, load: () => Promise<unknown>): Promise<void>;
/** The initialised tfjs backend registered under `name`, if there is one. Never starts one. */
export declare function registeredInstance(name: BackendName): tf.KernelBackend | undefined;
/**
 * Makes `instance` the backend tfjs knows as `name`, without activating it. Whatever factory was
 * registered under `name` is replaced by one that returns `instance`, keeping its priority.
 * Returns the instance tfjs holds, which is an earlier one if tfjs initialised `name` meanwhile.
 */
export declare function adoptInstance(name: BackendName, instance: tf.KernelBackend): tf.KernelBackend;
/**
 * Starts the factory registered under `name` (by the tfjs package on import, or by the user) and
 * adopts its result. tfjs's own `setBackend` would swallow a factory's error into a console
 * warning and leave the engine pointing at a backend with no instance; calling the factory here
 * keeps the real reason and leaves the active backend alone.
 */
export declare function startRegisteredFactory(name: BackendName): Promise<tf.KernelBackend>;
/**
 * A `Backend` whose `init()` runs `start` once and remembers the outcome; `start` resolves to
 * the backend's `info`. `autoSkipReason`, if given, is the backend's answer to `'auto'`.
 */
export declare function defineBackend(name: BackendName, isAvailable: () => boolean, start: () => Promise<string>, autoSkipReason?: () => Promise<string | undefined>): Backend;
