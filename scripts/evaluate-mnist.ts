// Scores a model on the 1,000 held-out MNIST digits (the split of `pixelcnnpp train --data
// mnist`): bits/dim given the true label, bits/dim of the marginal p(x) under a uniform class
// prior, and how often the true label is the most likely one. The figures README reports.
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
model.dispose();
