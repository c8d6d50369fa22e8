// The API as people write it: sample(seed), labels in one form everywhere, a class-conditional
// model used without labels (classes drawn in turn, summed out, or drawn from the kept pixels),
// the partial images handed to onProgress, ImageData out.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { PixelCNNPP, randomTensors, toImageData } from '../../../src/index.js';
import { PixelCNNNet } from '../../../src/network/pixelcnn-net.js';

const CONDITIONAL = { height: 8, width: 4, channels: 1 as const, nrResnet: 1, nrFilters: 8, nrLogisticMix: 2, numClasses: 3 };
const UNCONDITIONAL = { ...CONDITIONAL, numClasses: 0 };

describe('sample(seed) and sample(seed, options)', () => {
  let model: PixelCNNPP;
  before(async () => {
    model = await PixelCNNPP.load({ config: CONDITIONAL, tensors: randomTensors(CONDITIONAL, 31) }, { backend: 'cpu' });
  });
  after(() => model?.dispose());

  it('a bare seed is the options form with that seed; image k of a class-conditional model is class k mod K', async () => {
    const bare = await model.sample(42);
    const same = await model.sample({ seed: 42, labels: 0 });
    assert.equal(bare.seed, 42);
    assert.deepEqual(bare.data, same.data);
    assert.deepEqual(Array.from(bare.labels!), [0]);

    const four = await model.sample(42, { count: 4 });
    const explicit = await model.sample({ seed: 42, count: 4, labels: [0, 1, 2, 0] });
    assert.deepEqual(Array.from(four.labels!), [0, 1, 2, 0]);
    assert.deepEqual(four.data, explicit.data);

    // The class follows the image's index in the seed's stream, not its place in the call.
    const third = await model.sample(42, { count: 1, startIndex: 2 });
    assert.deepEqual(Array.from(third.labels!), [2]);
    assert.deepEqual(third.data, four.data.subarray(2 * 32, 3 * 32));
  });

  it('refuses a seed given twice and arguments of the wrong kind, naming them', async () => {
    await assert.rejects(model.sample(1, { seed: 2 } as never), /give the seed once/);
    await assert.rejects(model.sample('7' as never), /expected a seed .* or an options object, got string/);
    await assert.rejects(model.sample(-1), /seed: expected an integer in \[0, 2\^53 - 1\], got -1/);
  });

  it('hands onProgress the images as drawn so far, row by row', async () => {
    const snapshots: Uint8Array[] = [];
    const result = await model.sample(5, {
      count: 2,
      labels: 1,
      onProgress: (done, total, partial) => {
        assert.equal(total, 2 * 32);
        assert.deepEqual(partial.shape, [2, 8, 4, 1]);
        snapshots.push(partial.data.slice());
      },
    });
    assert.equal(snapshots.length, 8);
    assert.deepEqual(snapshots.at(-1), result.data);
    // After row r of both images, rows past r are still 0 and rows up to r are final.
    const first = snapshots[0]!;
    for (let i = 0; i < 2; i++) {
      assert.deepEqual(first.subarray(i * 32, i * 32 + 4), result.data.subarray(i * 32, i * 32 + 4));
      assert.ok(first.subarray(i * 32 + 4, (i + 1) * 32).every((v) => v === 0));
    }
  });
});

describe('labels take the same forms in every method', () => {
  let model: PixelCNNPP;
  const images = { data: Uint8Array.from({ length: 2 * 32 }, (_, i) => (i * 37) % 256), shape: [2, 8, 4, 1] as const };
  before(async () => {
    model = await PixelCNNPP.load({ config: CONDITIONAL, tensors: randomTensors(CONDITIONAL, 32) }, { backend: 'cpu' });
  });
  after(() => model?.dispose());

  it('a number means that class for every image', async () => {
    const one = await model.logProb(images, { labels: 2 });
    const each = await model.logProb(images, { labels: [2, 2] });
    assert.deepEqual(one.nats, each.nats);
    const map = await model.logProbMap(images, { labels: 2 });
    assert.deepEqual(map.nats, each.nats);
    const done = await model.complete(images, { knownRows: 3, seed: 1, labels: 2 });
    const doneEach = await model.complete(images, { knownRows: 3, seed: 1, labels: Int32Array.of(2, 2) });
    assert.deepEqual(done.data, doneEach.data);
    assert.deepEqual(Array.from(done.labels!), [2, 2]);
  });

  it('a wrong form names what was given', async () => {
    await assert.rejects(model.logProb(images, { labels: '1' as never }), (e: Error) => e instanceof TypeError && /labels: expected a class label .* got the string "1"/.test(e.message));
    await assert.rejects(model.logProb(images, { labels: 3 }), (e: Error) => e instanceof RangeError && /labels: expected an integer in \[0, 2\], got 3/.test(e.message));
    await assert.rejects(model.sample({ labels: [0, 1.5], count: 2 }), /labels\[1\]: expected an integer in \[0, 2\], got 1.5/);
    await assert.rejects(model.complete(images, { knownRows: 2, labels: { 0: 1 } as never }), /labels: expected .* got an object/);
    await assert.rejects(model.logProbMap(images, { labels: null as never }), /got null/);
    const plain = await PixelCNNPP.load({ config: UNCONDITIONAL, tensors: randomTensors(UNCONDITIONAL, 1) }, { backend: 'cpu' });
    await assert.rejects(plain.logProb(images, { labels: 1 }), (e: Error) => e instanceof TypeError && /unconditional .* got 1/.test(e.message));
    plain.dispose();
  });
});

describe('a class-conditional model without labels', () => {
  let model: PixelCNNPP;
  const images = { data: Uint8Array.from({ length: 3 * 32 }, (_, i) => (i * i * 13) % 256), shape: [3, 8, 4, 1] as const };
  before(async () => {
    model = await PixelCNNPP.load({ config: CONDITIONAL, tensors: randomTensors(CONDITIONAL, 33) }, { backend: 'cpu' });
  });
  after(() => model?.dispose());

  it('logProb sums the classes out under a uniform prior and names the most likely class', async () => {
    const perClass = [];
    for (let c = 0; c < 3; c++) perClass.push((await model.logProb(images, { labels: c })).nats);
    const marginal = await model.logProb(images);
    for (let i = 0; i < 3; i++) {
      const values: number[] = perClass.map((nats) => nats[i]!);
      const max = Math.max(...values);
      const expected = max + Math.log(values.reduce((s, v) => s + Math.exp(v - max), 0) / 3);
      assert.ok(Math.abs(marginal.nats[i]! - expected) < 1e-9 * Math.abs(expected), `image ${i}: ${marginal.nats[i]} vs ${expected}`);
      assert.equal(marginal.mostLikelyLabels![i], values.indexOf(max));
      assert.ok(Math.abs(marginal.bitsPerDim[i]! + expected / (32 * Math.LN2)) < 1e-9);
    }
    const given = await model.logProb(images, { labels: 1 });
    assert.equal(given.mostLikelyLabels, undefined);
  });

  it('logProbMap gives per-pixel terms with the classes summed out that add up to the marginal', async () => {
    const map = await model.logProbMap(images);
    const marginal = await model.logProb(images);
    assert.deepEqual(map.nats, marginal.nats);
    assert.deepEqual(map.mostLikelyLabels, marginal.mostLikelyLabels);
    // The first pixel has no pixels before it: its term is log of the average over classes.
    const first = [];
    for (let c = 0; c < 3; c++) first.push((await model.logProbMap(images, { labels: c })).data[0]!);
    const expected = Math.log(first.reduce((s, v) => s + Math.exp(v), 0) / 3);
    assert.ok(Math.abs(map.data[0]! - expected) < 1e-9);
    for (let i = 0; i < 3; i++) {
      const sum = map.data.subarray(i * 32, (i + 1) * 32).reduce((s, v) => s + v, 0);
      assert.ok(Math.abs(sum - map.nats[i]!) < 1e-9 * Math.abs(sum));
    }
  });

  it('runs the (image, class) pairs through the network together, up to batchSize a call, with the same result', async () => {
    const batches: number[] = [];
    const forward = PixelCNNNet.prototype.forward;
    PixelCNNNet.prototype.forward = function (this: PixelCNNNet, x, ...rest) {
      batches.push(x.shape[0]);
      return forward.call(this, x, ...rest);
    };
    try {
      const one = await model.logProbMap(images);
      assert.deepEqual(batches, [9], '3 images x 3 classes in one call');
      batches.length = 0;
      const even = await model.logProbMap(images, { batchSize: 4 });
      assert.deepEqual(batches, [3, 3, 3], '9 pairs, at most 4 a call, in calls of equal size');
      batches.length = 0;
      const split = await model.logProbMap(images, { batchSize: 2 });
      assert.deepEqual(batches, [2, 2, 2, 2, 1], 'a chunk of 2 images (6 pairs), then one of 1 (3 pairs)');
      batches.length = 0;
      const single = await model.logProbMap(images, { batchSize: 1 });
      assert.deepEqual(batches, [1, 1, 1, 1, 1, 1, 1, 1, 1]);
      // Each pair's values do not depend on the pairs beside it in its call.
      assert.deepEqual(even, one);
      assert.deepEqual(split, one);
      assert.deepEqual(single, one);
    } finally {
      PixelCNNNet.prototype.forward = forward;
    }
  });

  it('complete draws each class from the kept pixels, reproducibly, and keeps them exactly', async () => {
    const a = await model.complete(images, { knownRows: 3, seed: 9 });
    const b = await model.complete(images, { knownRows: 3, seed: 9 });
    assert.deepEqual(a.data, b.data);
    assert.deepEqual(a.labels, b.labels);
    assert.equal(a.labels!.length, 3);
    for (let i = 0; i < 3; i++) {
      assert.ok(a.labels![i]! >= 0 && a.labels![i]! < 3);
      assert.deepEqual(a.data.subarray(i * 32, i * 32 + 12), images.data.subarray(i * 32, i * 32 + 12));
    }
    // Given its drawn classes, the completion is the labelled completion with the same seed.
    const labelled = await model.complete(images, { knownRows: 3, seed: 9, labels: a.labels! });
    assert.deepEqual(labelled.data, a.data);
  });

  it('complete draws classes in proportion to p(class | kept pixels)', async () => {
    // One image, many seeds: the frequency of each drawn class follows the posterior.
    const image = { data: images.data.subarray(0, 32), shape: [1, 8, 4, 1] as const };
    const prefix = [];
    for (let c = 0; c < 3; c++) {
      const { data } = await model.logProbMap(image, { labels: c });
      prefix.push(data.subarray(0, 16).reduce((s, v) => s + v, 0));
    }
    const max = Math.max(...prefix);
    const weights = prefix.map((v) => Math.exp(v - max));
    const posterior = weights.map((w) => w / weights.reduce((s, v) => s + v, 0));
    const counts = [0, 0, 0];
    const trials = 120;
    for (let seed = 0; seed < trials; seed++) {
      const { labels } = await model.complete(image, { knownRows: 4, seed, method: 'naive', temperature: 1 });
      counts[labels![0]!]!++;
    }
    for (let c = 0; c < 3; c++) {
      const sd = Math.sqrt(trials * posterior[c]! * (1 - posterior[c]!));
      assert.ok(Math.abs(counts[c]! - trials * posterior[c]!) <= 4 * sd + 1, `class ${c}: ${counts[c]} of ${trials}, posterior ${posterior[c]}`);
    }
  });
});

describe('toImageData', () => {
  it('gives the fields of a DOM ImageData (a real one where the platform has it)', () => {
    const image = toImageData({ data: new Uint8Array([1, 2, 3, 4, 5, 6]), shape: [1, 2, 1, 3] });
    assert.equal(image.width, 1);
    assert.equal(image.height, 2);
    assert.equal(image.colorSpace, 'srgb');
    assert.deepEqual(Array.from(image.data), [1, 2, 3, 255, 4, 5, 6, 255]);
    if (typeof ImageData !== 'undefined') assert.ok(image instanceof ImageData);
  });
});
