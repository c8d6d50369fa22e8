// Runs before the browser tests: points tfjs-backend-wasm at its binaries and the default
// model at its file (karma serves the repository under /base), and says which WebGPU adapter,
// if any, this browser exposes.
import '@tensorflow/tfjs-backend-webgpu'; // optional, so a bundled app imports it itself (README)
import { env } from '../../src/env.js';

env.wasm.tfjsWasmPaths = '/base/node_modules/@tensorflow/tfjs-backend-wasm/dist/';
// The test bundle does not sit next to models/, so say where karma serves the bundled model.
env.defaultModel = '/base/models/mnist.safetensors';

const gpu = (navigator as Navigator & { gpu?: { requestAdapter(): Promise<unknown> } }).gpu;
before(async () => {
  const adapter = gpu ? await gpu.requestAdapter() : null;
  const info = (adapter as { info?: { vendor?: string; architecture?: string; description?: string } } | null)?.info;
  console.log(`WebGPU adapter: ${adapter ? `${info?.vendor ?? ''} ${info?.architecture ?? ''} ${info?.description ?? ''}` : 'none'}`);
});
declare function before(fn: () => Promise<void>): void;
