// The cached stepper against the naive one (a full forward pass per pixel): every pixel's
// mixture parameters, bit for bit on the cpu backend, for RGB and gray, several depths, a level
// size that is not a power of two, class conditioning, batches and known leading pixels.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import type { ModelConfig } from '../../../src/config.js';
import { resolveConfig } from '../../../src/config.js';
import { PixelCNNNet } from '../../../src/network/pixelcnn-net.js';
import { CachedStepper } from '../../../src/sampling/cached-stepper.js';
import { NaiveStepper } from '../../../src/sampling/naive-stepper.js';
import type { PixelStepper } from '../../../src/sampling/stepper.js';
import { randomTensors } from '../../../src/weights/random.js';
import { mulberry32 } from '../../../src/util/mulberry32.js';
import { foldWeights } from '../../../src/weights/weight-map.js';

function makeNet(partial: Partial<ModelConfig>, seed: number): PixelCNNNet {
  const config = resolveConfig({ nrLogisticMix: 2, ...partial });
  return new PixelCNNNet(foldWeights(randomTensors(config, seed), config), config);
}


/** Pixel values as the sampler writes them: `v / 127.5 - 1` for uint8 `v`, `[n, H, W, C]`. */
function pixelValues(size: number, seed: number): Float32Array {
  const random = mulberry32(seed);
  return Float32Array.from({ length: size }, () => Math.floor(random() * 256) / 127.5 - 1);
}

/** Pixel `p` of every image, `[n, C]`. */
function pixel(x: Float32Array, n: number, pixels: number, channels: number, p: number): Float32Array {
  const out = new Float32Array(n * channels);
  for (let i = 0; i < n; i++) out.set(x.subarray((i * pixels + p) * channels, (i * pixels + p + 1) * channels), i * channels);
  return out;
}

/** Runs a stepper from pixel `from` to the end, feeding `x`; returns every pixel's parameters. */
async function run(stepper: PixelStepper, x: Float32Array, n: number, net: PixelCNNNet, from = 0): Promise<Float32Array[]> {
  const { height, width, channels } = net.config;
  const pixels = height * width;
  const out: Float32Array[] = [];
  for (let p = from; p < pixels; p++) {
    out.push(await stepper.paramsAt(p));
    stepper.setPixel(p, pixel(x, n, pixels, channels, p));
  }
  return out;
}

function firstDifference(a: Float32Array[], b: Float32Array[]): string | undefined {
  assert.equal(a.length, b.length);
  for (let p = 0; p < a.length; p++) {
    assert.equal(a[p]!.length, b[p]!.length);
    for (let k = 0; k < a[p]!.length; k++) {
      if (a[p]![k] !== b[p]![k]) return `pixel ${p}, value ${k}: cached ${a[p]![k]} != naive ${b[p]![k]}`;
    }
  }
  return undefined;
}

interface Case {
  name: string;
  config: Partial<ModelConfig>;
  n: number;
  labels?: number[];
}

const CASES: Case[] = [
  { name: '8x8x3, nrResnet 1, batch 2', config: { height: 8, width: 8, channels: 3, nrResnet: 1, nrFilters: 8 }, n: 2 },
  { name: '8x8x1, nrResnet 2', config: { height: 8, width: 8, channels: 1, nrResnet: 2, nrFilters: 6 }, n: 1 },
  { name: '12x12x3 (levels 12, 6, 3), nrResnet 1', config: { height: 12, width: 12, channels: 3, nrResnet: 1, nrFilters: 4 }, n: 1 },
  { name: '8x12x3 (not square), nrResnet 2', config: { height: 8, width: 12, channels: 3, nrResnet: 2, nrFilters: 4 }, n: 1 },
  {
    name: '8x8x3 class-conditional (3 classes), batch 2',
    config: { height: 8, width: 8, channels: 3, nrResnet: 1, nrFilters: 6, numClasses: 3 },
    n: 2,
    labels: [2, 0],
  },
];

describe('CachedStepper', () => {
  before(async () => {
    await tf.setBackend('cpu');
  });

  CASES.forEach(({ name, config, n, labels }, index) => {
    it(`gives the naive stepper's parameters bit for bit at every pixel (${name})`, async () => {
      const net = makeNet(config, 11 + index);
      const { height, width, channels } = net.config;
      const x = pixelValues(n * height * width * channels, 100 + index);
      const options = { n, ...(labels ? { labels: Int32Array.from(labels) } : {}) };
      const start = tf.memory().numTensors;
      const cached = new CachedStepper(net, options);
      const got = await run(cached, x, n, net);
      cached.dispose();
      assert.equal(tf.memory().numTensors, start, 'tensors left after dispose()');
      const naive = new NaiveStepper(net, options);
      const expected = await run(naive, x, n, net);
      naive.dispose();
      assert.equal(firstDifference(got, expected), undefined);
      net.dispose();
    });
  });

  it('continues after pixels set without asking their parameters (completion) with the same parameters', async () => {
    const net = makeNet({ height: 8, width: 8, channels: 3, nrResnet: 1, nrFilters: 6 }, 3);
    const n = 2;
    const { height, width, channels } = net.config;
    const x = pixelValues(n * height * width * channels, 7);
    const upTo = 2 * width + 3;
    const cached = new CachedStepper(net, { n });
    for (let p = 0; p < upTo; p++) cached.setPixel(p, pixel(x, n, height * width, channels, p));
    const got = await run(cached, x, n, net, upTo);
    cached.dispose();
    const naive = new NaiveStepper(net, { n });
    const expected = (await run(naive, x, n, net)).slice(upTo);
    naive.dispose();
    assert.equal(firstDifference(got, expected), undefined);
    net.dispose();
  });

  it('keeps the number of live tensors bounded while generating, and frees them all', async () => {
    const net = makeNet({ height: 8, width: 8, channels: 1, nrResnet: 1, nrFilters: 4 }, 5);
    const { height, width, channels } = net.config;
    const x = pixelValues(height * width * channels, 9);
    const start = tf.memory().numTensors;
    const stepper = new CachedStepper(net, { n: 1 });
    const counts: number[] = [];
    for (let p = 0; p < height * width; p++) {
      await stepper.paramsAt(p);
      stepper.setPixel(p, pixel(x, 1, height * width, channels, p));
      if (p % width === width - 1) counts.push(tf.memory().numTensors - start);
    }
    // Once every level has a previous row (quarter resolution: from image row 4), each row ends
    // with as many live tensors as the one before.
    assert.ok(counts.slice(4).every((c) => c === counts[4]), `live tensors per row: ${counts.join(', ')}`);
    stepper.dispose();
    stepper.dispose();
    assert.equal(tf.memory().numTensors, start);
    net.dispose();
  });

  it('rejects pixels out of order, missing values and use after dispose', async () => {
    const net = makeNet({ height: 4, width: 4, channels: 1, nrResnet: 1, nrFilters: 4 }, 1);
    const start = tf.memory().numTensors;
    const stepper = new CachedStepper(net, { n: 1 });
    await assert.rejects(stepper.paramsAt(1), RangeError);
    await stepper.paramsAt(0);
    assert.throws(() => stepper.setPixel(1, new Float32Array(1)), RangeError);
    assert.throws(() => stepper.setPixel(0, new Float32Array(2)), RangeError);
    stepper.setPixel(0, new Float32Array(1));
    await assert.rejects(stepper.paramsAt(0), RangeError);
    stepper.dispose();
    assert.equal(tf.memory().numTensors, start, 'tensors left after dispose() mid-image');
    await assert.rejects(stepper.paramsAt(1), { code: 'E_DISPOSED' });
    assert.throws(() => new CachedStepper(net, { n: 1, labels: new Int32Array(1) }), TypeError);
    net.dispose();
  });
});
