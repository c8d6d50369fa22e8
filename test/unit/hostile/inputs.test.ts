// Hostile inputs to every method: each bad image, label, option and config is refused before any
// work with a typed error naming it, and nothing leaks.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { PixelCNNPP, randomTensors } from '../../../src/index.js';
import { settleTyped } from './typed.js';

const CONFIG = { height: 8, width: 8, channels: 1 as const, nrResnet: 1, nrFilters: 4, nrLogisticMix: 1, numClasses: 2 };
const good = () => ({ data: new Uint8Array(2 * 64).fill(9), shape: [2, 8, 8, 1] });
const imageData = (bytes: number, width = 8, height = 8) => ({ data: new Uint8ClampedArray(bytes), width, height });

/** Bad image inputs: each must be refused by logProb, logProbMap, forward, complete and fit. */
function badImages(): Array<[string, unknown]> {
  return [
    ['null', null],
    ['undefined', undefined],
    ['a number', 42],
    ['a string', 'digits.png'],
    ['no shape', { data: new Uint8Array(64) }],
    ['no data', { shape: [1, 8, 8, 1] }],
    ['data of the wrong length', { data: new Uint8Array(63), shape: [1, 8, 8, 1] }],
    ['data that is not array-like', { data: 7, shape: [1, 8, 8, 1] }],
    ['a value of 256', { data: Array.from({ length: 64 }, (_, i) => (i === 5 ? 256 : 0)), shape: [1, 8, 8, 1] }],
    ['a value of -1', { data: Array.from({ length: 64 }, (_, i) => (i === 5 ? -1 : 0)), shape: [1, 8, 8, 1] }],
    ['a value of 1.5', { data: Array.from({ length: 64 }, () => 1.5), shape: [1, 8, 8, 1] }],
    ['a NaN value', { data: Array.from({ length: 64 }, () => NaN), shape: [1, 8, 8, 1] }],
    ['a string value', { data: Array.from({ length: 64 }, () => '1'), shape: [1, 8, 8, 1] }],
    ['the wrong height', { data: new Uint8Array(72), shape: [1, 9, 8, 1] }],
    ['the wrong channel count', { data: new Uint8Array(192), shape: [1, 8, 8, 3] }],
    ['rank 2', { data: new Uint8Array(64), shape: [8, 8] }],
    ['rank 5', { data: new Uint8Array(64), shape: [1, 1, 8, 8, 1] }],
    ['an empty batch', { data: new Uint8Array(0), shape: [0, 8, 8, 1] }],
    ['a negative dimension', { data: new Uint8Array(64), shape: [-1, 8, 8, 1] }],
    ['a fractional dimension', { data: new Uint8Array(64), shape: [1.5, 8, 8, 1] }],
    ['a NaN dimension', { data: new Uint8Array(64), shape: [NaN, 8, 8, 1] }],
    ['ImageData with short data', imageData(100)],
    ['ImageData with long data', imageData(257)],
    ['ImageData of the wrong size', imageData(4 * 4 * 4, 4, 4)],
    ['an empty ImageData array', []],
    ['an array holding a number', [imageData(256), 3]],
    ['a disposed tensor', (() => { const t = tf.zeros([1, 8, 8, 1]); t.dispose(); return t; })()],
    ['a bool tensor', 'bool-tensor'],
  ];
}

describe('hostile inputs', () => {
  let model: PixelCNNPP;
  let baseline: number;
  let cases = 0;
  before(async () => {
    model = await PixelCNNPP.load({ config: CONFIG, tensors: randomTensors(CONFIG, 4) }, { backend: 'cpu' });
    baseline = tf.memory().numTensors;
  });
  after(() => {
    model?.dispose();
    console.log(`# hostile inputs: ${cases} bad calls, each a typed error`);
  });

  async function refused(context: string, call: () => unknown): Promise<void> {
    cases++;
    const outcome = await settleTyped(async () => call(), context);
    assert.equal(outcome.ok, false, `${context}: accepted`);
  }

  it('bad images, to every method that takes images', async () => {
    const boolTensor = tf.zeros([1, 8, 8, 1], 'bool');
    for (const [what, raw] of badImages()) {
      const images = () => (raw === 'bool-tensor' ? boolTensor : raw) as never;
      const labels = [0];
      await refused(`logProb(${what})`, () => model.logProb(images(), { labels }));
      await refused(`logProbMap(${what})`, () => model.logProbMap(images(), { labels }));
      await refused(`forward(${what})`, () => model.forward(images(), { labels }));
      await refused(`complete(${what})`, () => model.complete(images(), { knownRows: 2, labels: 0 }));
      await refused(`fit(${what})`, () => model.fit(images(), { labels }));
      await refused(`fit(validation: ${what})`, () => model.fit(good(), { labels: [0, 1], validation: { images: images(), labels } }));
    }
    boolTensor.dispose();
    assert.equal(tf.memory().numTensors, baseline);
  });

  it('bad labels and logProb options', async () => {
    const bad: Array<[string, unknown]> = [
      ['null', null], ['too few', [0]], ['too many', [0, 1, 1]], ['out of range', [0, 2]], ['a class out of range', 2],
      ['negative', [-1, 0]], ['fractional', [0.5, 0]], ['NaN', [NaN, 0]], ['strings', ['0', '1']], ['a string', '1'],
      ['an object', { 0: 1 }],
    ];
    for (const [what, labels] of bad) {
      await refused(`logProb(labels ${what})`, () => model.logProb(good(), { labels: labels as number[] }));
      await refused(`fit(labels ${what})`, () => model.fit(good(), { labels: labels as number[] }));
    }
    // Without labels logProb sums the classes out; the raw network output and training need them.
    await refused('forward(labels missing)', () => model.forward(good()));
    await refused('fit(labels missing)', () => model.fit(good()));
    for (const batchSize of [0, -1, 1.5, NaN, Infinity, '4']) {
      await refused(`logProb(batchSize ${batchSize})`, () => model.logProb(good(), { labels: [0, 1], batchSize: batchSize as number }));
    }
    const unconditional = await PixelCNNPP.load({ config: { ...CONFIG, numClasses: 0 }, tensors: randomTensors({ ...CONFIG, numClasses: 0 }, 1) }, { backend: 'cpu' });
    await refused('logProb(labels on an unconditional model)', () => unconditional.logProb(good(), { labels: [0, 0] }));
    unconditional.dispose();
    assert.equal(tf.memory().numTensors, baseline);
  });

  it('bad sample and complete options', async () => {
    const sampleCases: Array<[string, Record<string, unknown>]> = [
      ['count 0', { count: 0 }], ['count -1', { count: -1 }], ['count 1.5', { count: 1.5 }], ['count NaN', { count: NaN }],
      ['count 1e12', { count: 1e12 }], ['count 1e9 (64 GB)', { count: 1e9 }], ['count 2^31', { count: 2 ** 31 }], ['count "2"', { count: '2' }],
      ['seed -1', { seed: -1 }], ['seed 1.5', { seed: 1.5 }], ['seed 2^53', { seed: 2 ** 53 }], ['seed NaN', { seed: NaN }],
      ['temperature 0', { temperature: 0 }], ['temperature -1', { temperature: -1 }], ['temperature NaN', { temperature: NaN }],
      ['temperature Infinity', { temperature: Infinity }], ['method fast', { method: 'fast' }],
      ['batchSize 0', { batchSize: 0 }], ['batchSize 2.5', { batchSize: 2.5 }],
      ['startIndex -1', { startIndex: -1 }], ['startIndex 2^32', { startIndex: 2 ** 32 }],
      ['labels 2', { labels: 2 }], ['labels [0, 1] for one image', { labels: [0, 1] }], ['labels "a"', { labels: 'a' }], ['labels null', { labels: null }],
    ];
    for (const [what, options] of sampleCases) {
      await refused(`sample(${what})`, () => model.sample({ labels: 0, ...options } as never));
    }
    const image = { data: new Uint8Array(64), shape: [1, 8, 8, 1] };
    const completeCases: Array<[string, unknown]> = [
      ['no options', undefined], ['neither rows nor mask', { labels: 0 }], ['both rows and mask', { labels: 0, knownRows: 1, mask: new Array(64).fill(1) }],
      ['knownRows 9', { labels: 0, knownRows: 9 }], ['knownRows -1', { labels: 0, knownRows: -1 }], ['knownRows 1.5', { labels: 0, knownRows: 1.5 }],
      ['a short mask', { labels: 0, mask: [1, 0] }], ['temperature 0', { labels: 0, knownRows: 2, temperature: 0 }],
    ];
    for (const [what, options] of completeCases) await refused(`complete(${what})`, () => model.complete(image, options as never));
    assert.equal(tf.memory().numTensors, baseline);
  });

  it('bad fit options and configs', async () => {
    const labels = [0, 1];
    const fitCases: Array<[string, Record<string, unknown>]> = [
      ['epochs 0', { epochs: 0 }], ['epochs 1.5', { epochs: 1.5 }], ['batchSize 0', { batchSize: 0 }], ['dropout 1', { dropout: 1 }],
      ['dropout -0.1', { dropout: -0.1 }], ['learningRate 0', { learningRate: 0 }], ['learningRate NaN', { learningRate: NaN }],
      ['learningRate Infinity', { learningRate: Infinity }], ['learningRateDecay 0', { learningRateDecay: 0 }],
      ['learningRateDecay 1.5', { learningRateDecay: 1.5 }], ['ema 1', { ema: 1 }], ['ema -1', { ema: -1 }],
      ['optimizer sgd', { optimizer: 'sgd' }], ['workers 0', { workers: 0 }], ['workers 1.5', { workers: 1.5 }],
      ['seed -1', { seed: -1 }], ['seed 0.5', { seed: 0.5 }],
    ];
    for (const [what, options] of fitCases) await refused(`fit(${what})`, () => model.fit(good(), { labels, ...options }));
    const configCases: Array<[string, unknown]> = [
      ['null', null], ['an array', []], ['height 6', { height: 6 }], ['height 4096', { height: 4096 }], ['width "8"', { width: '8' }],
      ['channels 2', { channels: 2 }], ['nrResnet 0', { nrResnet: 0 }], ['nrFilters -1', { nrFilters: -1 }],
      ['nrLogisticMix 1.5', { nrLogisticMix: 1.5 }], ['numClasses -1', { numClasses: -1 }], ['dropout 1', { dropout: 1 }],
      ['an unknown field', { nrFilter: 3 }],
    ];
    for (const [what, patch] of configCases) {
      const config = patch === null || Array.isArray(patch) ? patch : { ...CONFIG, ...(patch as object) };
      await refused(`create(config ${what})`, () => PixelCNNPP.create(config as never, { backend: 'cpu' }));
    }
    await refused('create(seed -1)', () => PixelCNNPP.create(CONFIG, { backend: 'cpu', seed: -1 }));
    await refused('create(backend tpu)', () => PixelCNNPP.create(CONFIG, { backend: 'tpu' as never }));
    await refused('load(null)', () => PixelCNNPP.load(null as never));
    await refused('load(42)', () => PixelCNNPP.load(42 as never, { backend: 'cpu' }));
    await refused('load(tensors missing)', () => PixelCNNPP.load({ config: CONFIG, tensors: {} }, { backend: 'cpu' }));
    await refused('load(an empty buffer)', () => PixelCNNPP.load(new Uint8Array(0), { backend: 'cpu' }));
    await refused('load(options with a mistyped key)', () => PixelCNNPP.load({ backend: 'cpu', worker: 2 } as never));
    await refused('load(weights without their config)', () => PixelCNNPP.load({ weights: randomTensors(CONFIG, 4) } as never));
    await refused('load(options, options)', () => PixelCNNPP.load({ backend: 'cpu' } as never, { backend: 'cpu' }));
    await refused('load(source, 42)', () => PixelCNNPP.load(new Uint8Array(8), 42 as never));
    assert.equal(tf.memory().numTensors, baseline);
  });
});
