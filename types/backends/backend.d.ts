/**
 * The contract between the model and the TensorFlow.js backends it can run on.
 *
 * tfjs has one global engine with one active backend, and every tensor lives in the data store of
 * the backend that was active when it was made. If a kernel runs on another backend, the engine
 * quietly copies its inputs across (a synchronous read-back, slow and a warning on webgpu). So
 * models never touch `tf` directly: they do all tensor work, weights included, inside
 * `ResolvedBackend.run()`, which serialises work across the whole process and activates the
 * model's own backend first. Tensors made in one `run()` may be kept and used in a later `run()` of
 * the same backend, never in another backend's.
 *
 * Any tfjs backend can be plugged in: `tfjsBackend('webgl')` (see `./tfjs-backend.ts`) wraps one
 * registered with tfjs, or implement `Backend` yourself.
 */
/** The backends this package ships, in the order `'auto'` tries them. */
export type BuiltInBackendName = 'webgpu' | 'wasm' | 'cpu';
/**
 * A backend's name, which is also the name tfjs knows it by: a built-in one, or that of a tfjs
 * backend plugged in by the user (`'webgl'`, ...).
 */
export type BackendName = BuiltInBackendName | (string & {});
/** Every built-in backend, in the order `'auto'` tries them. */
export declare const BACKEND_NAMES: readonly BuiltInBackendName[];
/** One tfjs backend, started lazily. */
export interface Backend {
    /** The tfjs backend name; tfjs looks kernels up by it, so it is also the name registered with tfjs. */
    readonly name: BackendName;
    /** A cheap synchronous guess: `false` means `init()` is sure to fail. */
    isAvailable(): boolean;
    /**
     * Loads the tfjs backend package, creates the backend and registers it with tfjs, without
     * making it the active one. Runs once: later calls return the first call's promise, so a
     * failure is remembered with its reason for the rest of the process.
     */
    init(): Promise<void>;
    /** What was started, once `init()` has resolved: the adapter for webgpu, `'simd'` for wasm. */
    readonly info: string | undefined;
    /**
     * Why `'auto'` should pass over this backend even though it may start, or `undefined` to take
     * it; asked before `init()`. The webgpu backend answers for a software adapter (SwiftShader,
     * llvmpipe), hundreds of times slower than wasm. A backend named explicitly is never asked.
     */
    autoSkipReason?(): Promise<string | undefined>;
}
/** A backend that was not taken, and why. */
export interface BackendFailure {
    readonly name: BackendName;
    readonly reason: string;
}
/** What happened to one candidate while choosing a backend. */
export interface BackendAttempt {
    readonly name: BackendName;
    /**
     * `'chosen'`: the model runs on it. `'unavailable'`: it could not start. `'passed over'`: it
     * works, but `'auto'` prefers the next one (a software WebGPU adapter).
     */
    readonly status: 'chosen' | 'unavailable' | 'passed over';
    /** For the chosen backend its description (the adapter, `'simd'`), otherwise why it was not taken. */
    readonly detail: string;
}
/** The backend a model runs on, as chosen by `resolveBackend()`. */
export interface ResolvedBackend {
    /** The backend actually chosen. */
    readonly name: BackendName;
    /** A description of it, e.g. the WebGPU adapter, or `'simd'` for wasm. */
    readonly info: string;
    /** Backends tried before this one (with `'auto'` or a list) that were not taken, and why. */
    readonly skipped: readonly BackendFailure[];
    /** Every candidate tried, in order, ending with the chosen one. */
    readonly report: readonly BackendAttempt[];
    /**
     * Runs `fn` with this backend active in tfjs. Calls from every model and backend in the
     * process wait in one queue, so `fn` runs alone and its tensors stay on this backend. Do not
     * call `run()` from inside `fn`: the inner call waits for the outer one and never starts.
     */
    run<T>(fn: () => T | Promise<T>): Promise<T>;
}
