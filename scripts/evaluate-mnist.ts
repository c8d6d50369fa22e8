// Scores a model on the 1,000 held-out MNIST digits (the split of `pixelcnnpp train --data
// mnist`): bits/dim given the true label, bits/dim of the marginal p(x) under a uniform class
// prior, how often the true label is the most likely one, and where the bits go (background,
// the anti-aliased stroke edges, full ink). The figures README reports.
//   node --import tsx scripts/evaluate-mnist.ts [MODEL.safetensors] [--backend wasm]
import { readFile } from 'node:fs/promises';
import { loadMnist } from '../src/cli/datasets.js';
import { PixelCNNPP } from '../src/index.js';

const args = process.argv.slice(2);
const backendAt = args.indexOf('--backend');
const backend = backendAt >= 0 ? (args.splice(backendAt, 2)[1] as 'wasm') : 'wasm';
const model = await PixelCNNPP.load(args[0] ? new Uint8Array(await readFile(args[0])) : undefined, { backend });
const heldOut = loadMnist().heldOut!;
const n = heldOut.shape[0];
const dims = 28 * 28;
const byLabel: Float64Array[] = [];
for (let c = 0; c < 10; c++) byLabel.push((await model.logProb(heldOut, { labels: new Array<number>(n).fill(c), batchSize: 50 })).nats);
let conditional = 0;
let marginal = 0;
let correct = 0;
for (let i = 0; i < n; i++) {
  const values = byLabel.map((v) => v[i]!);
  const max = Math.max(...values);
  conditional += values[heldOut.labels![i]!]!;
  marginal += max + Math.log(values.reduce((s, v) => s + Math.exp(v - max), 0)) - Math.log(10);
  if (values.indexOf(max) === heldOut.labels![i]) correct++;
}
const bits = (nats: number) => (-nats / (n * dims * Math.LN2)).toFixed(4);
console.log(`held-out digits: ${n}`);
console.log(`bits/dim given the label: ${bits(conditional)}`);
console.log(`bits/dim, marginal over labels: ${bits(marginal)}`);
console.log(`true label most likely: ${correct}/${n}`);

// Each pixel's share of the total, given the true label, by its value.
const map = (await model.logProbMap(heldOut, { labels: heldOut.labels!, batchSize: 50 })).data;
const kinds = [
  { name: 'background (0)', test: (v: number) => v === 0 },
  { name: 'edges (1-251)', test: (v: number) => v > 0 && v < 252 },
  { name: 'ink (252-255)', test: (v: number) => v >= 252 },
];
const total = -map.reduce((s, v) => s + v, 0);
for (const { name, test } of kinds) {
  let count = 0;
  let nats = 0;
  heldOut.data.forEach((v, k) => {
    if (test(v)) [count, nats] = [count + 1, nats - map[k]!];
  });
  const share = (100 * nats) / total;
  console.log(`${name}: ${((100 * count) / heldOut.data.length).toFixed(1)}% of pixels, ${(nats / count / Math.LN2).toFixed(2)} bits each, ${share.toFixed(1)}% of the bits`);
}
model.dispose();
