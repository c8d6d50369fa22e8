// README's browser app in Chromium: built by Vite 8 and served by `vite preview`, and as a plain
// <script type=module> page with an import map; on 'auto', 'wasm' and an explicit 'webgpu'
// (SwiftShader here). Screenshots go to build/e2e/.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { e2e, launchChromium, node, pageResult, serveStatic } from './helpers.mjs';

const kB = (bytes) => `${(bytes / 1024).toFixed(0)} kB`;

/** A port nothing listens on now. */
async function freePort() {
  const server = createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** `vite preview` (or, with `dev`, the dev server) on 127.0.0.1; resolves to its URL once it listens. */
async function vite(dir, { dev = false } = {}) {
  const args = dev ? [] : ['preview'];
  const port = String(await freePort());
  const child = spawn(process.execPath, ['node_modules/vite/bin/vite.js', ...args, '--host', '127.0.0.1', '--port', port, '--strictPort'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let output = '';
    const onData = (chunk) => {
      output += chunk;
      // eslint-disable-next-line no-control-regex
      const match = output.replace(/\x1b\[[0-9;]*m/g, '').match(/http:\/\/127\.0\.0\.1:(\d+)\//);
      if (match) resolve({ url: match[0], close: () => child.kill() });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => reject(new Error(`vite preview exited with ${code}: ${output}`)));
  });
}

describe('e2e: browsers', () => {
  let browser;
  let preview;
  const digits = {};

  before(async () => {
    browser = await launchChromium();
  });
  after(async () => {
    preview?.close();
    await browser?.close();
  });

  it('builds with Vite 8: the wasm binaries and the model are copied, no Node-only code emitted', () => {
    const build = node(e2e.viteApp, ['node_modules/vite/bin/vite.js', 'build']);
    const output = build.stdout + build.stderr;
    assert.equal(build.status, 0, output);
    assert.doesNotMatch(output, /gradient-worker|worker_threads|doesn't exist at build time|\[warn|warning/i);
    const assets = readdirSync(join(e2e.viteApp, 'dist/assets'));
    for (const file of ['tfjs-backend-wasm-', 'tfjs-backend-wasm-simd-', 'tfjs-backend-wasm-threaded-simd-', 'mnist-']) {
      assert.ok(assets.some((a) => a.startsWith(file)), `${file}* in ${assets}`);
    }
    assert.ok(!assets.some((a) => a.includes('gradient-worker')), 'no worker thread script');
    const js = assets.filter((a) => a.endsWith('.js'));
    const bytes = js.reduce((sum, a) => sum + statSync(join(e2e.viteApp, 'dist/assets', a)).size, 0);
    const gzip = js.reduce((sum, a) => sum + gzipSync(readFileSync(join(e2e.viteApp, 'dist/assets', a))).length, 0);
    const wasm = assets.filter((a) => a.endsWith('.wasm')).reduce((sum, a) => sum + statSync(join(e2e.viteApp, 'dist/assets', a)).size, 0);
    console.log(`vite build: JavaScript ${kB(bytes)} (${kB(gzip)} gzip) in ${js.length} files; tfjs wasm binaries ${kB(wasm)}`);
  });

  it("draws a digit on 'wasm' with no configuration", async () => {
    preview = await vite(e2e.viteApp);
    const result = await pageResult(browser, `${preview.url}?backend=wasm`, { screenshot: join(e2e.artifacts, 'vite-wasm.png') });
    assert.equal(result.error, undefined, `${result.error}\n${result.console.join('\n')}`);
    assert.equal(result.backend, 'wasm');
    assert.ok(result.data.some((v) => v > 128), 'a digit has ink');
    assert.ok(result.bitsPerDim > 0 && result.bitsPerDim < 4);
    console.log(`vite app, wasm (${result.info}): first digit drawn ${Math.round(result.drawnMs)} ms after navigation (model ready at ${Math.round(result.loadedMs)} ms)`);
    const bytes = (pattern) => result.downloads.filter((d) => pattern.test(new URL(d.url).pathname)).reduce((sum, d) => sum + d.bytes, 0);
    // The probe before the backend starts asks for 4 bytes: the binary is downloaded once.
    assert.ok(bytes(/\.wasm$/) < 450 * 1024, `WebAssembly downloaded: ${kB(bytes(/\.wasm$/))}`);
    const scripts = result.downloads.filter((d) => /\/assets\/[^/]+\.js$/.test(new URL(d.url).pathname));
    const gzip = scripts.reduce((sum, d) => sum + gzipSync(readFileSync(join(e2e.viteApp, 'dist', new URL(d.url).pathname))).length, 0);
    console.log(
      `vite app, wasm: the page downloaded JavaScript ${kB(bytes(/\.js$/))} (${kB(gzip)} gzip), WebAssembly ${kB(bytes(/\.wasm$/))}, the model ${kB(bytes(/\.safetensors$/))}`,
    );
    digits.wasm = result.data;
  });

  it("passes over SwiftShader's WebGPU on 'auto', says why, and draws the same digit on wasm", async () => {
    const result = await pageResult(browser, `${preview.url}`, { screenshot: join(e2e.artifacts, 'vite-auto.png') });
    assert.equal(result.error, undefined, `${result.error}\n${result.console.join('\n')}`);
    assert.equal(result.backend, 'wasm');
    assert.equal(result.report[0].name, 'webgpu');
    assert.equal(result.report[0].status, 'passed over');
    assert.match(result.report[0].detail, /swiftshader.*is a software renderer/i);
    assert.deepEqual(result.data, digits.wasm);
  });

  it("takes SwiftShader's WebGPU when asked for 'webgpu' explicitly, and samples a digit on it", async () => {
    // A software adapter: minutes for one digit (which is why 'auto' passes over it).
    const result = await pageResult(browser, `${preview.url}?backend=webgpu`, { timeout: 600_000, screenshot: join(e2e.artifacts, 'vite-webgpu.png') });
    assert.equal(result.error, undefined, `${result.error}\n${result.console.join('\n')}`);
    assert.equal(result.backend, 'webgpu');
    assert.match(result.info, /swiftshader/i);
    assert.ok(result.data.some((v) => v > 128), 'a digit has ink');
    assert.ok(result.bitsPerDim > 0 && result.bitsPerDim < 4);
    const same = result.data.filter((v, i) => v === digits.wasm[i]).length / result.data.length;
    console.log(`vite app, webgpu (${result.info}): first digit after ${Math.round(result.drawnMs)} ms; ${(100 * same).toFixed(1)}% of its pixels as on wasm`);
  });

  it("runs in Vite's dev server as well, with no configuration", async () => {
    const dev = await vite(e2e.viteApp, { dev: true });
    try {
      const result = await pageResult(browser, `${dev.url}?backend=wasm`, { screenshot: join(e2e.artifacts, 'vite-dev-wasm.png') });
      assert.equal(result.error, undefined, `${result.error}\n${result.console.join('\n')}`);
      assert.equal(result.backend, 'wasm');
      assert.deepEqual(result.data, digits.wasm);
    } finally {
      dev.close();
    }
  });

  it('runs as a plain <script type=module> page from node_modules, finding the wasm binaries itself', async () => {
    const server = await serveStatic(e2e.nodeApp);
    try {
      const result = await pageResult(browser, server.url, { screenshot: join(e2e.artifacts, 'plain-auto.png') });
      assert.equal(result.error, undefined, `${result.error}\n${result.console.join('\n')}`);
      assert.equal(result.backend, 'wasm');
      assert.deepEqual(result.data, digits.wasm);
    } finally {
      await server.close();
    }
  });

  it('names the URLs it tried and the fix when the wasm binaries cannot be fetched, before downloading the model', async () => {
    const server = await serveStatic(e2e.nodeApp, { refuse: (path) => path.endsWith('.wasm') && path.includes('tfjs-backend-wasm') });
    try {
      const result = await pageResult(browser, `${server.url}?backend=wasm`);
      assert.match(
        result.error ?? '',
        /^PixelCNNPPError: backend 'wasm' is unavailable: @tensorflow\/tfjs-backend-wasm's tfjs-backend-wasm-simd\.wasm could not be fetched: http:\/\/127\.0\.0\.1:\d+\/node_modules\/pixelcnnpp\/dist\/@tensorflow\/tfjs-backend-wasm\/dist\/tfjs-backend-wasm-simd\.wasm \(copied by the bundler\): the server answered 404/,
      );
      assert.match(result.error, /\/node_modules\/@tensorflow\/tfjs-backend-wasm\/dist\/tfjs-backend-wasm-simd\.wasm \(the npm layout next to pixelcnnpp\): the server answered 404/);
      assert.match(result.error, /set env\.wasm\.tfjsWasmPaths to their folder before loading a model/);
      assert.ok(!server.requests.some((path) => path.endsWith('.safetensors')), `requested: ${server.requests.join(', ')}`);
    } finally {
      await server.close();
    }
  });

  it('builds with webpack 5 and draws the same digit on wasm and on auto, with no configuration', async () => {
    const build = node(e2e.webpackApp, ['build.mjs']);
    assert.equal(build.status, 0, build.stdout + build.stderr);
    const assets = readdirSync(join(e2e.webpackApp, 'dist'));
    assert.equal(assets.filter((a) => a.endsWith('.wasm')).length, 3, `${assets}`);
    assert.ok(assets.some((a) => a.endsWith('.safetensors')), `${assets}`);
    const server = await serveStatic(join(e2e.webpackApp, 'dist'));
    try {
      for (const backend of ['wasm', 'auto']) {
        const result = await pageResult(browser, `${server.url}?backend=${backend}`, { screenshot: join(e2e.artifacts, `webpack-${backend}.png`) });
        assert.equal(result.error, undefined, `${result.error}\n${result.console.join('\n')}`);
        assert.equal(result.backend, 'wasm');
        assert.deepEqual(result.data, digits.wasm);
      }
    } finally {
      await server.close();
    }
  });
});
