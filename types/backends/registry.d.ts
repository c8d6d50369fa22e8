import { type Backend, type BackendName, type ResolvedBackend } from './backend.js';
/**
 * What `resolveBackend` accepts: `'auto'`, one name (built-in, or a backend registered with
 * tfjs), or backends to try in order (names or `Backend` objects such as `tfjsBackend('webgl')`).
 */
export type BackendChoice = 'auto' | BackendName | readonly (BackendName | Backend)[];
/**
 * Starts the first backend of `choice` that works and returns it. `'auto'` tries webgpu, wasm
 * and cpu in that order. Among several candidates (`'auto'` or a list), a backend whose
 * `autoSkipReason()` gives a reason (WebGPU on a software adapter) is passed over while a later
 * one starts. Each backend starts once per process; one that failed is not retried, and its
 * reason is reported again. A single name that cannot start throws a
 * `PixelCNNPPError('E_BACKEND_UNAVAILABLE')` saying why; a list or `'auto'` throws one listing
 * every backend's reason. An unknown name throws a `TypeError`.
 */
export declare function resolveBackend(choice?: BackendChoice): Promise<ResolvedBackend>;
