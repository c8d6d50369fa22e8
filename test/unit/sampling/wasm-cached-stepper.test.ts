// The WebAssembly step kernels' cached generation against tfjs's (CachedStepper, the same
// schedule on tfjs ops) on the backends the kernels serve, wasm (and cpu, whose tfjs path is bit
// for bit the naive one): every pixel's mixture parameters within float rounding, for RGB and
// gray, several depths, level sizes that are not powers of two, a non-square image, every level
// past its first two rows (where the kept calls of a row slot are reused), class conditioning and
// batches.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import type { ModelConfig } from '../../../src/config.js';
import { resolveConfig } from '../../../src/config.js';
import { resolveBackend } from '../../../src/backends/registry.js';
import { PixelCNNNet } from '../../../src/network/pixelcnn-net.js';
import { env } from '../../../src/env.js';
import { CachedStepper } from '../../../src/sampling/cached-stepper.js';
import { createCachedStepper } from '../../../src/sampling/create-cached-stepper.js';
import { StepNetwork, releaseStepNetwork } from '../../../src/sampling/step-network.js';
import { WasmCachedStepper } from '../../../src/sampling/wasm-cached-stepper.js';
import type { PixelStepper } from '../../../src/sampling/stepper.js';
import { generate } from '../../../src/sampling/sampler.js';
import { randomTensors } from '../../../src/weights/random.js';
import { foldWeights } from '../../../src/weights/weight-map.js';

/** xorshift32: seeded uint32s. */
function xorshift(seed: number): () => number {
  let a = seed >>> 0 || 1;
  return () => {
    a ^= a << 13;
    a ^= a >>> 17;
    a ^= a << 5;
    return (a >>>= 0);
  };
}

/** Runs a stepper over every pixel, feeding values from a seeded stream; returns every pixel's parameters. */
async function run(stepper: PixelStepper, n: number, pixels: number, channels: number, seed: number): Promise<Float32Array[]> {
  const random = xorshift(seed);
  const out: Float32Array[] = [];
  for (let p = 0; p < pixels; p++) {
    out.push(await stepper.paramsAt(p));
    stepper.setPixel(p, Float32Array.from({ length: n * channels }, () => (random() >>> 24) / 127.5 - 1));
  }
  return out;
}

/** Largest |a - b| / (1 + |b|) over every pixel and value. */
function maxDifference(a: Float32Array[], b: Float32Array[]): number {
  assert.equal(a.length, b.length);
  let worst = 0;
  for (let p = 0; p < a.length; p++) {
    assert.equal(a[p]!.length, b[p]!.length);
    for (let k = 0; k < a[p]!.length; k++) {
      assert.ok(Number.isFinite(a[p]![k]), `pixel ${p}, value ${k}: ${a[p]![k]}`);
      worst = Math.max(worst, Math.abs(a[p]![k]! - b[p]![k]!) / (1 + Math.abs(b[p]![k]!)));
    }
  }
  return worst;
}

interface Case {
  name: string;
  config: Partial<ModelConfig>;
  n: number;
  labels?: number[];
}

const CASES: Case[] = [
  { name: '8x8x3, nrResnet 1, batch 2', config: { height: 8, width: 8, channels: 3, nrResnet: 1, nrFilters: 8 }, n: 2 },
  { name: '8x8x1, nrResnet 2, 6 filters', config: { height: 8, width: 8, channels: 1, nrResnet: 2, nrFilters: 6 }, n: 1 },
  { name: '12x12x3 (levels 12, 6, 3), 5 filters, batch 5', config: { height: 12, width: 12, channels: 3, nrResnet: 1, nrFilters: 5 }, n: 5 },
  { name: '8x12x3 (not square), nrResnet 2', config: { height: 8, width: 12, channels: 3, nrResnet: 2, nrFilters: 4 }, n: 1 },
  // Every level reuses its rows' slots (and the calls kept for them): 16, 8 and 4 rows.
  { name: '16x8x1, batch 2', config: { height: 16, width: 8, channels: 1, nrResnet: 1, nrFilters: 6 }, n: 2 },
  {
    name: '8x8x1 class-conditional (3 classes), 20 filters, batch 3',
    config: { height: 8, width: 8, channels: 1, nrResnet: 1, nrFilters: 20, numClasses: 3 },
    n: 3,
    labels: [2, 0, 1],
  },
];

for (const backend of ['wasm', 'cpu'] as const) {
  describe(`WasmCachedStepper on the ${backend} backend`, () => {
    const runtime = resolveBackend(backend);

    CASES.forEach(({ name, config, n, labels }, index) => {
      it(`gives tfjs's cached parameters within float rounding at every pixel (${name})`, async () => {
        await (await runtime).run(async () => {
          const resolved = resolveConfig({ nrLogisticMix: 3, ...config });
          const net = new PixelCNNNet(foldWeights(randomTensors(resolved, 31 + index), resolved), resolved);
          const { height, width, channels } = resolved;
          const options = { n, ...(labels ? { labels: Int32Array.from(labels) } : {}) };
          const start = tf.memory().numTensors;
          const ours = await WasmCachedStepper.create(net, options);
          const got = await run(ours, n, height * width, channels, 100 + index);
          ours.dispose();
          assert.equal(tf.memory().numTensors, start, 'tensors left behind');
          const reference = new CachedStepper(net, options);
          const expected = await run(reference, n, height * width, channels, 100 + index);
          reference.dispose();
          const diff = maxDifference(got, expected);
          console.log(`${backend} ${name}: largest relative difference ${diff.toExponential(2)}`);
          assert.ok(diff < 2e-5, `largest relative difference ${diff}`);
          net.dispose();
        });
      });
    });
  });
}

describe('WasmCachedStepper', () => {
  it('gives the same parameters from the network\'s shared instance, reused, and from a second one while the first is busy', async () => {
    await (await resolveBackend('wasm')).run(async () => {
      const resolved = resolveConfig({ height: 8, width: 8, channels: 3, nrResnet: 1, nrFilters: 8, nrLogisticMix: 2, numClasses: 2 });
      const net = new PixelCNNNet(foldWeights(randomTensors(resolved, 5), resolved), resolved);
      const pixels = 64;
      const first = await WasmCachedStepper.create(net, { n: 2, labels: Int32Array.from([1, 0]) });
      const alone = await run(first, 2, pixels, 3, 9);
      first.dispose();
      // The shared instance again (its memory reused for a smaller batch), and a second instance
      // for a stepper created while that one is in use, stepped in turns.
      const reused = await WasmCachedStepper.create(net, { n: 1, labels: Int32Array.from([1]) });
      const concurrent = await WasmCachedStepper.create(net, { n: 2, labels: Int32Array.from([1, 0]) });
      const random = xorshift(9);
      for (let p = 0; p < pixels; p++) {
        const values = Float32Array.from({ length: 6 }, () => (random() >>> 24) / 127.5 - 1);
        const [a, b] = [await reused.paramsAt(p), await concurrent.paramsAt(p)];
        assert.deepEqual(b, alone[p], `pixel ${p}: the second instance`);
        assert.deepEqual(a, alone[p]!.subarray(0, a.length), `pixel ${p}: the reused instance`);
        reused.setPixel(p, values.subarray(0, 3));
        concurrent.setPixel(p, values);
      }
      reused.dispose();
      concurrent.dispose();
      net.dispose();
    });
  });

  it('keeps a stepper\'s layout for the next of as many images: other labels, after a stepper stopped midway, the same bits as a new instance', async () => {
    const layout = StepNetwork.prototype.layout;
    let made = 0;
    StepNetwork.prototype.layout = function <L extends { readonly n: number }>(this: StepNetwork, n: number, make: () => L): L {
      return layout.call(this, n, () => (made++, make())) as L;
    };
    try {
      await (await resolveBackend('wasm')).run(async () => {
        // 16 rows: every level reuses its row slots' kept calls.
        const resolved = resolveConfig({ height: 16, width: 8, channels: 1, nrResnet: 1, nrFilters: 6, nrLogisticMix: 2, numClasses: 3 });
        const net = new PixelCNNNet(foldWeights(randomTensors(resolved, 8), resolved), resolved);
        const pixels = 128;
        const draw = async (labels: number[], upTo = pixels) => {
          const stepper = await WasmCachedStepper.create(net, { n: labels.length, labels: Int32Array.from(labels) });
          const params = await run(stepper, labels.length, upTo, 1, 4);
          stepper.dispose();
          return params;
        };
        const first = await draw([1, 0]);
        await draw([0, 2], 50);
        const second = await draw([0, 2]);
        assert.equal(made, 1, 'one layout for three steppers of 2 images');
        await draw([2]);
        assert.equal(made, 2, 'a new layout for a stepper of 1 image');
        // A new instance of the network, with a layout of its own.
        releaseStepNetwork(net);
        assert.deepEqual(await draw([0, 2]), second);
        assert.deepEqual(await draw([1, 0]), first);
        assert.equal(made, 3);
        net.dispose();
      });
    } finally {
      StepNetwork.prototype.layout = layout;
    }
  });

  it('records each pixel\'s position step once per layout and replays it from the kernels\' memory: the same bits', async () => {
    const layout = StepNetwork.prototype.layout;
    const made: Array<{ network: StepNetwork; programs: Array<{ ptr: number; words: number } | undefined> }> = [];
    StepNetwork.prototype.layout = function <L extends { readonly n: number }>(this: StepNetwork, n: number, make: () => L): L {
      return layout.call(this, n, () => {
        const fresh = make();
        made.push({ network: this, programs: (fresh as unknown as { programs: (typeof made)[number]['programs'] }).programs });
        return fresh;
      }) as L;
    };
    try {
      await (await resolveBackend('wasm')).run(async () => {
        const resolved = resolveConfig({ height: 16, width: 8, channels: 1, nrResnet: 1, nrFilters: 6, nrLogisticMix: 2, numClasses: 3 });
        const net = new PixelCNNNet(foldWeights(randomTensors(resolved, 12), resolved), resolved);
        const pixels = 128;
        const draw = async (upTo = pixels) => {
          const stepper = await WasmCachedStepper.create(net, { n: 2, labels: Int32Array.from([2, 1]) });
          try {
            return await run(stepper, 2, upTo, 1, 6);
          } finally {
            stepper.dispose();
          }
        };
        // The first stepper of the layout records as it computes, call by call.
        const recorded = await draw();
        assert.equal(made.length, 1);
        const { network, programs } = made[0]!;
        assert.equal(programs.filter((p) => p !== undefined && p.words > 0).length, pixels, 'a program for every pixel');
        // The next replays them.
        assert.deepEqual(await draw(), recorded);
        assert.equal(made.length, 1);
        // From the kernels' memory: a program overwritten there is found out, not run.
        const { ptr } = programs[40]!;
        new Uint32Array(network.memory.kernels.memory.buffer, ptr, 1)[0] = 99;
        assert.deepEqual(await draw(40), recorded.slice(0, 40));
        await assert.rejects(draw(41), (e: Error & { code?: string }) => e.code === 'E_WASM' && /no operation at word 0/.test(e.message));
        net.dispose();
      });
    } finally {
      StepNetwork.prototype.layout = layout;
    }
  });

  it('computes the same parameters synchronously (paramsNow), and generate draws the same images through it a row at a time', async () => {
    const runtime = await resolveBackend('wasm');
    const resolved = resolveConfig({ height: 8, width: 4, channels: 3, nrResnet: 1, nrFilters: 6, nrLogisticMix: 2 });
    const net = new PixelCNNNet(foldWeights(randomTensors(resolved, 8), resolved), resolved);
    const { height, width, channels } = resolved;
    const pixels = height * width;
    const n = 2;
    // A draw that depends on every parameter, so any difference in them shows in the images.
    const draw = (params: Float32Array, p: number, out: Uint8Array) => {
      for (let k = 0; k < n * channels; k++) out[k] = Math.floor(Math.abs(params[k * 3]! * 977 + params[(k * 7 + p) % params.length]! * 313)) % 256;
    };
    const images = async (hideParamsNow: boolean) => {
      const stepper = await runtime.run(() => WasmCachedStepper.create(net, { n }));
      const calls = { now: 0, at: 0 };
      const seen: PixelStepper = {
        paramsAt: (p) => (calls.at++, stepper.paramsAt(p)),
        setPixel: (p, values) => stepper.setPixel(p, values),
        dispose: () => stepper.dispose(),
        ...(hideParamsNow ? {} : { paramsNow: (p: number) => (calls.now++, stepper.paramsNow(p)) }),
      };
      // Known pixels (the first row and one more) are kept rather than drawn on either path.
      const known = { data: Uint8Array.from({ length: n * pixels * channels }, (_, i) => (i * 37) % 256), mask: Uint8Array.from({ length: pixels }, (_, p) => (p < width || p === 12 ? 1 : 0)) };
      const rows: number[] = [];
      const out = await generate(seen, draw, { n, pixels, channels, width, run: runtime.run, known, onRow: (done) => rows.push(done) });
      seen.dispose();
      return { out, calls, rows };
    };
    try {
      const viaNow = await images(false);
      const viaAt = await images(true);
      assert.deepEqual(viaNow.out, viaAt.out);
      assert.deepEqual(viaNow.calls, { now: pixels - width - 1, at: 0 });
      assert.deepEqual(viaAt.calls, { now: 0, at: pixels - width - 1 });
      assert.deepEqual(viaNow.rows, Array.from({ length: height }, (_, r) => (r + 1) * width));
      // The synchronous parameters are paramsAt's, value for value.
      const a = await runtime.run(() => WasmCachedStepper.create(net, { n: 1 }));
      const b = await runtime.run(() => WasmCachedStepper.create(net, { n: 1 }));
      for (let p = 0; p < pixels; p++) {
        assert.deepEqual(await runtime.run(() => b.paramsNow(p)), await runtime.run(() => a.paramsAt(p)), `pixel ${p}`);
        const values = Float32Array.from({ length: channels }, (_, c) => ((p * 3 + c) % 255) / 127.5 - 1);
        a.setPixel(p, values);
        b.setPixel(p, values);
      }
      assert.throws(() => b.paramsNow(pixels), /raster order/);
      a.dispose();
      b.dispose();
      assert.throws(() => b.paramsNow(0), (e: Error & { code?: string }) => e.code === 'E_DISPOSED');
    } finally {
      net.dispose();
    }
  });

  it('is the cached stepper on wasm (not on cpu), unless env.wasm.simd is false', async () => {
    await (await resolveBackend('wasm')).run(async () => {
      const resolved = resolveConfig({ height: 4, width: 4, channels: 1, nrResnet: 1, nrFilters: 4, nrLogisticMix: 2 });
      const net = new PixelCNNNet(foldWeights(randomTensors(resolved, 1), resolved), resolved);
      const kinds: string[] = [];
      const make = async (backend: string) => {
        const stepper = await createCachedStepper(net, { n: 1 }, backend);
        kinds.push(stepper instanceof WasmCachedStepper ? 'kernels' : stepper instanceof CachedStepper ? 'tfjs ops' : 'other');
        stepper.dispose();
      };
      try {
        await make('wasm');
        await make('cpu');
        env.wasm.simd = false;
        await make('wasm');
      } finally {
        env.wasm.simd = undefined;
        net.dispose();
      }
      assert.deepEqual(kinds, ['kernels', 'tfjs ops', 'tfjs ops']);
    });
  });

  it('rejects pixels out of order, missing values, bad options and use after dispose', async () => {
    await (await resolveBackend('cpu')).run(async () => {
      const resolved = resolveConfig({ height: 4, width: 4, channels: 1, nrResnet: 1, nrFilters: 4, nrLogisticMix: 2 });
      const net = new PixelCNNNet(foldWeights(randomTensors(resolved, 1), resolved), resolved);
      await assert.rejects(WasmCachedStepper.create(net, { n: 0 }), RangeError);
      await assert.rejects(WasmCachedStepper.create(net, { n: 1, labels: Int32Array.from([0]) }), /unconditional/);
      const stepper = await WasmCachedStepper.create(net, { n: 1 });
      await assert.rejects(stepper.paramsAt(1), /have not been set/);
      await stepper.paramsAt(0);
      assert.throws(() => stepper.setPixel(1, new Float32Array(1)), /raster order/);
      assert.throws(() => stepper.setPixel(0, new Float32Array(2)), /expected 1 values/);
      await assert.rejects(stepper.paramsAt(0), /raster order/);
      stepper.dispose();
      await assert.rejects(stepper.paramsAt(1), (e: Error & { code?: string }) => e.code === 'E_DISPOSED');
      net.dispose();
    });
  });
});
