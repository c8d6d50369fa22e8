// What storing the weights in float16 costs: a model (the bundled one by default) scored on the
// 1,000 held-out MNIST digits given their labels, with its float32 weights and with the same
// weights written by save({ dtype: 'float16' }) and loaded back. The figures README reports.
//   node --import tsx scripts/evaluate-half-precision.ts [MODEL.safetensors] [--backend wasm]
import { readFile } from 'node:fs/promises';
import { loadMnist } from '../src/cli/datasets.js';
import { PixelCNNPP } from '../src/index.js';

const args = process.argv.slice(2);
const backendAt = args.indexOf('--backend');
const backend = backendAt >= 0 ? (args.splice(backendAt, 2)[1] as 'wasm') : 'wasm';
const full = await PixelCNNPP.load(args[0] ? new Uint8Array(await readFile(args[0])) : undefined, { backend });
const halfBytes = full.save({ dtype: 'float16' });
const half = await PixelCNNPP.load(halfBytes, { backend });
const heldOut = loadMnist().heldOut!;
const n = heldOut.shape[0];
const dims = heldOut.shape[1] * heldOut.shape[2] * heldOut.shape[3];
const score = async (model: PixelCNNPP) => (await model.logProb(heldOut, { labels: heldOut.labels!, batchSize: 50 })).nats;
const [a, b] = [await score(full), await score(half)];
const bits = (nats: Float64Array) => -nats.reduce((s, v) => s + v, 0) / (n * dims * Math.LN2);
let worst = 0;
let meanAbs = 0;
for (let i = 0; i < n; i++) {
  const d = Math.abs(a[i]! - b[i]!);
  worst = Math.max(worst, d);
  meanAbs += d / n;
}
console.log(`held-out digits: ${n}, backend ${full.backend}`);
console.log(`weights: float32 ${full.save().byteLength} bytes, float16 ${halfBytes.byteLength} bytes`);
console.log(`bits/dim given the label: float32 ${bits(a).toFixed(6)}, float16 ${bits(b).toFixed(6)}, change ${(bits(b) - bits(a)).toExponential(2)}`);
console.log(`per digit |change|: mean ${meanAbs.toExponential(2)} nats, largest ${worst.toExponential(2)} nats (${(worst / (dims * Math.LN2)).toExponential(2)} bits/dim)`);
full.dispose();
half.dispose();
