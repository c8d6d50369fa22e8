// The installed package's declarations, type-checked the ways TypeScript users compile: module
// node16 (an ES module and a CommonJS one) and bundler resolution, strict, library types checked.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { e2e, node } from './helpers.mjs';

const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');

function typecheck(project) {
  const run = node(e2e.nodeApp, [tsc, '-p', project]);
  assert.equal(run.status, 0, run.stdout + run.stderr);
  assert.equal(run.stdout, '');
}

describe('e2e: TypeScript', () => {
  it('type-checks an ES module and a CommonJS module under module node16', () => typecheck('tsconfig.node16.json'));
  it('type-checks an app under moduleResolution bundler', () => typecheck('tsconfig.bundler.json'));
});
