import type { Backend } from './backend.js';
interface AdapterInfoLike {
    vendor?: string;
    architecture?: string;
    description?: string;
}
interface AdapterLike {
    readonly features: ReadonlySet<string>;
    readonly limits: Record<string, number | undefined>;
    readonly info?: AdapterInfoLike;
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
/** A webgpu `Backend`; `deps` replace what it loads and probes (for tests). */
export declare function createWebGPUBackend(deps?: WebGPUBackendDeps): Backend;
export declare const webgpuBackend: Backend;
export {};
