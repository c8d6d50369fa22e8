// model.sample and model.complete: determinism, batch independence, labels, temperature,
// progress, abort, completion, errors, and images out (PNG, ImageData).
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { PixelCNNPP, randomTensors, toImageData, toPNG } from '../../../src/index.js';

const RGB = { height: 4, width: 4, channels: 3 as const, nrResnet: 1, nrFilters: 8, nrLogisticMix: 3 };
const CONDITIONAL = { height: 4, width: 4, channels: 1 as const, nrResnet: 1, nrFilters: 8, nrLogisticMix: 2, numClasses: 3 };

describe('PixelCNNPP.sample', () => {
  let model: PixelCNNPP;
  before(async () => {
    model = await PixelCNNPP.load({ config: RGB, tensors: randomTensors(RGB, 21) }, { backend: 'cpu' });
  });
  after(() => model?.dispose());

  it('gives the same bytes for the same seed, other bytes for another seed', async () => {
    const a = await model.sample({ seed: 42, count: 2 });
    const b = await model.sample({ seed: 42, count: 2 });
    const c = await model.sample({ seed: 43, count: 2 });
    assert.deepEqual(a.shape, [2, 4, 4, 3]);
    assert.equal(a.seed, 42);
    assert.deepEqual(a.data, b.data);
    assert.notDeepEqual(a.data, c.data);
  });

  it('draws image k the same alone, in a batch, and whatever the batch size', async () => {
    const batch = await model.sample({ seed: 7, count: 3 });
    const split = await model.sample({ seed: 7, count: 3, batchSize: 2 });
    const alone = await model.sample({ seed: 7, count: 1, startIndex: 2 });
    assert.deepEqual(split.data, batch.data);
    assert.deepEqual(alone.data, batch.data.subarray(2 * 48, 3 * 48));
  });

  it('sharpens with a low temperature', async () => {
    // At a tiny temperature every draw sits at a component mean: images vary far less.
    const spread = (data: Uint8Array) => {
      let s = 0;
      for (let i = 48; i < data.length; i++) s += Math.abs(data[i]! - data[i - 48]!);
      return s;
    };
    const hot = await model.sample({ seed: 3, count: 8, temperature: 1 });
    const cold = await model.sample({ seed: 3, count: 8, temperature: 0.01 });
    assert.ok(spread(cold.data) < spread(hot.data), `${spread(cold.data)} vs ${spread(hot.data)}`);
  });

  it('reports progress row by row up to the total', async () => {
    const calls: Array<[number, number]> = [];
    await model.sample({ seed: 1, count: 2, onProgress: (done, total) => calls.push([done, total]) });
    assert.deepEqual(calls, [[8, 32], [16, 32], [24, 32], [32, 32]]);
  });

  it('hands onProgress the images as drawn so far, row by row, across batches', async () => {
    // 4x4x3 images: a row is 12 bytes of an image's 48.
    const seen: Uint8Array[] = [];
    const result = await model.sample({
      seed: 5, count: 3, batchSize: 2,
      onProgress: (_done, _total, partial) => {
        assert.deepEqual(partial.shape, [3, 4, 4, 3]);
        seen.push(partial.data.slice());
      },
    });
    assert.equal(seen.length, 8);
    seen.forEach((partial, call) => {
      // Calls 0-3 draw images 0 and 1 row by row, calls 4-7 image 2; earlier images are final.
      for (let image = 0; image < 3; image++) {
        const rows = image < 2 ? (call < 4 ? call + 1 : 4) : call < 4 ? 0 : call - 3;
        const got = partial.subarray(image * 48, (image + 1) * 48);
        const want = result.data.subarray(image * 48, (image + 1) * 48);
        assert.deepEqual(got.subarray(0, rows * 12), want.subarray(0, rows * 12), `call ${call}, image ${image}`);
        assert.ok(got.subarray(rows * 12).every((v) => v === 0), `call ${call}, image ${image}: undrawn rows are 0`);
      }
    });
  });

  it('stops on abort with the signal reason and frees every tensor', async () => {
    const start = tf.memory().numTensors;
    const controller = new AbortController();
    const run = model.sample({ seed: 1, count: 2, signal: controller.signal, onProgress: () => controller.abort() });
    await assert.rejects(run, (e: Error) => e.name === 'AbortError');
    assert.equal(tf.memory().numTensors, start);
    const already = AbortSignal.abort();
    await assert.rejects(model.sample({ seed: 1, signal: already }), (e: Error) => e.name === 'AbortError');
  });

  it('gives the event loop a turn after every row, so an abort from a timer stops it within a row', async () => {
    const controller = new AbortController();
    let rows = 0;
    let rowsWhenAborted = -1;
    const run = model.sample({
      seed: 1, count: 2, signal: controller.signal,
      onProgress: () => {
        rows++;
        if (rows === 1) setTimeout(() => { rowsWhenAborted = rows; controller.abort(); }, 0);
      },
    });
    await assert.rejects(run, (e: Error) => e.name === 'AbortError');
    assert.equal(rowsWhenAborted, 1);
    assert.ok(rows <= rowsWhenAborted + 1, `${rows} rows done, the abort came after ${rowsWhenAborted}`);
  });

  it('leaves no tensors behind', async () => {
    await model.sample({ seed: 9 });
    const start = tf.memory().numTensors;
    for (let i = 0; i < 5; i++) await model.sample({ seed: i, count: 2 });
    assert.equal(tf.memory().numTensors, start);
  });

  it('rejects bad arguments before doing anything', async () => {
    await assert.rejects(model.sample({ count: 0 }), /count: expected a positive integer/);
    await assert.rejects(model.sample({ seed: -1 }), /seed: expected an integer/);
    await assert.rejects(model.sample({ seed: 1.5 }), RangeError);
    await assert.rejects(model.sample({ temperature: 0 }), /temperature: expected a finite number > 0/);
    await assert.rejects(model.sample({ labels: [1] }), /unconditional/);
    await assert.rejects(model.sample({ method: 'magic' as never }), TypeError);
  });

  it('picks a seed when none is given and returns it', async () => {
    const a = await model.sample();
    assert.ok(Number.isSafeInteger(a.seed));
    assert.deepEqual((await model.sample({ seed: a.seed })).data, a.data);
  });
});

describe('PixelCNNPP.complete', () => {
  let model: PixelCNNPP;
  before(async () => {
    model = await PixelCNNPP.load({ config: RGB, tensors: randomTensors(RGB, 22) }, { backend: 'cpu' });
  });
  after(() => model?.dispose());

  it('keeps every known row and samples the rest', async () => {
    const images = { data: new Uint8Array(2 * 48).map((_, i) => (i * 29) % 256), shape: [2, 4, 4, 3] as const };
    const done = await model.complete(images, { knownRows: 2, seed: 5 });
    for (let i = 0; i < 2; i++) {
      assert.deepEqual(done.data.subarray(i * 48, i * 48 + 24), images.data.subarray(i * 48, i * 48 + 24));
    }
    assert.notDeepEqual(done.data, images.data);
    // The sampled half depends on the kept half.
    const other = await model.complete({ data: images.data.map((v) => 255 - v), shape: images.shape }, { knownRows: 2, seed: 5 });
    assert.notDeepEqual(other.data.subarray(24, 48), done.data.subarray(24, 48));
  });

  it('keeps the pixels of an arbitrary mask and draws the others', async () => {
    const shape = [1, 4, 4, 3] as const;
    const image = { data: Uint8Array.from({ length: 48 }, (_, i) => (i * 37 + 11) % 256), shape };
    const mask = Array.from({ length: 16 }, (_, p) => p % 3 === 0);
    const done = await model.complete(image, { mask, seed: 2 });
    mask.forEach((keep, p) => {
      if (keep) assert.deepEqual(done.data.subarray(3 * p, 3 * p + 3), image.data.subarray(3 * p, 3 * p + 3), `kept pixel ${p}`);
    });
    assert.notDeepEqual(done.data, image.data, 'the unmasked pixels are drawn, not copied');
    // What the input holds at the unmasked pixels plays no part.
    const elsewhere = { data: image.data.map((v, i) => (mask[Math.floor(i / 3)] ? v : 255 - v)), shape };
    assert.deepEqual((await model.complete(elsewhere, { mask, seed: 2 })).data, done.data);
  });

  it('with knownRows 0 is sampling, and with all rows the image itself', async () => {
    const image = { data: new Uint8Array(48).fill(9), shape: [1, 4, 4, 3] as const };
    assert.deepEqual((await model.complete(image, { knownRows: 0, seed: 4 })).data, (await model.sample({ seed: 4 })).data);
    assert.deepEqual((await model.complete(image, { knownRows: 4, seed: 4 })).data, image.data);
  });

  it('rejects a missing or malformed mask', async () => {
    const image = { data: new Uint8Array(48), shape: [1, 4, 4, 3] as const };
    await assert.rejects(model.complete(image, {} as never), /knownRows or mask/);
    await assert.rejects(model.complete(image, { knownRows: 5 }), /knownRows: expected an integer in \[0, 4\]/);
    await assert.rejects(model.complete(image, { mask: [1, 0] }), /mask: expected 16 flags/);
  });
});

describe('PixelCNNPP.sample, class-conditional', () => {
  it('draws differently per label', async () => {
    const model = await PixelCNNPP.load({ config: CONDITIONAL, tensors: randomTensors(CONDITIONAL, 23) }, { backend: 'cpu' });
    const a = await model.sample({ seed: 1, count: 4, labels: 0 });
    const b = await model.sample({ seed: 1, count: 4, labels: 2 });
    const mixed = await model.sample({ seed: 1, count: 4, labels: [0, 2, 0, 2] });
    assert.notDeepEqual(a.data, b.data);
    assert.deepEqual(mixed.data.subarray(0, 16), a.data.subarray(0, 16));
    assert.deepEqual(mixed.data.subarray(16, 32), b.data.subarray(16, 32));
    model.dispose();
  });
});

describe('images out', () => {
  it('encodes a PNG whose pixels decode back', async () => {
    const batch = { data: new Uint8Array(2 * 48).map((_, i) => i), shape: [2, 4, 4, 3] as const };
    const png = await toPNG(batch, { index: 1 });
    assert.deepEqual(Array.from(png.subarray(0, 8)), [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const view = new DataView(png.buffer, png.byteOffset);
    assert.equal(view.getUint32(16), 4);
    assert.equal(view.getUint32(20), 4);
    const idatLength = view.getUint32(33);
    const idat = png.subarray(41, 41 + idatLength);
    const stream = new Blob([idat as BlobPart]).stream().pipeThrough(new DecompressionStream('deflate'));
    const raw = new Uint8Array(await new Response(stream).arrayBuffer());
    for (let y = 0; y < 4; y++) {
      assert.equal(raw[y * 13], 0);
      assert.deepEqual(raw.subarray(y * 13 + 1, y * 13 + 13), batch.data.subarray(48 + y * 12, 48 + y * 12 + 12));
    }
    const grid = await toPNG(batch, { columns: 2, gap: 1 });
    assert.equal(new DataView(grid.buffer, grid.byteOffset).getUint32(16), 9);
  });

  it('gives RGBA for canvases', () => {
    const gray = { data: new Uint8Array([10, 20, 30, 40]), shape: [1, 2, 2, 1] as const };
    const image = toImageData(gray);
    assert.deepEqual(Array.from(image.data.subarray(0, 8)), [10, 10, 10, 255, 20, 20, 20, 255]);
    assert.throws(() => toImageData(gray, 1), RangeError);
  });
});

describe('PixelCNNPP.sample, cached and naive generation', () => {
  for (const backend of ['cpu', 'wasm'] as const) {
    it(`draw the same images on ${backend} (with labels, completion and a split batch)`, async () => {
      const config = { height: 8, width: 8, channels: 3 as const, nrResnet: 1, nrFilters: 8, nrLogisticMix: 3, numClasses: 2 };
      const model = await PixelCNNPP.load({ config, tensors: randomTensors(config, 24) }, { backend });
      const options = { seed: 11, count: 3, labels: [0, 1, 1], batchSize: 2 };
      const cached = await model.sample({ ...options, method: 'cached' });
      const naive = await model.sample({ ...options, method: 'naive' });
      assert.deepEqual(cached.data, naive.data);
      const image = { data: cached.data.subarray(0, 192), shape: [1, 8, 8, 3] as const };
      const completion = { knownRows: 3, seed: 2, labels: 1 };
      assert.deepEqual(
        (await model.complete(image, { ...completion, method: 'cached' })).data,
        (await model.complete(image, { ...completion, method: 'naive' })).data,
      );
      model.dispose();
    });
  }
});
