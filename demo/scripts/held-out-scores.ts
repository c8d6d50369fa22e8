/**
 * Writes demo/src/held-out-scores.json: the bits per dimension of each of the 1,000 held-out
 * MNIST digits under the bundled model (marginal over the classes, uniform prior), sorted, so the
 * page can say where an image falls among digits the model never saw.
 *
 * node --import tsx demo/scripts/held-out-scores.ts
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadMnist } from '../../src/cli/datasets.js';
import { PixelCNNPP } from '../../src/index.js';

const model = await PixelCNNPP.load({ backend: 'wasm' });
const heldOut = loadMnist().heldOut!;
const n = heldOut.shape[0];
const classes = model.config.numClasses;
const byLabel: Float64Array[] = [];
for (let c = 0; c < classes; c++) {
  byLabel.push((await model.logProb(heldOut, { labels: new Array<number>(n).fill(c), batchSize: 50 })).nats);
}
const dims = 28 * 28;
const bitsPerDim = Array.from({ length: n }, (_, i) => {
  const values = byLabel.map((v) => v[i]!);
  const max = Math.max(...values);
  const marginal = max + Math.log(values.reduce((s, v) => s + Math.exp(v - max), 0)) - Math.log(classes);
  return -marginal / (dims * Math.LN2);
}).sort((a, b) => a - b);
model.dispose();

const out = fileURLToPath(new URL('../src/held-out-scores.json', import.meta.url));
writeFileSync(out, JSON.stringify({ bitsPerDim: bitsPerDim.map((v) => Number(v.toFixed(4))) }) + '\n');
const mean = bitsPerDim.reduce((a, b) => a + b, 0) / n;
console.log(`${out}: ${n} digits, mean ${mean.toFixed(4)}, median ${bitsPerDim[n >> 1]!.toFixed(4)}, 99th percentile ${bitsPerDim[Math.floor(n * 0.99)]!.toFixed(4)}, max ${bitsPerDim[n - 1]!.toFixed(4)}`);
