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
 */
export type BackendName = 'webgpu' | 'wasm' | 'cpu';
/** Every backend, in the order `'auto'` tries them. */
export declare const BACKEND_NAMES: readonly BackendName[];
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
}
/** A backend that failed to start, and why. */
export interface BackendFailure {
    readonly name: BackendName;
    readonly reason: string;
}
/** The backend a model runs on, as chosen by `resolveBackend()`. */
export interface ResolvedBackend {
    /** The backend actually chosen. */
    readonly name: BackendName;
    /** A description of it, e.g. the WebGPU adapter, or `'simd'` for wasm. */
    readonly info: string;
    /** Backends tried before this one (with `'auto'` or a list) that failed. */
    readonly skipped: readonly BackendFailure[];
    /**
     * Runs `fn` with this backend active in tfjs. Calls from every model and backend in the
     * process wait in one queue, so `fn` runs alone and its tensors stay on this backend. Do not
     * call `run()` from inside `fn`: the inner call waits for the outer one and never starts.
     */
    run<T>(fn: () => T | Promise<T>): Promise<T>;
}
