// @node-only: Node's process-wide error handlers, around tfjs-backend-wasm's start.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { resolveBackend } from '../../../src/backends/registry.js';
import { withoutNewProcessHandlers } from '../../../src/backends/process-handlers.js';

const child = fileURLToPath(new URL('./child/uncaught.ts', import.meta.url));

function runChild(mode: string) {
  return spawnSync(process.execPath, ['--import', 'tsx', child, mode], { encoding: 'utf8', timeout: 60_000 });
}

describe('backends: process-wide error handlers', () => {
  it("leaves the application's uncaughtException/unhandledRejection listeners as they were after the wasm backend starts", async () => {
    const mine = () => undefined;
    process.on('uncaughtException', mine);
    const before = { uncaught: process.listeners('uncaughtException'), rejection: process.listeners('unhandledRejection') };
    try {
      await resolveBackend('wasm');
      assert.deepEqual(process.listeners('uncaughtException'), before.uncaught);
      assert.deepEqual(process.listeners('unhandledRejection'), before.rejection);
    } finally {
      process.removeListener('uncaughtException', mine);
    }
  });

  it('removes exactly the listeners added while its function ran, also when it throws', async () => {
    const kept = () => undefined;
    const added = () => undefined;
    process.on('unhandledRejection', kept);
    try {
      await assert.rejects(
        withoutNewProcessHandlers(async () => {
          process.on('unhandledRejection', added);
          process.on('uncaughtException', added);
          throw new Error('start failed');
        }),
        /start failed/,
      );
      assert.ok(process.listeners('unhandledRejection').includes(kept));
      assert.ok(!process.listeners('unhandledRejection').includes(added));
      assert.ok(!process.listeners('uncaughtException').includes(added));
    } finally {
      process.removeListener('unhandledRejection', kept);
    }
  });

  it("an application's uncaught error after the wasm backend started exits with code 1 and the application's own stack", () => {
    const run = runChild('throw');
    assert.equal(run.status, 1, run.stderr);
    assert.match(run.stderr, /Error: the application's own error\n\s+at .*uncaught\.ts/);
    assert.doesNotMatch(run.stderr, /tfjs-backend-wasm/);
  });

  it("an unhandled rejection after the wasm backend started is reported as Node reports it (exit code 1)", () => {
    const run = runChild('reject');
    assert.equal(run.status, 1, run.stderr);
    assert.match(run.stderr, /Error: the application's own rejection\n\s+at .*uncaught\.ts/);
    assert.doesNotMatch(run.stderr, /tfjs-backend-wasm/);
  });

  it("an application's own unhandledRejection handler still decides", () => {
    const run = runChild('handled');
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /handled: the application's own rejection/);
  });
});
