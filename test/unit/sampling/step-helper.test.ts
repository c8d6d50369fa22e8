// @node-only: a helper thread (Node's worker_threads) on the step kernels' shared memory.
// A stepper lent a helper thread has it run half of each row-wide kernel call (and of a large
// model's calls at one position): the parameters must be the same bits as without one, whether
// the helper is there from the start, arrives only after the stepper is done, or is not lent at
// all; and the helper must leave when the stepper is disposed.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Worker } from 'node:worker_threads';
import { resolveConfig } from '../../../src/config.js';
import { resolveBackend } from '../../../src/backends/registry.js';
import { PixelCNNNet } from '../../../src/network/pixelcnn-net.js';
import type { StepHelperThread } from '../../../src/sampling/step-helper.js';
import { WasmCachedStepper } from '../../../src/sampling/wasm-cached-stepper.js';
import { randomTensors } from '../../../src/weights/random.js';
import { foldWeights } from '../../../src/weights/weight-map.js';

interface HelperEvent {
  type: 'ready' | 'started' | 'stopped';
  session?: number;
  /** Why a failing helper left. */
  error?: string;
}

/** A worker serving the sessions it is lent to (test/helpers/step-helper-worker.mjs), and what it has said. */
function helperWorker() {
  const worker = new Worker(new URL('../../helpers/step-helper-worker.mjs', import.meta.url));
  const events: HelperEvent[] = [];
  let notify = () => {};
  worker.on('message', (event: HelperEvent) => {
    events.push(event);
    notify();
  });
  const until = async (type: HelperEvent['type']) => {
    while (!events.some((e) => e.type === type)) await new Promise<void>((resolve) => (notify = resolve));
  };
  const lend = (delayMs = 0, failing = false): StepHelperThread => ({
    serve(memory, control, stackTop, session) {
      events.length = 0;
      worker.postMessage({ memory, control, stackTop, session, delayMs, failing });
      return true;
    },
  });
  return { worker, events, until, lend };
}

/**
 * Every pixel's parameters, with pixel values from a fixed pattern. Synchronously, as `generate`
 * steps a row: the helper, spinning between calls, is there for each of them.
 */
function run(stepper: WasmCachedStepper, n: number, pixels: number, channels: number): Float32Array[] {
  const out: Float32Array[] = [];
  for (let p = 0; p < pixels; p++) {
    out.push(stepper.paramsNow(p).slice());
    stepper.setPixel(p, Float32Array.from({ length: n * channels }, (_, k) => (((p * 31 + k * 17) % 256) / 127.5) - 1));
  }
  return out;
}

describe('a helper thread in cached generation (step kernels on a shared memory)', async () => {
  const runtime = await resolveBackend('wasm');
  // Rows of 16 and 8 positions are split between the threads, the quarter level's 4 are not. With
  // 32 filters a half call takes the helper long enough to claim it before the stepper, done with
  // its own half, takes it back (with a handful of filters the stepper is always first).
  const config = resolveConfig({ height: 16, width: 16, channels: 3, nrResnet: 1, nrFilters: 32, nrLogisticMix: 3, numClasses: 2 });
  const net = new PixelCNNNet(foldWeights(randomTensors(config, 3), config), config);
  const pixels = config.height * config.width;
  const options = { n: 2, labels: Int32Array.from([1, 0]) };
  const expected = await runtime.run(async () => {
    const alone = await WasmCachedStepper.create(net, options);
    try {
      return run(alone, 2, pixels, 3);
    } finally {
      alone.dispose();
    }
  });
  const helper = helperWorker();
  await helper.until('ready');
  after(async () => {
    net.dispose();
    await helper.worker.terminate();
  });

  /**
   * Steps `net` with the helper serving, checks the parameters against `expected` and the helper's
   * share; returns the stepper's counts. How many halves the helper gets depends on the scheduler
   * (it must be on a core while the stepper runs its own half), so a session in which it got none
   * is tried again, up to three. Returns the calls split in the session.
   */
  const helped = async (stepNet: PixelCNNNet, stepOptions: { n: number; labels?: Int32Array }, channels: number, want: Float32Array[]) => {
    for (let attempt = 1; ; attempt++) {
      const stepper = await WasmCachedStepper.create(stepNet, { ...stepOptions, helper: helper.lend() });
      assert.ok(stepper.helper, 'a session was started');
      await helper.until('started');
      while (!stepper.helper.serving) await new Promise((resolve) => setImmediate(resolve));
      const got = run(stepper, stepOptions.n, want.length, channels);
      const { split, helped: ran } = stepper.helper;
      stepper.dispose();
      await helper.until('stopped');
      assert.equal(stepper.helper.serving, false);
      assert.deepEqual(got, want);
      assert.ok(split > 0 && ran <= split, `split ${split}, helped ${ran}`);
      console.log(`helper: ${ran} of ${split} split calls run by the helper (session ${attempt})`);
      if (ran > 0) return split;
      assert.ok(attempt < 3, 'the helper ran no call in 3 sessions');
    }
  };

  /** A session with the helper serving from the start, on `net`: the same parameters. */
  const servedSession = async () => {
    const stepper = await WasmCachedStepper.create(net, { ...options, helper: helper.lend() });
    await helper.until('started');
    while (!stepper.helper!.serving) await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(run(stepper, 2, pixels, 3), expected);
    stepper.dispose();
    await helper.until('stopped');
  };

  it('gives the same parameters bit for bit, the helper running half of the row-wide calls, and lets it go on dispose', async () => {
    await runtime.run(() => helped(net, options, 3, expected));
  });

  it('cuts a large model\'s calls at one position by output columns: the same bits, also once its steps are recorded', async () => {
    // 128 filters: a position's convolutions are 100k multiply-adds; no row is 8 wide.
    const wide = resolveConfig({ height: 4, width: 4, channels: 1, nrResnet: 1, nrFilters: 128, nrLogisticMix: 2 });
    const wideNet = new PixelCNNNet(foldWeights(randomTensors(wide, 4), wide), wide);
    try {
      await runtime.run(async () => {
        const alone = await WasmCachedStepper.create(wideNet, { n: 1 });
        const want = run(alone, 1, 16, 1);
        alone.dispose();
        const split = await helped(wideNet, { n: 1 }, 1, want);
        // The layout now holds every position's step program; they hold calls the helper cuts, so
        // a stepper with a helper makes those steps call by call, splitting as many calls.
        assert.equal(await helped(wideNet, { n: 1 }, 1, want), split);
      });
    } finally {
      wideNet.dispose();
    }
  });

  it('gives the same parameters when the helper comes only after the stepper is done (the stepper runs every half), and the late helper leaves at once', async () => {
    await runtime.run(async () => {
      const stepper = await WasmCachedStepper.create(net, { ...options, helper: helper.lend(300) });
      const got = run(stepper, 2, pixels, 3);
      const { split, helped } = stepper.helper!;
      stepper.dispose();
      await helper.until('stopped');
      assert.deepEqual(got, expected);
      assert.ok(split > 0, 'calls were posted for the helper');
      assert.equal(helped, 0);
    });
  });

  it('runs a half itself when the helper\'s call throws: the same bits, and the helper leaves with its error', async () => {
    await runtime.run(async () => {
      // As above, the helper must claim a call for it to fail: tried up to three sessions.
      for (let attempt = 1; ; attempt++) {
        const stepper = await WasmCachedStepper.create(net, { ...options, helper: helper.lend(0, true) });
        await helper.until('started');
        while (!stepper.helper!.serving && !helper.events.some((e) => e.type === 'stopped')) await new Promise((resolve) => setImmediate(resolve));
        const got = run(stepper, 2, pixels, 3);
        assert.equal(stepper.helper!.helped, 0);
        stepper.dispose();
        await helper.until('stopped');
        assert.deepEqual(got, expected);
        const { error } = helper.events.find((e) => e.type === 'stopped')!;
        if (error !== undefined) {
          assert.equal(error, 'a broken helper');
          break;
        }
        assert.ok(attempt < 3, 'the helper claimed no call in 3 sessions');
      }
      // The block is free again: the next session is served.
      await servedSession();
    });
  });

  it('runs alone, the same bits, when no thread is free', async () => {
    await runtime.run(async () => {
      const stepper = await WasmCachedStepper.create(net, { ...options, helper: { serve: () => false } });
      assert.equal(stepper.helper, undefined);
      assert.deepEqual(run(stepper, 2, pixels, 3), expected);
      stepper.dispose();
      // The network's session count moved on past the one never served: the next helper serves.
      await servedSession();
    });
  });
});
