import type { Backend } from './backend.js';
interface AdapterInfoLike {
    vendor?: string;
    architecture?: string;
    device?: string;
    description?: string;
    /** Newer browsers and Dawn: the adapter is a software (fallback) one. */
    isFallbackAdapter?: boolean;
}
interface AdapterLike {
    readonly features: ReadonlySet<string>;
    readonly limits: Record<string, number | undefined>;
    readonly info?: AdapterInfoLike;
    /** Older browsers: the adapter is a software (fallback) one. */
    readonly isFallbackAdapter?: boolean;
    requestDevice(descriptor?: object): Promise<unknown>;
}
interface GpuLike {
    requestAdapter(options?: {
        powerPreference?: 'low-power' | 'high-performance';
    }): Promise<AdapterLike | null>;
}
interface NodeWebGPUModule {
    create(options: string[]): unknown;
    globals: object;
}
/** What the webgpu backend depends on, replaceable to test how it fails. */
export interface WebGPUBackendDeps {
    /** Whether this is Node, where `navigator.gpu` comes from the `webgpu` package. */
    isNode?: boolean;
    /** The `navigator.gpu` to use. @defaultValue `globalThis.navigator?.gpu` at start-up */
    gpu?: GpuLike;
    /** Loads the `webgpu` package (Node). */
    importNodeWebGPU?: () => Promise<NodeWebGPUModule>;
    /** Loads `@tensorflow/tfjs-backend-webgpu`. */
    importTfjsWebGPU?: () => Promise<typeof import('@tensorflow/tfjs-backend-webgpu')>;
}
/** Why `adapter` is a software one, or `undefined` for a hardware adapter. */
export declare function softwareAdapterReason(adapter: Pick<AdapterLike, 'info' | 'isFallbackAdapter'>): string | undefined;
/** A webgpu `Backend`; `deps` replace what it loads and probes (for tests). */
export declare function createWebGPUBackend(deps?: WebGPUBackendDeps): Backend;
export declare const webgpuBackend: Backend;
export {};
