// @node-only: simulates machines without WebGPU, which needs Node's own process and globals.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { resolveBackend } from '../../../src/backends/registry.js';
import { createWebGPUBackend } from '../../../src/backends/webgpu.js';
import { PixelCNNPPError } from '../../../src/errors.js';

async function failure(promise: Promise<unknown>): Promise<PixelCNNPPError> {
  const err = await promise.then(
    () => assert.fail('expected a rejection'),
    (e: unknown) => e,
  );
  assert.ok(err instanceof PixelCNNPPError, String(err));
  assert.equal(err.code, 'E_BACKEND_UNAVAILABLE');
  return err;
}

describe('backends: webgpu unavailable', () => {
  it("says so when Node has no navigator.gpu and the 'webgpu' package is missing", async () => {
    // Named so the loader's "Cannot find package '…webgpu'" reads as the 'webgpu' package missing.
    const missing = 'pixelcnnpp-test-missing-webgpu';
    const backend = createWebGPUBackend({ isNode: true, importNodeWebGPU: () => import(missing) });
    assert.equal(backend.isAvailable(), true, 'in Node the package may still turn up');
    const err = await failure(resolveBackend([backend]));
    assert.match(
      err.message,
      /^no available backend: \[webgpu\] no WebGPU adapter \(navigator\.gpu is undefined; in Node install the optional 'webgpu' package\)\. /,
    );
    assert.match(err.message, /Add 'wasm' \(@tensorflow\/tfjs-backend-wasm, which runs wherever WebAssembly does\) to the list\.$/);
  });

  it('says so when the browser has no navigator.gpu', async () => {
    const backend = createWebGPUBackend({ isNode: false });
    assert.equal(backend.isAvailable(), false);
    const err = await failure(resolveBackend([backend]));
    assert.match(err.message, /\[webgpu\] no WebGPU adapter \(navigator\.gpu is undefined: this browser has no WebGPU/);
  });

  it('says so when requestAdapter() finds no adapter, and falls back to the next backend', async () => {
    const gpu = { requestAdapter: async () => null };
    const backend = createWebGPUBackend({ isNode: false, gpu });
    const err = await failure(resolveBackend([backend]));
    assert.match(err.message, /\[webgpu\] no WebGPU adapter \(navigator\.gpu\.requestAdapter\(\) returned null\)/);
    const next = await resolveBackend([backend, 'cpu']);
    assert.equal(next.name, 'cpu');
    assert.equal(next.skipped[0].name, 'webgpu');
  });

  it("fails {backend: 'webgpu'} with the reason, and 'auto' falls back to wasm, when Dawn finds no adapter", () => {
    const child = fileURLToPath(new URL('./child/resolve.ts', import.meta.url));
    const env = { ...process.env, VK_ICD_FILENAMES: '/nonexistent/vk_icd.json', XDG_RUNTIME_DIR: '/tmp' };
    const run = spawnSync(process.execPath, ['--import', 'tsx', child, 'webgpu', 'auto'], { env, encoding: 'utf8', timeout: 60_000 });
    assert.equal(run.status, 0, run.stderr);
    const [webgpu, auto] = JSON.parse(run.stdout.trim().split('\n').at(-1) as string);
    assert.equal(webgpu.error.name, 'PixelCNNPPError');
    assert.equal(webgpu.error.code, 'E_BACKEND_UNAVAILABLE');
    assert.match(webgpu.error.message, /^backend 'webgpu' is unavailable: no WebGPU adapter \(navigator\.gpu\.requestAdapter\(\) returned null; /);
    assert.equal(auto.name, 'wasm');
    assert.equal(auto.skipped.length, 1);
    assert.equal(auto.skipped[0].name, 'webgpu');
  });

  it("warns once when 'auto' falls all the way to the cpu backend", () => {
    const child = fileURLToPath(new URL('./child/resolve.ts', import.meta.url));
    const env = { ...process.env, VK_ICD_FILENAMES: '/nonexistent/vk_icd.json', XDG_RUNTIME_DIR: '/tmp' };
    // Without WebAssembly neither wasm backend can start.
    const run = spawnSync(process.execPath, ['--no-expose-wasm', '--import', 'tsx', child, 'auto', 'auto', 'cpu'], { env, encoding: 'utf8', timeout: 60_000 });
    assert.equal(run.status, 0, run.stderr);
    const results = JSON.parse(run.stdout.trim().split('\n').at(-1) as string);
    assert.deepEqual(results.map((r: { name: string }) => r.name), ['cpu', 'cpu', 'cpu']);
    const warnings = run.stderr.split('\n').filter((line) => line.startsWith('pixelcnnpp:'));
    assert.equal(warnings.length, 1, run.stderr);
    assert.match(warnings[0]!, /^pixelcnnpp: backend 'auto' fell back to the plain JavaScript 'cpu' backend, many times slower than wasm \(\[webgpu\] no WebGPU adapter .*\[wasm\] WebAssembly is not available in this environment\)\. Pass \{backend: 'cpu'\} to choose it on purpose\.$/);
  });
});
