// @node-only: reads the .wasm files from disk to exercise env.wasm.wasmBinary / wasmPaths.
// Loading the mixture module: build choice, the embedded copies, and the env overrides.
import { afterEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

import { env, MIXTURE_WASM_FILES } from '../../../src/env.js';
import { PixelCNNPPError } from '../../../src/errors.js';
import { MIXTURE_WASM_SCALAR_BASE64, MIXTURE_WASM_SIMD_BASE64 } from '../../../src/mixture/binaries.js';
import { chooseMixtureBuild, clearMixtureModuleCache, decodeBase64, loadMixtureKernel } from '../../../src/mixture/load.js';
import { HAS_WASM_SIMD } from '../../../src/platform.js';

const wasmDir = join(dirname(fileURLToPath(import.meta.url)), '../../../wasm');
const fileBytes = (build: keyof typeof MIXTURE_WASM_FILES) => new Uint8Array(readFileSync(join(wasmDir, MIXTURE_WASM_FILES[build])));
const shape = { pixels: 1, channels: 1 as const, nrMix: 1 };
const oneLogProb = async (k: { logProb: (p: Float32Array, x: Uint8Array, s: typeof shape) => { perPixel: Float64Array } }) =>
  k.logProb(new Float32Array([0, 0, -2]), new Uint8Array([128]), shape).perPixel[0];

const code = (c: string, pattern?: RegExp) => (e: unknown) => e instanceof PixelCNNPPError && e.code === c && (!pattern || pattern.test(e.message));

afterEach(() => {
  env.wasm.simd = undefined;
  env.wasm.wasmBinary = undefined;
  env.wasm.wasmPaths = undefined;
  clearMixtureModuleCache();
});

describe('loading the mixture module', () => {
  it('embeds exactly the built files', () => {
    assert.deepEqual(decodeBase64(MIXTURE_WASM_SIMD_BASE64), fileBytes('simd'));
    assert.deepEqual(decodeBase64(MIXTURE_WASM_SCALAR_BASE64), fileBytes('scalar'));
    assert.deepEqual(decodeBase64(MIXTURE_WASM_SCALAR_BASE64), new Uint8Array(Buffer.from(MIXTURE_WASM_SCALAR_BASE64, 'base64')));
  });

  it('builds modules that import nothing and export memory and the kernel\'s pcnn_* functions, no more', () => {
    for (const build of ['simd', 'scalar'] as const) {
      const module = new WebAssembly.Module(fileBytes(build));
      assert.deepEqual(WebAssembly.Module.imports(module), []);
      const names = WebAssembly.Module.exports(module).map((e) => e.name);
      for (const name of names.filter((n) => n !== 'memory')) assert.match(name, /^pcnn_[a-z]+_[a-z_]+$/);
      const used = ['memory', 'pcnn_error_index', 'pcnn_mixture_logprob', 'pcnn_mixture_sample', 'pcnn_mixture_sample_noise', 'pcnn_workspace_reserve'];
      assert.deepEqual(names.sort(), used);
    }
  });

  it('picks SIMD where supported, unless env.wasm.simd or the option says otherwise', async () => {
    assert.equal(HAS_WASM_SIMD, true); // Node 20
    assert.equal(chooseMixtureBuild(), 'simd');
    assert.equal((await loadMixtureKernel()).impl, 'wasm-simd');
    env.wasm.simd = false;
    assert.equal((await loadMixtureKernel()).impl, 'wasm');
    assert.equal((await loadMixtureKernel({ simd: true })).impl, 'wasm-simd');
    env.wasm.simd = true;
    assert.equal((await loadMixtureKernel({ simd: false })).impl, 'wasm');
  });

  it('gives each kernel its own instance of the one compiled module', async () => {
    const a = await loadMixtureKernel();
    const b = await loadMixtureKernel();
    const expected = await oneLogProb(a);
    a.dispose();
    assert.equal(await oneLogProb(b), expected);
    assert.throws(() => a.logProb(new Float32Array(3), new Uint8Array(1), shape), code('E_DISPOSED'));
  });

  it('uses env.wasm.wasmBinary, and refuses a change after compiling', async () => {
    env.wasm.wasmBinary = { scalar: fileBytes('scalar') };
    const k = await loadMixtureKernel({ simd: false });
    assert.ok(Number.isFinite(await oneLogProb(k)));
    env.wasm.wasmBinary = { scalar: fileBytes('scalar') };
    await assert.rejects(loadMixtureKernel({ simd: false }), code('E_CONFIG', /env.wasm.wasmBinary was changed after the mixture module/));
    clearMixtureModuleCache();
    env.wasm.wasmBinary = { simd: new Uint8Array([0, 97, 115, 109, 9, 9, 9, 9]) };
    await assert.rejects(loadMixtureKernel({ simd: true }), code('E_WASM', /could not compile pixelcnnpp-mixture-simd.wasm from env.wasm.wasmBinary/));
  });

  it('reads env.wasm.wasmPaths (prefix, file URL, per-file map)', async () => {
    env.wasm.wasmPaths = wasmDir + '/';
    assert.equal((await loadMixtureKernel({ simd: true })).impl, 'wasm-simd');
    clearMixtureModuleCache();
    env.wasm.wasmPaths = pathToFileURL(wasmDir + '/').href;
    assert.equal((await loadMixtureKernel({ simd: false })).impl, 'wasm');
    clearMixtureModuleCache();
    env.wasm.wasmPaths = { 'pixelcnnpp-mixture.wasm': join(wasmDir, 'pixelcnnpp-mixture.wasm') };
    assert.equal((await loadMixtureKernel({ simd: false })).impl, 'wasm');
    // A map without this build's file leaves it embedded.
    assert.equal((await loadMixtureKernel({ simd: true })).impl, 'wasm-simd');
  });

  it('reports an unreadable path and lets a corrected env load', async () => {
    env.wasm.wasmPaths = '/nonexistent/dir/';
    await assert.rejects(loadMixtureKernel({ simd: false }), code('E_WASM', /could not read pixelcnnpp-mixture.wasm from "\/nonexistent\/dir\/pixelcnnpp-mixture.wasm"/));
    env.wasm.wasmPaths = undefined;
    assert.equal((await loadMixtureKernel({ simd: false })).impl, 'wasm');
  });
});
