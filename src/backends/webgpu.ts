/**
 * The tfjs WebGPU backend. Browsers provide `navigator.gpu`. Node has none, so the backend loads
 * the optional `webgpu` package (Dawn built for Node), installs its GPU object as `navigator.gpu`
 * together with the `GPUBufferUsage`-style constants tfjs reads as globals, and uses whatever
 * adapter Dawn offers. Dawn on Linux needs the Vulkan loader (`libvulkan.so.1`, Debian's
 * `libvulkan1`) and a driver; to use SwiftShader (software) set `VK_ICD_FILENAMES` to its ICD
 * file before anything starts this backend.
 */
import * as tf from '@tensorflow/tfjs-core';
import { env } from '../env.js';
import { IS_NODE } from '../platform.js';
import type { Backend } from './backend.js';
import {
  adoptInstance,
  defineBackend,
  describeError,
  loadPackage,
  PackageMissingError,
  registeredInstance,
  startRegisteredFactory,
} from './tfjs-engine.js';

const TFJS_PACKAGE = '@tensorflow/tfjs-backend-webgpu';
const NODE_PACKAGE = 'webgpu';

// Structural slices of the WebGPU API: enough for setup, without putting @webgpu/types in the
// package's public types.
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
  requestAdapter(options?: { powerPreference?: 'low-power' | 'high-performance' }): Promise<AdapterLike | null>;
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

// The limits tfjs's own webgpu factory raises to the adapter's maximum.
const RAISED_LIMITS = [
  'maxComputeWorkgroupStorageSize',
  'maxComputeWorkgroupsPerDimension',
  'maxStorageBufferBindingSize',
  'maxBufferSize',
  'maxComputeWorkgroupSizeX',
  'maxComputeInvocationsPerWorkgroup',
] as const;

function navigatorGpu(): GpuLike | undefined {
  return (globalThis as { navigator?: { gpu?: GpuLike } }).navigator?.gpu;
}

/** tfjs checks `navigator.gpu` and reads `GPUBufferUsage` & co. as globals; Node has neither. */
function installNodeGlobals(gpu: unknown, globals: object): void {
  const g = globalThis as Record<string, unknown> & { navigator?: { gpu?: unknown } };
  for (const [key, value] of Object.entries(globals)) {
    if (g[key] === undefined) g[key] = value;
  }
  if (g.navigator === undefined) {
    g.navigator = { gpu };
  } else if (g.navigator.gpu === undefined) {
    Object.defineProperty(g.navigator, 'gpu', { value: gpu, configurable: true, enumerable: true, writable: true });
  }
}

// An optional package: the specifier is a variable so that bundlers leave the import alone
// instead of failing the build where it is not installed. In a bundled app the user imports it
// (which registers tfjs's factory, started below).
const importTfjsWebGPU = (): Promise<typeof import('@tensorflow/tfjs-backend-webgpu')> => {
  const specifier = TFJS_PACKAGE;
  return import(/* webpackIgnore: true */ /* @vite-ignore */ specifier) as Promise<typeof import('@tensorflow/tfjs-backend-webgpu')>;
};

// A Node-only package (it loads a native addon): the specifier is a variable so that browser
// bundlers leave the import alone instead of failing on node:path and friends.
const importNodeWebGPU = (): Promise<NodeWebGPUModule> => {
  const specifier = NODE_PACKAGE;
  return import(/* webpackIgnore: true */ /* @vite-ignore */ specifier) as Promise<NodeWebGPUModule>;
};

async function nodeGpu(deps: WebGPUBackendDeps): Promise<GpuLike> {
  const load = deps.importNodeWebGPU ?? importNodeWebGPU;
  let mod: NodeWebGPUModule;
  try {
    mod = await loadPackage(NODE_PACKAGE, load);
  } catch (err) {
    const why =
      err instanceof PackageMissingError
        ? `in Node install the optional '${NODE_PACKAGE}' package`
        : `the optional '${NODE_PACKAGE}' package failed to load: ${describeError(err)}`;
    throw new Error(`no WebGPU adapter (navigator.gpu is undefined; ${why})`, { cause: err });
  }
  const gpu = mod.create([]);
  installNodeGlobals(gpu, mod.globals);
  return gpu as GpuLike;
}

/** e.g. 'google swiftshader (SwiftShader driver 5.0.0)'; browsers often leave the description empty. */
function describeAdapter(info: AdapterInfoLike | undefined): string {
  const name = [info?.vendor, info?.architecture].filter((s) => !!s).join(' ') || 'unknown adapter';
  return info?.description ? `${name} (${info.description})` : name;
}

// Software rasterisers that implement WebGPU (Chromium's and Dawn's SwiftShader, Mesa's llvmpipe
// and lavapipe, Windows' WARP): correct, and hundreds of times slower than the wasm backend.
const SOFTWARE_RENDERER = /swiftshader|llvmpipe|lavapipe|softpipe|basic render driver|\bwarp\b|software/i;

/** Why `adapter` is a software one, or `undefined` for a hardware adapter. */
export function softwareAdapterReason(adapter: Pick<AdapterLike, 'info' | 'isFallbackAdapter'>): string | undefined {
  const info = adapter.info;
  const named = [info?.vendor, info?.architecture, info?.device, info?.description].some((s) => !!s && SOFTWARE_RENDERER.test(s));
  if (!named && adapter.isFallbackAdapter !== true && info?.isFallbackAdapter !== true) return undefined;
  return `the WebGPU adapter (${describeAdapter(info)}) is a software renderer, far slower than wasm; pass {backend: 'webgpu'} to use it anyway`;
}

/** The GPU object: the browser's `navigator.gpu`, or in Node one from the `webgpu` package. */
async function findGpu(deps: WebGPUBackendDeps): Promise<GpuLike> {
  const gpu = deps.gpu ?? navigatorGpu();
  if (gpu !== undefined) return gpu;
  if (!(deps.isNode ?? IS_NODE)) {
    throw new Error('no WebGPU adapter (navigator.gpu is undefined: this browser has no WebGPU, it is turned off, or the page is not a secure context)');
  }
  return nodeGpu(deps);
}

async function requestAdapter(deps: WebGPUBackendDeps): Promise<AdapterLike> {
  const gpu = await findGpu(deps);
  const powerPreference = env.webgpu.powerPreference;
  const adapter = await gpu.requestAdapter(powerPreference ? { powerPreference } : undefined);
  if (adapter == null) {
    const hint =
      (deps.isNode ?? IS_NODE)
        ? `; Dawn found no Vulkan, Metal or D3D12 adapter (for a software one, point VK_ICD_FILENAMES at a SwiftShader or lavapipe ICD and make libvulkan.so.1 loadable)`
        : '';
    throw new Error(`no WebGPU adapter (navigator.gpu.requestAdapter() returned null${hint})`);
  }
  return adapter;
}

async function createInstance(adapter: AdapterLike, WebGPUBackend: new (device: never, info?: never) => tf.KernelBackend) {
  const requiredLimits: Record<string, number> = {};
  for (const key of RAISED_LIMITS) {
    const value = adapter.limits[key];
    if (value !== undefined) requiredLimits[key] = value;
  }
  const requiredFeatures = ['timestamp-query'].filter((f) => adapter.features.has(f));
  let device: unknown;
  try {
    device = await adapter.requestDevice({ requiredLimits, requiredFeatures });
  } catch (err) {
    throw new Error(`the WebGPU adapter refused a device: ${describeError(err)}`, { cause: err });
  }
  const info = adapter.info;
  const instance = new WebGPUBackend(device as never, info as never);
  return { instance, description: describeAdapter(info) };
}

function describeInstance(instance: tf.KernelBackend): string {
  const adapterInfo = (instance as { adapterInfo?: AdapterInfoLike }).adapterInfo;
  return describeAdapter(adapterInfo);
}

/** A webgpu `Backend`; `deps` replace what it loads and probes (for tests). */
export function createWebGPUBackend(deps: WebGPUBackendDeps = {}): Backend {
  // One adapter, asked for once: by `'auto'` to judge it, then by start() to make the device.
  let adapter: Promise<AdapterLike> | undefined;
  const getAdapter = () => (adapter ??= requestAdapter(deps));

  const autoSkipReason = async (): Promise<string | undefined> => {
    // A backend started by the user's own tfjs registration: judge the adapter it runs on.
    const existing = registeredInstance('webgpu');
    if (adapter === undefined && existing !== undefined) {
      return softwareAdapterReason({ info: (existing as { adapterInfo?: AdapterInfoLike }).adapterInfo });
    }
    return softwareAdapterReason(await getAdapter());
  };

  const start = async (): Promise<string> => {
    const existing = registeredInstance('webgpu');
    if (existing !== undefined) return describeInstance(existing);
    // A factory registered before we load the package is the user's (their own import of the
    // package, or their own registration): start that one, as tfjs would.
    const userFactory = tf.findBackendFactory('webgpu') != null;
    if (userFactory) {
      if (env.webgpu.powerPreference !== undefined) {
        try {
          tf.env().set('WEBGPU_USE_LOW_POWER_GPU', env.webgpu.powerPreference === 'low-power');
        } catch {
          // The flag exists only once the tfjs package is loaded; a custom factory may not read it.
        }
      }
      try {
        return describeInstance(await startRegisteredFactory('webgpu'));
      } catch (err) {
        throw new Error(`the registered tfjs 'webgpu' backend failed to start: ${describeError(err)}`, { cause: err });
      }
    }
    const load = deps.importTfjsWebGPU ?? importTfjsWebGPU;
    let WebGPUBackend: typeof import('@tensorflow/tfjs-backend-webgpu').WebGPUBackend;
    try {
      ({ WebGPUBackend } = await loadPackage(TFJS_PACKAGE, load));
    } catch (err) {
      if (!(err instanceof PackageMissingError)) throw err;
      const how =
        (deps.isNode ?? IS_NODE)
          ? `${TFJS_PACKAGE} is not installed (WebGPU in Node takes two optional packages: npm install ${TFJS_PACKAGE} ${NODE_PACKAGE})`
          : `${TFJS_PACKAGE} is not part of this page: install it and import it once in your app (import '${TFJS_PACKAGE}'); bundlers do not add optional packages by themselves`;
      throw new Error(how, { cause: err });
    }
    // Where navigator.gpu exists, importing the package registered tfjs's own factory; the one
    // below replaces it, so env.webgpu.powerPreference applies and a missing adapter is named.
    try {
      const { instance, description } = await createInstance(await getAdapter(), WebGPUBackend as never);
      adoptInstance('webgpu', instance);
      return description;
    } catch (err) {
      // Leave no factory that is known not to work for tfjs's own backend selection to trip on.
      if (registeredInstance('webgpu') === undefined && tf.findBackendFactory('webgpu') != null) tf.removeBackend('webgpu');
      throw err;
    }
  };
  return defineBackend('webgpu', () => (deps.isNode ?? IS_NODE) || (deps.gpu ?? navigatorGpu()) !== undefined, start, autoSkipReason);
}

export const webgpuBackend: Backend = /* @__PURE__ */ createWebGPUBackend();
