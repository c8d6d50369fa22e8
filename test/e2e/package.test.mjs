// What the tarball carries.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { e2e, MB } from './helpers.mjs';

describe('e2e: the tarball', () => {
  let pkg;
  let files;
  const read = (path) => readFileSync(join(pkg, path), 'utf8');

  before(() => {
    pkg = join(e2e.nodeApp, 'node_modules/pixelcnnpp');
    const walk = (dir) => readdirSync(join(pkg, dir), { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? walk(join(dir, d.name)) : [join(dir, d.name)]));
    files = walk('.').map((f) => f.replace(/^\.\//, '')).sort();
    const { size, unpackedSize, entryCount } = e2e.packed;
    console.log(`tarball: ${(size / MB).toFixed(2)} MB packed, ${(unpackedSize / MB).toFixed(2)} MB unpacked, ${entryCount} files`);
  });

  it('has an MIT LICENSE, as package.json says', () => {
    assert.equal(JSON.parse(read('package.json')).license, 'MIT');
    assert.match(read('LICENSE'), /^MIT License\n/);
  });

  it('carries no source maps, and no code points at one', () => {
    assert.deepEqual(files.filter((f) => f.endsWith('.map')), []);
    for (const f of files.filter((f) => /\.(m|c)?js$/.test(f))) assert.doesNotMatch(read(f), /sourceMappingURL/, f);
  });

  it('holds one copy of the library: the command line and the worker import its chunks', () => {
    const esm = files.filter((f) => f.startsWith('dist/') && f.endsWith('.mjs') && !f.includes('browser'));
    const defining = esm.filter((f) => /\nclass PixelCNNPP\b/.test(read(f)));
    assert.equal(defining.length, 1, `class PixelCNNPP defined in ${defining}`);
    assert.doesNotMatch(read('dist/cli.mjs'), /\nclass PixelCNNPP\b/);
    assert.match(read('dist/cli.mjs'), new RegExp(`from '\\./${defining[0].slice('dist/'.length).replace('.', '\\.')}'`));
    assert.ok(read('dist/cli.mjs').length < 60_000, 'the command line alone is small');
    assert.match(read('bin/pixelcnnpp.mjs'), /from '\.\.\/dist\/cli\.mjs'/);
  });

  it('keeps Node-only code out of the browser build', () => {
    const browser = read('dist/pixelcnnpp.browser.mjs');
    assert.doesNotMatch(browser, /gradient-worker|inference-worker|node:worker_threads|new Worker\(/);
    assert.match(browser, /new URL\("@tensorflow\/tfjs-backend-wasm\/dist\/tfjs-backend-wasm-simd\.wasm", import\.meta\.url\)/);
  });

  it('has declarations for ES modules and for CommonJS', () => {
    assert.ok(files.includes('types/index.d.ts'));
    assert.ok(files.includes('dist/types-cjs/index.d.cts'));
    assert.match(read('dist/types-cjs/index.d.cts'), /from '\.\/pixelcnnpp\.cjs'/);
  });

  it("has README links that lead to files in the package", () => {
    const readme = read('README.md');
    const links = [...readme.matchAll(/\]\(([^)#\s]+)\)/g)].map((m) => m[1]).filter((href) => !/^[a-z]+:/i.test(href));
    for (const link of links) assert.ok(files.includes(link), `README links to ${link}, which the package does not have`);
  });
});
