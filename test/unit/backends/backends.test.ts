import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import type { Backend, ResolvedBackend } from '../../../src/backends/backend.js';
import { resolveBackend } from '../../../src/backends/registry.js';
import { defineBackend, PackageMissingError } from '../../../src/backends/tfjs-engine.js';
import { PixelCNNPPError } from '../../../src/errors.js';
import { HAS_WASM_SIMD, IS_NODE } from '../../../src/platform.js';
import { networkOps } from './helpers.js';
import { maxAbsDiff } from '../../helpers/compare.js';
import { randomArray } from '../../helpers/random.js';

// The backend holding a tensor's data, read from the engine's bookkeeping: proves a tensor was
// not moved to another backend behind our back.
function backendOf(t: tf.Tensor): tf.KernelBackend | undefined {
  const state = (tf.engine() as unknown as { state: { tensorInfo: WeakMap<object, { backend: tf.KernelBackend }> } }).state;
  return state.tensorInfo.get(t.dataId)?.backend;
}

function failingBackend(name: Backend['name'], reason: string): Backend {
  return { name, info: undefined, isAvailable: () => false, init: () => Promise.reject(new Error(reason)) };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('backends: cpu and wasm', () => {
  let cpu: ResolvedBackend;
  let wasm: ResolvedBackend;
  let reference: Record<string, Float32Array>;

  before(async () => {
    cpu = await resolveBackend('cpu');
    wasm = await resolveBackend('wasm');
    reference = await cpu.run(networkOps);
  });

  it('starts cpu and wasm when asked by name', () => {
    assert.equal(cpu.name, 'cpu');
    assert.equal(cpu.info, 'js');
    assert.deepEqual(cpu.skipped, []);
    assert.deepEqual(cpu.report, [{ name: 'cpu', status: 'chosen', detail: 'js' }]);
    assert.equal(wasm.name, 'wasm');
    if (IS_NODE) assert.equal(wasm.info, 'simd');
    // The engine's own probe says whether tfjs can pick its SIMD build; info must say the same.
    assert.match(wasm.info, HAS_WASM_SIMD ? /^simd(, \d+ threads)?$/ : /^no simd/);
  });

  it('resolves the same backend again without restarting it', async () => {
    const started = tf.findBackend('wasm');
    assert.ok(started !== null, 'wasm is registered with tfjs');
    const again = await resolveBackend('wasm');
    assert.equal(again.name, 'wasm');
    assert.equal(again.info, wasm.info);
    assert.equal(tf.findBackend('wasm'), started, 'the same tfjs backend instance, not a new one');
  });

  it('computes conv2d, conv2dTranspose, matMul, elu and sigmoid on wasm as on cpu', async () => {
    const got = await wasm.run(networkOps);
    for (const [op, values] of Object.entries(reference)) {
      assert.ok(maxAbsDiff(got[op], values) < 1e-5, `${op}: max |wasm - cpu| = ${maxAbsDiff(got[op], values)}`);
    }
  });

  it('alternates cpu and wasm, activating each one for its own run', async () => {
    for (let round = 0; round < 3; round++) {
      for (const backend of [cpu, wasm]) {
        const values = await backend.run(async () => {
          assert.equal(tf.getBackend(), backend.name);
          return (await networkOps()).conv2d;
        });
        assert.equal(tf.getBackend(), backend.name, 'the last run leaves its backend active');
        assert.ok(maxAbsDiff(values, reference.conv2d) < 1e-5, `${backend.name} round ${round}`);
      }
    }
  });

  it('keeps a tensor on the backend that made it across other backends\' runs', async () => {
    const weight = await cpu.run(() => tf.tensor2d(randomArray(16, 9), [4, 4]));
    try {
      await wasm.run(() => tf.tidy(() => tf.sum(tf.ones([8]))).dispose());
      const product = await cpu.run(async () => {
        const y = tf.matMul(weight, weight);
        const values = await y.data();
        y.dispose();
        return values;
      });
      assert.equal(backendOf(weight), tf.engine().registry['cpu']);
      assert.equal(product.length, 16);
    } finally {
      await cpu.run(() => weight.dispose());
    }
  });

  it('runs one call at a time, in the order they were made, across backends', async () => {
    const log: string[] = [];
    const first = cpu.run(async () => {
      log.push('first:start');
      await sleep(30);
      log.push('first:end');
      return 1;
    });
    const second = wasm.run(() => {
      log.push(`second:start:${tf.getBackend()}`);
      return 2;
    });
    const third = cpu.run(() => {
      log.push(`third:start:${tf.getBackend()}`);
      return 3;
    });
    assert.deepEqual(await Promise.all([first, second, third]), [1, 2, 3]);
    assert.deepEqual(log, ['first:start', 'first:end', 'second:start:wasm', 'third:start:cpu']);
  });

  it('passes a failing call\'s error on and keeps the queue going', async () => {
    await assert.rejects(
      cpu.run(() => {
        throw new Error('boom');
      }),
      /boom/,
    );
    assert.equal(await wasm.run(() => 'next'), 'next');
  });

  it('leaks no tensors', async () => {
    const before = tf.memory().numTensors;
    for (const backend of [cpu, wasm, cpu]) await backend.run(networkOps);
    assert.equal(tf.memory().numTensors, before);
  });
});

describe('backends: choosing', () => {

  it('rejects an unknown name with a TypeError listing the choices', async () => {
    const choices = "Should be one of: auto, webgpu, wasm, cpu, or the name of a backend registered with tfjs (e.g. 'webgl' once @tensorflow/tfjs-backend-webgl is imported).";
    await assert.rejects(resolveBackend('gpu'), { name: 'TypeError', message: `Unsupported backend: "gpu". ${choices}` });
    await assert.rejects(resolveBackend(['cpu', 'not-registered']), { name: 'TypeError', message: `Unsupported backend: "not-registered". ${choices}` });
    await assert.rejects(resolveBackend(['cpu', 'auto']), { name: 'TypeError', message: `Unsupported backend: "auto". ${choices}` });
    await assert.rejects(resolveBackend(['cpu', {}] as never), { name: 'TypeError', message: /^backend\[1\]: not a valid backend/ });
    await assert.rejects(resolveBackend([]), { name: 'RangeError' });
  });

  it('takes the first backend of a list that starts', async () => {
    const resolved = await resolveBackend(['wasm', 'cpu']);
    assert.equal(resolved.name, 'wasm');
  });

  it('skips a backend that fails and says why', async () => {
    const resolved = await resolveBackend([failingBackend('webgpu', 'no adapter (simulated)'), 'cpu']);
    assert.equal(resolved.name, 'cpu');
    assert.deepEqual(resolved.skipped, [{ name: 'webgpu', reason: 'no adapter (simulated)' }]);
  });

  it('lists every failure when no backend starts', async () => {
    const err = await resolveBackend([failingBackend('webgpu', 'no adapter (simulated)'), failingBackend('wasm', 'no wasm (simulated)')]).then(
      () => assert.fail('expected a rejection'),
      (e: unknown) => e,
    );
    assert.ok(err instanceof PixelCNNPPError);
    assert.equal(err.code, 'E_BACKEND_UNAVAILABLE');
    assert.equal(err.message, 'no available backend: [webgpu] no adapter (simulated), [wasm] no wasm (simulated).');
  });

  it('names the package to install when a backend failed for want of it', async () => {
    const missing = (name: string, specifier: string): Backend => ({
      name,
      info: undefined,
      isAvailable: () => false,
      init: () => Promise.reject(new Error('could not start', { cause: new PackageMissingError(specifier) })),
    });
    const err = await resolveBackend([missing('wasm', '@tensorflow/tfjs-backend-wasm'), failingBackend('cpu', 'no cpu (simulated)')]).then(
      () => assert.fail('expected a rejection'),
      (e: unknown) => e as Error,
    );
    assert.match(err.message, / Install @tensorflow\/tfjs-backend-wasm \(npm install @tensorflow\/tfjs-backend-wasm\)\.$/);
    const withoutWasm = await resolveBackend([failingBackend('cpu', 'no cpu (simulated)')]).then(
      () => assert.fail('expected a rejection'),
      (e: unknown) => e as Error,
    );
    assert.match(withoutWasm.message, /Add 'wasm' \(@tensorflow\/tfjs-backend-wasm, which runs wherever WebAssembly does\) to the list\.$/);
  });

  it('passes over a backend that answers autoSkipReason while a later one starts, and says so', async () => {
    let initialised = false;
    const slow: Backend = {
      name: 'webgpu',
      info: undefined,
      isAvailable: () => true,
      init: async () => {
        initialised = true;
      },
      autoSkipReason: async () => 'a software adapter (simulated)',
    };
    const resolved = await resolveBackend([slow, failingBackend('wasm', 'no wasm (simulated)'), 'cpu']);
    assert.equal(resolved.name, 'cpu');
    assert.equal(initialised, false, 'a backend passed over is not started');
    assert.deepEqual(resolved.report, [
      { name: 'webgpu', status: 'passed over', detail: 'a software adapter (simulated)' },
      { name: 'wasm', status: 'unavailable', detail: 'no wasm (simulated)' },
      { name: 'cpu', status: 'chosen', detail: 'js' },
    ]);
    assert.deepEqual(resolved.skipped, [
      { name: 'webgpu', reason: 'a software adapter (simulated)' },
      { name: 'wasm', reason: 'no wasm (simulated)' },
    ]);
  });

  it('takes a backend passed over when nothing after it starts, and never asks a lone one', async () => {
    let asked = 0;
    const slow = (): Backend => {
      let info: string | undefined;
      return {
        name: 'webgpu',
        get info() {
          return info;
        },
        isAvailable: () => true,
        init: async () => {
          info = 'software (simulated)';
        },
        autoSkipReason: async () => {
          asked++;
          return 'a software adapter (simulated)';
        },
      };
    };
    const lastResort = await resolveBackend([slow(), failingBackend('wasm', 'no wasm (simulated)')]);
    assert.equal(lastResort.name, 'webgpu');
    assert.deepEqual(lastResort.report, [
      { name: 'wasm', status: 'unavailable', detail: 'no wasm (simulated)' },
      { name: 'webgpu', status: 'chosen', detail: 'software (simulated)' },
    ]);
    assert.equal(asked, 1);
    const alone = await resolveBackend([slow()]);
    assert.equal(alone.name, 'webgpu');
    assert.equal(asked, 1, 'a single candidate is taken as asked for');
  });

  it('remembers a failure instead of retrying', async () => {
    let attempts = 0;
    const flaky = defineBackend('wasm', () => true, async () => {
      attempts++;
      throw new Error(`attempt ${attempts} failed`);
    });
    await assert.rejects(resolveBackend([flaky]), /\[wasm\] attempt 1 failed/);
    const fallback = await resolveBackend([flaky, 'cpu']);
    assert.deepEqual(fallback.skipped, [{ name: 'wasm', reason: 'attempt 1 failed' }]);
    assert.equal(attempts, 1);
  });
});
