// `npm i pixelcnnpp` alone, then README's first lines in Node, as ESM and CommonJS.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { e2e, MB, node, sizeOf } from './helpers.mjs';

function runJson(file) {
  const run = node(e2e.nodeApp, [file]);
  assert.equal(run.status, 0, run.stderr);
  // Nothing on stderr that the user did not cause.
  assert.equal(run.stderr, '');
  return JSON.parse(run.stdout);
}

describe('e2e: Node', () => {
  let modules;
  before(() => {
    modules = join(e2e.nodeApp, 'node_modules');
  });

  it('installs tfjs-core and the wasm backend with the package, and stays under 80 MB', () => {
    for (const pkg of ['pixelcnnpp', '@tensorflow/tfjs-core', '@tensorflow/tfjs-backend-wasm', '@tensorflow/tfjs-backend-cpu']) {
      assert.ok(existsSync(join(modules, pkg, 'package.json')), `${pkg} installed`);
    }
    assert.ok(!existsSync(join(modules, 'webgpu')), "Dawn ('webgpu') is an optional peer, not installed by default");
    assert.ok(!existsSync(join(modules, '@tensorflow/tfjs-backend-webgpu')));
    const nested = readdirSync(join(modules, '@tensorflow')).filter((name) => existsSync(join(modules, '@tensorflow', name, 'node_modules/@tensorflow/tfjs-core')));
    assert.deepEqual(nested, [], 'one copy of tfjs-core');
    const size = sizeOf(modules);
    console.log(`node_modules after npm i pixelcnnpp: ${(size / MB).toFixed(1)} MB`);
    assert.ok(size < 80 * MB, `${(size / MB).toFixed(1)} MB`);
  });

  it('runs the literal API as an ES module on wasm, quietly', () => {
    const result = runJson('esm.mjs');
    assert.equal(result.backend, 'wasm');
    assert.deepEqual(result.shape, [1, 28, 28, 1]);
    assert.equal(result.bitsPerDim.length, 1);
    assert.ok(result.bitsPerDim[0] > 0 && result.bitsPerDim[0] < 4, `${result.bitsPerDim[0]} bits/dim`);
    assert.ok(result.data.some((v) => v > 128), 'a digit has ink');
    assert.deepEqual(
      result.report.map((attempt) => [attempt.name, attempt.status]),
      [
        ['webgpu', 'unavailable'],
        ['wasm', 'chosen'],
      ],
    );
    assert.match(result.report[0].detail, /WebGPU in Node takes two optional packages: npm install @tensorflow\/tfjs-backend-webgpu webgpu/);
  });

  it('runs it as CommonJS, drawing the same digit', () => {
    const esm = runJson('esm.mjs');
    const cjs = runJson('cjs.cjs');
    assert.equal(cjs.backend, 'wasm');
    assert.deepEqual(cjs.data, esm.data);
    assert.deepEqual(cjs.bitsPerDim, esm.bitsPerDim);
  });

  it("lets the application's uncaught errors end the process as Node does", () => {
    const run = node(e2e.nodeApp, ['uncaught.mjs']);
    assert.equal(run.status, 1, run.stderr);
    assert.match(run.stderr, /Error: an error of the application\n\s+at Timeout\._onTimeout \(file:\/\/.*\/uncaught\.mjs:\d+:\d+\)/);
    assert.doesNotMatch(run.stderr, /tfjs-backend-wasm|tf-backend-wasm/);
  });

  it('resolves the shipped model and wasm files through exports', () => {
    const run = node(e2e.nodeApp, ['assets.mjs']);
    assert.equal(run.status, 0, run.stderr);
    const files = JSON.parse(run.stdout);
    assert.ok(files.model.bytes > 2_000_000);
    assert.ok(files.mixtureSimd.bytes > 10_000 && files.mixtureScalar.bytes > 10_000);
    assert.equal(readFileSync(files.mixtureSimd.path).subarray(0, 4).toString('latin1'), '\0asm');
  });

  it('runs the command line from the installed package', () => {
    const run = node(e2e.nodeApp, ['node_modules/.bin/pixelcnnpp', 'sample', '--seed', '42', '--count', '2', '--out', 'digits.png']);
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /digits\.png: 2 images, seed 42.*\(wasm\)/);
    assert.equal(readFileSync(join(e2e.nodeApp, 'digits.png')).subarray(1, 4).toString('latin1'), 'PNG');
  });
});
