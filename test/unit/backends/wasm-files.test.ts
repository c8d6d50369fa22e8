// Locating tfjs-backend-wasm's binaries in a browser before the backend starts: each candidate
// is probed with one request, and the error names every URL tried and the fix.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { IS_BROWSER } from '../../../src/platform.js';
import { locateTfjsWasmFiles, probeWasmFile, wasmFileUrl } from '../../../src/backends/wasm-files.js';
import type { LocateWasmFilesOptions } from '../../../src/backends/wasm-files.js';

const WASM = new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]);
const PAGE = 'https://app.example/shop/index.html';

/** A fetch serving `files` (URL -> body or status); everything else is the app's index.html, as SPA hosts do. */
function fakeFetch(files: Record<string, Uint8Array | number>, log: string[] = []): typeof fetch {
  return (async (input: string | URL | Request) => {
    const url = String(input);
    log.push(url);
    const file = files[url];
    if (typeof file === 'number') return new Response('not here', { status: file, statusText: 'Not Found' });
    if (file !== undefined) return new Response(file as Uint8Array<ArrayBuffer>, { headers: { 'content-type': 'application/wasm' } });
    return new Response('<!doctype html><title>app</title>', { headers: { 'content-type': 'text/html; charset=utf-8' } });
  }) as typeof fetch;
}

const bundled = {
  'tfjs-backend-wasm.wasm': '/assets/tfjs-backend-wasm-1a2b.wasm',
  'tfjs-backend-wasm-simd.wasm': '/assets/tfjs-backend-wasm-simd-3c4d.wasm',
  'tfjs-backend-wasm-threaded-simd.wasm': '/assets/tfjs-backend-wasm-threaded-simd-5e6f.wasm',
};

function options(overrides: Partial<LocateWasmFilesOptions>): LocateWasmFilesOptions {
  return {
    file: 'tfjs-backend-wasm-simd.wasm',
    userPaths: undefined,
    candidates: [
      { paths: bundled, source: 'copied by the bundler' },
      { paths: 'https://app.example/node_modules/@tensorflow/tfjs-backend-wasm/dist/', source: 'the npm layout next to pixelcnnpp' },
      { paths: 'https://app.example/shop/', source: "next to the page, tfjs's default" },
    ],
    base: PAGE,
    version: '4.22.0',
    fetch: fakeFetch({}),
    ...overrides,
  };
}

describe('backends: locating tfjs-backend-wasm binaries', () => {
  it('resolves a folder or a per-file map against the page', () => {
    assert.equal(wasmFileUrl('/static/', 'tfjs-backend-wasm.wasm', PAGE), 'https://app.example/static/tfjs-backend-wasm.wasm');
    assert.equal(wasmFileUrl('wasm/', 'tfjs-backend-wasm.wasm', PAGE), 'https://app.example/shop/wasm/tfjs-backend-wasm.wasm');
    assert.equal(wasmFileUrl(bundled, 'tfjs-backend-wasm-simd.wasm', PAGE), 'https://app.example/assets/tfjs-backend-wasm-simd-3c4d.wasm');
  });

  it('tells a WebAssembly binary from a 404 and from a page served in its place', async () => {
    const fetch = fakeFetch({ 'https://x/a.wasm': WASM, 'https://x/missing.wasm': 404 });
    assert.equal(await probeWasmFile('https://x/a.wasm', fetch), undefined);
    assert.equal(await probeWasmFile('https://x/missing.wasm', fetch), 'the server answered 404 Not Found');
    assert.equal(
      await probeWasmFile('https://x/other.wasm', fetch),
      'the server answered with something else than a WebAssembly binary (text/html), such as a page served in place of a missing file',
    );
    const offline = (async () => {
      throw new TypeError('Failed to fetch');
    }) as typeof globalThis.fetch;
    assert.equal(await probeWasmFile('https://x/a.wasm', offline), 'the request failed: Failed to fetch');
  });

  it('takes the files the bundler copied, with one request', async () => {
    const log: string[] = [];
    const fetch = fakeFetch({ 'https://app.example/assets/tfjs-backend-wasm-simd-3c4d.wasm': WASM }, log);
    assert.equal(await locateTfjsWasmFiles(options({ fetch })), bundled);
    assert.deepEqual(log, ['https://app.example/assets/tfjs-backend-wasm-simd-3c4d.wasm']);
  });

  it('probes the binary tfjs will load, and moves on to the npm layout', async () => {
    const log: string[] = [];
    const fetch = fakeFetch({ 'https://app.example/node_modules/@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm': WASM }, log);
    const found = await locateTfjsWasmFiles(options({ fetch, file: 'tfjs-backend-wasm.wasm' }));
    assert.equal(found, 'https://app.example/node_modules/@tensorflow/tfjs-backend-wasm/dist/');
    assert.deepEqual(log, [
      'https://app.example/assets/tfjs-backend-wasm-1a2b.wasm',
      'https://app.example/node_modules/@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm',
    ]);
  });

  it('names every URL tried, what it answered, and the fix, when none serves the binary', async () => {
    const fetch = fakeFetch({ 'https://app.example/node_modules/@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm': 404 });
    const err = await locateTfjsWasmFiles(options({ fetch })).then(
      () => assert.fail('expected a rejection'),
      (e: unknown) => e as Error,
    );
    const html = 'the server answered with something else than a WebAssembly binary (text/html), such as a page served in place of a missing file';
    assert.equal(
      err.message,
      "@tensorflow/tfjs-backend-wasm's tfjs-backend-wasm-simd.wasm could not be fetched: " +
        `https://app.example/assets/tfjs-backend-wasm-simd-3c4d.wasm (copied by the bundler): ${html}; ` +
        'https://app.example/node_modules/@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm (the npm layout next to pixelcnnpp): the server answered 404 Not Found; ' +
        `https://app.example/shop/tfjs-backend-wasm-simd.wasm (next to the page, tfjs's default): ${html}. ` +
        "Serve node_modules/@tensorflow/tfjs-backend-wasm/dist/*.wasm and set env.wasm.tfjsWasmPaths to their folder before loading a model (e.g. env.wasm.tfjsWasmPaths = 'https://cdn.jsdelivr.net/npm/@tensorflow/tfjs-backend-wasm@4.22.0/dist/'), or bundle the page with Vite or webpack 5, which copy them.",
    );
  });

  it('checks only env.wasm.tfjsWasmPaths when it is set', async () => {
    const log: string[] = [];
    const fetch = fakeFetch({ 'https://app.example/assets/tfjs-backend-wasm-simd-3c4d.wasm': WASM }, log);
    const err = await locateTfjsWasmFiles(options({ fetch, userPaths: '/wasm/' })).then(
      () => assert.fail('expected a rejection'),
      (e: unknown) => e as Error,
    );
    assert.deepEqual(log, ['https://app.example/wasm/tfjs-backend-wasm-simd.wasm']);
    assert.match(err.message, /^@tensorflow\/tfjs-backend-wasm's tfjs-backend-wasm-simd\.wasm could not be fetched: https:\/\/app\.example\/wasm\/tfjs-backend-wasm-simd\.wasm \(env\.wasm\.tfjsWasmPaths\): /);
    assert.match(err.message, /Point env\.wasm\.tfjsWasmPaths at the folder that serves node_modules\/@tensorflow\/tfjs-backend-wasm\/dist\/\*\.wasm/);
  });

  if (IS_BROWSER) {
    it('probes real responses of the test server', async () => {
      const served = '/base/node_modules/@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm';
      assert.equal(await probeWasmFile(served, fetch), undefined);
      assert.match((await probeWasmFile('/base/node_modules/@tensorflow/tfjs-backend-wasm/dist/missing.wasm', fetch)) ?? '', /^the server answered 404/);
    });
  }
});
