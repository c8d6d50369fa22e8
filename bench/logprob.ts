// logProb throughput with the paper's CIFAR-10 configuration (random weights) on the wasm
// backend, at batch 1 and 16, beside PyTorch on the same CPU at one thread (tfjs-wasm in Node
// runs on one thread).
import { PixelCNNPP, randomTensors } from '../src/index.js';
import { runTorch, torchAvailable } from './torch-side.js';

const CIFAR = { height: 32, width: 32, channels: 3 as const, nrResnet: 5, nrFilters: 160, nrLogisticMix: 10 };

function randomImages(n: number): { data: Uint8Array; shape: [number, number, number, number] } {
  const data = new Uint8Array(n * 32 * 32 * 3);
  for (let i = 0; i < data.length; i++) data[i] = (i * 2654435761) >>> 24;
  return { data, shape: [n, 32, 32, 3] };
}

async function imagesPerSecond(model: PixelCNNPP, batch: number, minSeconds: number): Promise<number> {
  const images = randomImages(batch);
  await model.logProb(images, { batchSize: batch }); // warm-up
  let done = 0;
  const start = performance.now();
  while (performance.now() - start < minSeconds * 1000 || done < 2 * batch) {
    await model.logProb(images, { batchSize: batch });
    done += batch;
  }
  return done / ((performance.now() - start) / 1000);
}

export async function benchLogProb(): Promise<void> {
  const backend = (process.env.BENCH_BACKEND as 'wasm' | 'cpu' | 'webgpu' | undefined) ?? 'wasm';
  const model = await PixelCNNPP.load({ config: CIFAR, tensors: randomTensors(CIFAR, 1) }, { backend });
  const torch = torchAvailable();
  const rows: string[][] = [];
  for (const batch of [1, 16]) {
    const ours = await imagesPerSecond(model, batch, 10);
    const theirs = torch ? runTorch(['--logprob', '--threads', '1', '--batch', String(batch), '--seconds', '10']) : undefined;
    const torchRate = theirs ? Number(theirs.images_per_s) : undefined;
    rows.push([
      String(batch),
      ours.toFixed(2),
      torchRate === undefined ? 'n/a' : torchRate.toFixed(2),
      torchRate === undefined ? 'n/a' : `${(ours / torchRate).toFixed(2)}x`,
    ]);
  }
  model.dispose();
  console.log(`PixelCNN++ CIFAR-10 config (nrResnet 5, nrFilters 160, nrLogisticMix 10), logProb, ${backend} backend (${model.backendInfo})`);
  console.log(`PyTorch: ${torch ? 'Debian python3-torch, 1 thread' : 'not installed (apt-get install python3-torch)'}\n`);
  console.log('| batch | pixelcnnpp images/s | PyTorch images/s | pixelcnnpp / PyTorch |');
  console.log('|---|---|---|---|');
  for (const row of rows) console.log(`| ${row.join(' | ')} |`);
}

if (import.meta.url === `file://${process.argv[1]}`) await benchLogProb();
