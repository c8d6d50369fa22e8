// model.fit: the loss goes down, the data-dependent initialisation normalises the first batch,
// a run resumed from a checkpoint continues exactly where it stopped, training works on the
// wasm backend (our Conv2DBackpropFilter) and agrees with cpu, nothing leaks, bad options fail.
// Most run on wasm, the fastest backend for these small convolutions.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { PixelCNNPP, PixelCNNPPError, parseSafetensors } from '../../../src/index.js';
import type { EpochResult, FitProgress } from '../../../src/index.js';
import { maxAbsDiff } from '../../helpers/compare.js';
import { CONFIG, bars } from './helpers.js';
import { IS_NODE } from '../../../src/platform.js';

const train = bars(32, 1);
const held = bars(16, 2);

describe('PixelCNNPP.fit', () => {

  it('lowers train and held-out bits/dim, reports each epoch and step, and leaks nothing', async () => {
    const model = await PixelCNNPP.create(CONFIG, { backend: 'wasm', seed: 3 });
    const before = tf.memory().numTensors;
    const initial = await model.logProb(held, { labels: held.labels });
    const steps: FitProgress[] = [];
    const epochs: EpochResult[] = [];
    const { history, steps: total } = await model.fit(train, {
      labels: train.labels, epochs: 6, batchSize: 8, learningRate: 5e-3, dropout: 0, ema: 0.8,
      validation: { images: held, labels: held.labels },
      onProgress: (p) => steps.push(p),
      onEpochEnd: (r) => void epochs.push(r),
    });
    assert.equal(tf.memory().numTensors, before, 'fit leaves no tensors behind');
    assert.equal(history.length, 6);
    assert.deepEqual(epochs, history);
    assert.equal(total, 24);
    assert.equal(steps.length, 24);
    assert.deepEqual(steps.slice(0, 5).map((s) => [s.epoch, s.step]), [[1, 1], [1, 2], [1, 3], [1, 4], [2, 1]]);
    assert.ok(steps[1]!.learningRate < steps[0]!.learningRate, 'the learning rate decays per step');
    const start = initial.bitsPerDim.reduce((a, b) => a + b) / 16;
    const end = history.at(-1)!.validationBitsPerDim!;
    assert.ok(history.at(-1)!.trainBitsPerDim < history[0]!.trainBitsPerDim, `train: ${history.map((h) => h.trainBitsPerDim)}`);
    assert.ok(end < start - 0.5, `held-out bits/dim ${start} -> ${end}`);
    // The model now evaluates with the averaged parameters: logProb agrees with the reported figure.
    const after = await model.logProb(held, { labels: held.labels });
    assert.ok(Math.abs(after.bitsPerDim.reduce((a, b) => a + b) / 16 - end) < 1e-9);
    model.dispose();
  });

  it('data-dependent initialisation gives the first layers zero-mean, unit-variance outputs on the first batch', async () => {
    const model = await PixelCNNPP.create(CONFIG, { backend: 'wasm', seed: 4 });
    // One step with a vanishing learning rate and no averaging: the saved parameters are the initialised ones.
    await model.fit(train, { labels: train.labels, epochs: 1, batchSize: 32, learningRate: 1e-12, ema: 0, dropout: 0 });
    const file = parseSafetensors(model.save());
    const g = file.tensors.get('u_init.conv.weight_g')!.data;
    const b = file.tensors.get('u_init.conv.bias')!.data;
    assert.ok(g.some((v) => Math.abs(v - 1) > 1e-3), 'g moved away from its starting value 1');
    // Recompute u_init's output with those g, b on the batch: per channel mean 0, variance 1.
    const stats = tf.tidy(() => {
      const v = tf.tensor(file.tensors.get('u_init.conv.weight_v')!.data, [...file.tensors.get('u_init.conv.weight_v')!.shape]);
      const w = tf.mul(tf.div(v, tf.sqrt(tf.sum(tf.square(v), [1, 2, 3], true))), tf.reshape(tf.tensor(g), [-1, 1, 1, 1]));
      const x = tf.sub(tf.div(tf.tensor4d(train.data, train.shape, 'float32'), 127.5), 1);
      const xPad = tf.concat([x, tf.onesLike(x)], 3);
      const y = tf.add(tf.conv2d(xPad as tf.Tensor4D, tf.transpose(w, [2, 3, 1, 0]) as tf.Tensor4D, 1, [[0, 0], [1, 0], [1, 1], [0, 0]]), tf.tensor(b));
      const { mean, variance } = tf.moments(y, [0, 1, 2]);
      return [mean.dataSync(), variance.dataSync()];
    });
    for (const m of stats[0]!) assert.ok(Math.abs(m) < 1e-3, `mean ${m}`);
    for (const v of stats[1]!) assert.ok(Math.abs(v - 1) < 1e-2, `variance ${v}`);
    model.dispose();
  });

  it('repeats a run exactly from the same seed, dropout masks included', async () => {
    const run = async (seed: number) => {
      const model = await PixelCNNPP.create(CONFIG, { backend: 'wasm', seed: 6 });
      const losses: number[] = [];
      await model.fit(train, { labels: train.labels, epochs: 1, batchSize: 8, dropout: 0.5, seed, onProgress: (p) => losses.push(p.bitsPerDim) });
      const params = parseSafetensors(model.save({ training: true })).tensors;
      model.dispose();
      return { losses, params };
    };
    const [a, b, c] = [await run(1), await run(1), await run(2)];
    assert.deepEqual(a.losses, b.losses);
    for (const [name, t] of a.params) assert.deepEqual(b.params.get(name)!.data, t.data, name);
    // Another seed: other batches and masks, so the very first loss already differs.
    assert.notEqual(a.losses[0], c.losses[0]);
  });

  it('resumes from a checkpoint exactly: 1 + 1 epochs give the same parameters as 2', async () => {
    const options = { labels: train.labels, batchSize: 8, dropout: 0.3, seed: 5 };
    const straight = await PixelCNNPP.create(CONFIG, { backend: 'wasm', seed: 6 });
    await straight.fit(train, { ...options, epochs: 2 });

    const first = await PixelCNNPP.create(CONFIG, { backend: 'wasm', seed: 6 });
    let checkpoint: Uint8Array | undefined;
    await first.fit(train, { ...options, epochs: 1, onEpochEnd: async (_r, save) => void (checkpoint = await save()) });
    first.dispose();
    const resumed = await PixelCNNPP.load(checkpoint!, { backend: 'wasm' });
    const { history, steps } = await resumed.fit(train, { ...options, epochs: 2 });
    assert.deepEqual(history.map((h) => h.epoch), [2], 'only the missing epoch runs');
    assert.equal(steps, 8);

    const a = parseSafetensors(straight.save({ training: true }));
    const b = parseSafetensors(resumed.save({ training: true }));
    assert.equal(a.tensors.size, b.tensors.size);
    for (const [name, t] of a.tensors) assert.deepEqual(b.tensors.get(name)!.data, t.data, name);
    assert.equal(a.metadata['pixelcnnpp.training'], b.metadata['pixelcnnpp.training']);
    // Without { training: true } only the model (the averaged parameters) is written.
    assert.equal(parseSafetensors(resumed.save()).tensors.size * 4, a.tensors.size);
    straight.dispose();
    resumed.dispose();

    // Options given on resuming change the run from there on; the others continue the checkpoint's.
    const changed = await PixelCNNPP.load(checkpoint!, { backend: 'wasm' });
    await assert.rejects(changed.fit(train, { ...options, epochs: 2, optimizer: 'adamax' }), /trained with 'adam'/);
    await changed.fit(train, { ...options, epochs: 2, learningRate: 1e-4, ema: 0.5 });
    const settings = JSON.parse(parseSafetensors(changed.save({ training: true })).metadata['pixelcnnpp.training']!);
    assert.equal(settings.optimizer.learningRate, 1e-4);
    assert.equal(settings.optimizer.beta1, 0.95, 'the rest as before');
    assert.equal(settings.ema, 0.5);
    changed.dispose();
  });

  it('rejects bad options and labels before training, with typed errors', async () => {
    const model = await PixelCNNPP.create(CONFIG, { backend: 'wasm' });
    await assert.rejects(model.fit(train, { epochs: 0, labels: train.labels }), /epochs: expected a positive integer, got 0/);
    await assert.rejects(model.fit(train, { batchSize: 1.5, labels: train.labels }), RangeError);
    await assert.rejects(model.fit(train, { dropout: 1, labels: train.labels }), /dropout: expected a number in \[0, 1\)/);
    await assert.rejects(model.fit(train, { learningRate: -1, labels: train.labels }), /learningRate/);
    await assert.rejects(model.fit(train, { optimizer: 'sgd' as 'adam', labels: train.labels }), TypeError);
    await assert.rejects(model.fit(train), /class-conditional/);
    await assert.rejects(model.fit(train, { labels: train.labels, validation: { images: held } }), /class-conditional/);
    await assert.rejects(model.fit({ data: new Uint8Array(64 * 3), shape: [1, 8, 8, 3] }, { labels: [0] }), /expected shape \[N, 8, 8, 1\]/);
    await assert.rejects(model.fit(train, { labels: train.labels, learningRate: 1e30, epochs: 3 }), (e: Error) => e instanceof PixelCNNPPError && e.code === 'E_TRAINING');
    await assert.rejects(model.fit(train, { labels: train.labels, workers: 0 }), /workers: expected a positive integer, got 0/);
    if (!IS_NODE) {
      await assert.rejects(model.fit(train, { labels: train.labels, workers: 2 }), (e: Error) => e instanceof PixelCNNPPError && /worker_threads/.test(e.message));
    }
    model.dispose();
  });

  it('stops on abort after the current step, frees everything, and refuses a second concurrent fit', async () => {
    const model = await PixelCNNPP.create(CONFIG, { backend: 'wasm', seed: 10 });
    const loaded = tf.memory().numTensors;
    const controller = new AbortController();
    const reason = new Error('enough');
    let steps = 0;
    const running = model.fit(train, {
      labels: train.labels, epochs: 5, batchSize: 8, signal: controller.signal,
      onProgress: () => {
        if (++steps === 2) controller.abort(reason);
      },
    });
    await assert.rejects(model.fit(train, { labels: train.labels }), /already training/);
    await assert.rejects(running, (e) => e === reason);
    assert.equal(steps, 2);
    assert.equal(tf.memory().numTensors, loaded, 'the trainer freed its variables');
    const { nats } = await model.logProb(held, { labels: held.labels });
    assert.ok(nats.every(Number.isFinite), 'the model still works');
    model.dispose();
  });

  it('adamax trains too', async () => {
    const model = await PixelCNNPP.create(CONFIG, { backend: 'wasm', seed: 7 });
    const { history } = await model.fit(train, { labels: train.labels, epochs: 3, batchSize: 8, optimizer: 'adamax', learningRate: 5e-3, dropout: 0 });
    assert.ok(history[2]!.trainBitsPerDim < history[0]!.trainBitsPerDim);
    model.dispose();
  });
});

describe('PixelCNNPP.fit (wasm)', () => {

  it('trains on the wasm backend with our Conv2DBackpropFilter, matching cpu step for step', async () => {
    const options = { labels: train.labels, epochs: 1, batchSize: 16, dropout: 0, learningRate: 2e-3 };
    const onWasm = await PixelCNNPP.create(CONFIG, { backend: 'wasm', seed: 8 });
    const onCpu = await PixelCNNPP.create(CONFIG, { backend: 'cpu', seed: 8 });
    const lossesWasm: number[] = [];
    const lossesCpu: number[] = [];
    const before = tf.memory().numTensors;
    await onWasm.fit(train, { ...options, onProgress: (p) => lossesWasm.push(p.bitsPerDim) });
    await onCpu.fit(train, { ...options, onProgress: (p) => lossesCpu.push(p.bitsPerDim) });
    assert.equal(tf.memory().numTensors, before);
    // The first loss comes from the same initialised parameters. After that, Adam's first steps
    // (m / sqrt(v), about +-1 per weight) turn float rounding in tiny gradients into differences
    // of up to the learning rate per step, so later values agree only that closely.
    assert.ok(Math.abs(lossesWasm[0]! - lossesCpu[0]!) < 1e-5, `first loss ${lossesWasm[0]} vs ${lossesCpu[0]}`);
    assert.ok(maxAbsDiff(lossesWasm, lossesCpu) < 1e-2, `losses ${lossesWasm} vs ${lossesCpu}`);
    const a = parseSafetensors(onWasm.save({ training: true })).tensors;
    const b = parseSafetensors(onCpu.save({ training: true })).tensors;
    for (const [name, t] of a) {
      if (name.startsWith('training.param.')) assert.ok(maxAbsDiff(t.data, b.get(name)!.data) < 2 * 2 * 2e-3, name);
    }
    onWasm.dispose();
    onCpu.dispose();
  });
});

describe('PixelCNNPP.fit (webgpu)', () => {
  it('takes training steps on WebGPU that agree with cpu', async () => {
    const batch = { data: train.data.subarray(0, 8 * 64), shape: [8, 8, 8, 1] as [number, number, number, number] };
    const options = { labels: train.labels.slice(0, 8), epochs: 1, batchSize: 4, dropout: 0 };
    const onGpu = await PixelCNNPP.create(CONFIG, { backend: 'webgpu', seed: 9 });
    const onCpu = await PixelCNNPP.create(CONFIG, { backend: 'cpu', seed: 9 });
    const gpu: number[] = [];
    const cpu: number[] = [];
    await onGpu.fit(batch, { ...options, onProgress: (p) => gpu.push(p.bitsPerDim) });
    await onCpu.fit(batch, { ...options, onProgress: (p) => cpu.push(p.bitsPerDim) });
    assert.equal(gpu.length, 2);
    assert.ok(Math.abs(gpu[0]! - cpu[0]!) < 1e-4, `first loss ${gpu[0]} vs ${cpu[0]}`);
    assert.ok(Math.abs(gpu[1]! - cpu[1]!) < 1e-2, `second loss ${gpu[1]} vs ${cpu[1]}`);
    await assert.rejects(
      onGpu.fit(batch, { ...options, workers: 2 }),
      (e: Error) => e instanceof PixelCNNPPError && e.code === 'E_TRAINING' && /workers/.test(e.message),
    );
    onGpu.dispose();
    onCpu.dispose();
  });
});
