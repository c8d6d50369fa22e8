// @node-only: inference splits its images across Node's worker_threads.
// PixelCNNPP.load/create({ workers }) splits logProb, logProbMap, sample and complete by image
// across threads: the results must be the same bytes as one thread's, progress and partial
// images must cover every thread, abort must stop them, and dispose must end the threads.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import { PixelCNNPP, PixelCNNPPError, randomTensors } from '../../../src/index.js';
import { resolveConfig } from '../../../src/config.js';
import { checkWorkers } from '../../../src/parallel/model-threads.js';
import { ChunkCounter, imageChunks } from '../../../src/parallel/thread-shares.js';
import { InferenceWorkers, fromThreadError, toThreadError } from '../../../src/parallel/inference-workers.js';
import { CONFIG, bars } from '../training/helpers.js';

const images = bars(5, 3);

/**
 * Counts the calls sent to worker threads, so that a test knows the work was split, and apart
 * from them the workers lent to a stepper (`help`).
 */
const sentToWorkers = { calls: 0, help: 0 };
const send = InferenceWorkers.prototype.call;
InferenceWorkers.prototype.call = function (...args: Parameters<typeof send>) {
  if (args[1].type === 'help') sentToWorkers.help++;
  else sentToWorkers.calls++;
  return send.apply(this, args);
};

/** A model on one thread and the same on `workers`, whose workers have started (`warmup`). */
async function models(backend: 'wasm' | 'cpu', workers: number) {
  const one = await PixelCNNPP.create(CONFIG, { backend, seed: 7 });
  const many = await PixelCNNPP.load({ config: CONFIG, tensors: randomTensors(resolveConfig(CONFIG), 7) }, { backend, workers, warmup: true });
  return { one, many };
}

describe('inference on worker threads', () => {
  it('cuts the images into contiguous chunks, two a thread (one where two would hold single images), none above the batch size, taken once each', () => {
    const sizes = (count: number, threads: number, max?: number) => imageChunks(count, threads, max).map((c) => [c.from, c.count]);
    assert.deepEqual(sizes(64, 2), [[0, 16], [16, 16], [32, 16], [48, 16]]);
    assert.deepEqual(sizes(8, 2), [[0, 2], [2, 2], [4, 2], [6, 2]]);
    // A thread's share of 2 or 3 images is one batch, not single images.
    assert.deepEqual(sizes(4, 2), [[0, 2], [2, 2]]);
    assert.deepEqual(sizes(6, 2), [[0, 3], [3, 3]]);
    assert.deepEqual(sizes(5, 2), [[0, 3], [3, 2]]);
    assert.deepEqual(sizes(7, 3), [[0, 3], [3, 2], [5, 2]]);
    assert.deepEqual(sizes(2, 3), [[0, 1], [1, 1]]);
    assert.deepEqual(sizes(1, 2), [[0, 1]]);
    // The batch size caps a chunk; the count of chunks stays a multiple of the threads.
    assert.deepEqual(sizes(64, 2, 10).map(([, n]) => n), [8, 8, 8, 8, 8, 8, 8, 8]);
    assert.deepEqual(sizes(8, 2, 1).map(([, n]) => n), [1, 1, 1, 1, 1, 1, 1, 1]);
    assert.deepEqual(sizes(5, 2, 2).map(([, n]) => n), [2, 1, 1, 1]);
    const counter = new ChunkCounter();
    assert.deepEqual([counter.take(), counter.take(), counter.taken], [0, 1, 2]);
  });

  it('sends one call to each worker, which takes chunks until none is left; a cold start leaves the chunks to the main thread meanwhile', async () => {
    const { one, many } = await models('wasm', 2);
    const expected = await one.sample(4, { count: 8, batchSize: 1 });
    const sent = sentToWorkers.calls;
    assert.deepEqual(await many.sample(4, { count: 8, batchSize: 1 }), expected);
    assert.equal(sentToWorkers.calls - sent, 1);
    // Workers not started yet: the main thread starts on the chunks at once, the worker joins
    // when it is up (or not at all if none is left by then); the images are the same.
    const cold = await PixelCNNPP.create(CONFIG, { backend: 'wasm', seed: 7, workers: 2 });
    assert.deepEqual(await cold.sample(4, { count: 8, batchSize: 1 }), expected);
    one.dispose();
    many.dispose();
    cold.dispose();
  });

  for (const backend of ['wasm', 'cpu'] as const) {
    it(`gives logProb and logProbMap bit for bit as one thread (${backend}), leaving no tensors`, async () => {
      const { one, many } = await models(backend, 3);
      const before = tf.memory().numTensors;
      for (const options of [{}, { labels: images.labels }, { labels: 1, batchSize: 2 }]) {
        const sent = sentToWorkers.calls;
        assert.deepEqual(await many.logProb(images, options), await one.logProb(images, options));
        assert.deepEqual(await many.logProbMap(images, options), await one.logProbMap(images, options));
        // 3 threads: each call went to both workers (who took chunks from it).
        assert.equal(sentToWorkers.calls - sent, 4);
      }
      assert.equal(tf.memory().numTensors, before);
      one.dispose();
      many.dispose();
    });

    it(`gives sample and complete bit for bit as one thread (${backend})`, async () => {
      const { one, many } = await models(backend, 2);
      for (const options of [{ count: 5 }, { count: 3, startIndex: 4, temperature: 0.8, batchSize: 2 }, { count: 2, labels: 1, method: 'naive' as const }]) {
        const expected = await one.sample(11, options);
        const sent = sentToWorkers.calls;
        const got = await many.sample(11, options);
        assert.equal(sentToWorkers.calls - sent, 1);
        assert.deepEqual(got, expected);
      }
      for (const options of [{ knownRows: 3 }, { knownRows: 2, labels: [0, 1, 0, 1, 1], startIndex: 2 }]) {
        const sent = sentToWorkers.calls;
        assert.deepEqual(await many.complete(images, { seed: 5, ...options }), await one.complete(images, { seed: 5, ...options }));
        assert.equal(sentToWorkers.calls - sent, 1);
      }
      one.dispose();
      many.dispose();
    });
  }

  it('lends a worker to the stepper of a one-image sample or complete (wasm): the same bytes as one thread, a session a call, aborted or not', async () => {
    const { one, many } = await models('wasm', 2);
    for (const options of [{ count: 1 }, { count: 1, temperature: 0.7, labels: 1 }]) {
      const help = sentToWorkers.help;
      assert.deepEqual(await many.sample(13, options), await one.sample(13, options));
      assert.equal(sentToWorkers.help - help, 1);
    }
    const first = { data: images.data.subarray(0, 64), shape: [1, 8, 8, 1] as [number, number, number, number] };
    assert.deepEqual(await many.complete(first, { seed: 2, knownRows: 3 }), await one.complete(first, { seed: 2, knownRows: 3 }));
    // An aborted call ends its session too (else the worker would still be serving it, and the
    // split call below would never get its share done).
    const controller = new AbortController();
    const reason = new Error('enough');
    await assert.rejects(many.sample(4, { count: 1, signal: controller.signal, onProgress: () => controller.abort(reason) }), (error) => error === reason);
    assert.deepEqual(await many.sample(5, { count: 1 }), await one.sample(5, { count: 1 }));
    assert.deepEqual(await many.sample(5, { count: 3 }), await one.sample(5, { count: 3 }));
    one.dispose();
    many.dispose();
  });

  it('reports progress over every thread, with every image as drawn so far', async () => {
    const { one, many } = await models('wasm', 3);
    const expected = await one.sample(21, { count: 5 });
    const calls: Array<{ done: number; total: number; copy: Uint8Array }> = [];
    const result = await many.sample(21, { count: 5, onProgress: (done, total, partial) => calls.push({ done, total, copy: partial.data.slice() }) });
    assert.deepEqual(result.data, expected.data);
    // 8 rows of each of 3 chunks (2, 2 and 1 images).
    assert.equal(calls.length, 24);
    assert.ok(calls.every((c, i) => c.total === 5 * 64 && (i === 0 || c.done > calls[i - 1]!.done)));
    assert.equal(calls.at(-1)!.done, 5 * 64);
    assert.deepEqual(calls.at(-1)!.copy, expected.data);
    // Every partial image holds exactly the rows its thread had drawn: each is a prefix of the result.
    for (const { copy } of calls) {
      for (let i = 0; i < 5; i++) {
        const image = copy.subarray(i * 64, (i + 1) * 64);
        const rows = Math.max(0, ...Array.from({ length: 8 }, (_, r) => (image.subarray(r * 8, r * 8 + 8).some((v) => v !== 0) ? r + 1 : 0)));
        assert.deepEqual(image.subarray(0, rows * 8), expected.data.subarray(i * 64, i * 64 + rows * 8));
      }
    }
    // The last image is seen growing: drawn in part before it is complete.
    const last = expected.data.subarray(4 * 64, 5 * 64);
    const growing = calls.some(({ copy }) => {
      const image = copy.subarray(4 * 64, 5 * 64);
      return image.subarray(0, 8).every((v, k) => v === last[k]) && image.some((v, k) => v !== last[k]);
    });
    assert.ok(growing, 'the last image never appeared in part');
    one.dispose();
    many.dispose();
  });

  it('stops every thread on abort with the signal\'s reason, and works afterwards', async () => {
    const { one, many } = await models('wasm', 2);
    const controller = new AbortController();
    const reason = new Error('enough');
    let rows = 0;
    await assert.rejects(
      many.sample(3, { count: 4, signal: controller.signal, onProgress: () => ++rows === 3 && controller.abort(reason) }),
      (error) => error === reason,
    );
    const already = AbortSignal.abort(reason);
    await assert.rejects(many.logProb(images, { signal: already }), (error) => error === reason);
    assert.deepEqual(await many.sample(3, { count: 4 }), await one.sample(3, { count: 4 }));
    one.dispose();
    many.dispose();
  });

  it('takes calls and aborts sent back to back, while the workers wait awake for them (see doorbell.ts), each as one thread would', async () => {
    const { one, many } = await models('wasm', 2);
    const expected = { sample: await one.sample(9, { count: 2 }), logProb: await one.logProb(images) };
    for (let round = 0; round < 12; round++) {
      assert.deepEqual(await many.sample(9, { count: 2 }), expected.sample);
      assert.deepEqual(await many.logProb(images), expected.logProb);
      if (round % 3 !== 0) continue;
      // An abort sent right after the call: the worker takes both in the order they were posted.
      const controller = new AbortController();
      const aborted = many.sample(9, { count: 4, signal: controller.signal });
      controller.abort(new Error('stop'));
      await assert.rejects(aborted, /stop/);
    }
    one.dispose();
    many.dispose();
  });

  it('rejects calls still running on the workers with E_DISPOSED when disposed', async () => {
    const model = await PixelCNNPP.create(CONFIG, { backend: 'wasm', workers: 2 });
    await model.logProb(images);
    const running = model.sample(1, { count: 4, method: 'naive' });
    model.dispose();
    await assert.rejects(running, (error) => error instanceof PixelCNNPPError && error.code === 'E_DISPOSED');
  });

  it('lets the process exit: dispose ends the threads, and idle threads do not hold it', () => {
    const model = fileURLToPath(new URL('../../../src/index.ts', import.meta.url));
    const helpers = fileURLToPath(new URL('../training/helpers.ts', import.meta.url));
    for (const dispose of [true, false]) {
      const script = `
        import { PixelCNNPP } from ${JSON.stringify(model)};
        import { CONFIG, bars } from ${JSON.stringify(helpers)};
        const m = await PixelCNNPP.create(CONFIG, { backend: 'wasm', workers: 3 });
        const r = await m.logProb(bars(4, 1));
        ${dispose ? 'm.dispose();' : ''}
        console.log(r.nats.length);`;
      const dir = mkdtempSync(join(tmpdir(), 'pixelcnnpp-workers-'));
      writeFileSync(join(dir, 'exit.mts'), script);
      const run = spawnSync(process.execPath, ['--import', 'tsx', join(dir, 'exit.mts')], { encoding: 'utf8', timeout: 60_000 });
      rmSync(dir, { recursive: true });
      assert.equal(run.signal, null, `dispose: ${dispose}: the process did not exit (${run.stderr})`);
      assert.equal(run.status, 0, run.stderr);
      assert.equal(run.stdout.trim(), '4');
    }
  });

  it('starts and warms its workers at load with warmup: true (one probe image per thread)', async () => {
    const source = await PixelCNNPP.create(CONFIG, { backend: 'wasm', seed: 7 });
    const bytes = source.save();
    source.dispose();
    const before = sentToWorkers.calls;
    const model = await PixelCNNPP.load(bytes, { backend: 'wasm', workers: 3, warmup: true });
    assert.equal(sentToWorkers.calls - before, 2, 'the probe went to both worker threads');
    // The first call finds the workers started: both take part.
    const sent = sentToWorkers.calls;
    await model.logProb(images);
    assert.equal(sentToWorkers.calls - sent, 2);
    const one = await PixelCNNPP.load(bytes, { backend: 'wasm' });
    assert.deepEqual(await model.logProb(images), await one.logProb(images));
    model.dispose();
    one.dispose();
  });

  it('uses the parameters fit leaves, starting its workers afresh', async () => {
    const many = await PixelCNNPP.create(CONFIG, { backend: 'wasm', seed: 7, workers: 2 });
    const before = await many.logProb(images);
    await many.fit(bars(8, 4), { labels: [0, 1, 0, 1, 0, 1, 0, 1], epochs: 1, batchSize: 8 });
    const one = await PixelCNNPP.load(many.save(), { backend: 'wasm' });
    const after = await many.logProb(images);
    assert.notDeepEqual(after.nats, before.nats);
    assert.deepEqual(after, await one.logProb(images));
    assert.deepEqual(await many.sample(2, { count: 3 }), await one.sample(2, { count: 3 }));
    one.dispose();
    many.dispose();
  });

  it('carries errors across threads as the same types and codes', () => {
    const cases: Array<[Error, (e: Error) => boolean]> = [
      [new RangeError('batchSize: bad'), (e) => e instanceof RangeError && e.message === 'batchSize: bad'],
      [new TypeError('labels: bad'), (e) => e instanceof TypeError && e.message === 'labels: bad'],
      [new PixelCNNPPError('E_INPUT', 'non-finite'), (e) => e instanceof PixelCNNPPError && e.code === 'E_INPUT' && e.message === 'non-finite'],
      [new Error('out of memory'), (e) => e instanceof PixelCNNPPError && e.code === 'E_WORKER' && /out of memory/.test(e.message)],
    ];
    // As the worker sends it: through structured cloning.
    for (const [error, check] of cases) assert.ok(check(fromThreadError(structuredClone(toThreadError(error)))), error.message);
  });

  it('refuses bad workers options with typed errors', async () => {
    for (const workers of [0, -1, 1.5, Number.NaN, '2']) {
      await assert.rejects(PixelCNNPP.create(CONFIG, { backend: 'cpu', workers: workers as number }), (error) => error instanceof RangeError && /workers/.test(error.message));
    }
    assert.throws(() => checkWorkers(2, 'webgpu', true), (error) => error instanceof PixelCNNPPError && error.code === 'E_WORKER' && /webgpu/.test(error.message));
    assert.throws(() => checkWorkers(2, 'wasm', false), (error) => error instanceof PixelCNNPPError && error.code === 'E_WORKER' && /browser/.test(error.message));
    assert.equal(checkWorkers(1, 'webgpu', false), 1);
  });
});
