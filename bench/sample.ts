// Time per generated 32x32x3 image with the paper's CIFAR-10 configuration (random weights) on
// the wasm backend: cached generation (a whole image at batch 1; four rows, scaled to 32, at
// batch 16), naive generation (one whole forward pass per pixel, timed over a few pixel steps
// and scaled to 1024), and PyTorch's naive sampler on the same CPU (1 thread).
import { PixelCNNPP, randomTensors } from '../src/index.js';
import { runTorch, torchAvailable } from './torch-side.js';

const CIFAR = { height: 32, width: 32, channels: 3 as const, nrResnet: 5, nrFilters: 160, nrLogisticMix: 10 };
const PIXELS = 32 * 32;
/** Pixel steps timed per batch size: each is a whole forward pass of the batch. */
const NAIVE_STEPS: Record<number, number> = { 1: 4, 16: 2 };

/** Seconds per image of naive generation, from `steps` pixel steps (a forward pass each). */
async function naiveSecondsPerImage(model: PixelCNNPP, batch: number): Promise<number> {
  // Completing images in which only the first `steps` pixels are unknown is exactly `steps`
  // naive steps: known pixels cost no forward pass.
  const steps = NAIVE_STEPS[batch]!;
  const mask = new Uint8Array(PIXELS).fill(1);
  mask.fill(0, 0, steps);
  const images = { data: new Uint8Array(batch * PIXELS * 3).fill(128), shape: [batch, 32, 32, 3] as const };
  const start = performance.now();
  await model.complete(images, { mask, seed: 2, method: 'naive', batchSize: batch });
  const perStep = (performance.now() - start) / 1000 / steps;
  return (perStep * PIXELS) / batch;
}

/** Seconds per image of cached generation: the first `rows` rows drawn, the rest given. */
async function cachedSecondsPerImage(model: PixelCNNPP, batch: number, rows: number): Promise<number> {
  const mask = new Uint8Array(PIXELS).fill(1);
  mask.fill(0, 0, rows * 32);
  const images = { data: new Uint8Array(batch * PIXELS * 3).fill(128), shape: [batch, 32, 32, 3] as const };
  const start = performance.now();
  await model.complete(images, { mask, seed: 3, method: 'cached', batchSize: batch });
  return ((performance.now() - start) / 1000) * (32 / rows) / batch;
}

/** Rows of cached generation timed per batch size (4 rows cover every level's pattern once). */
const CACHED_ROWS: Record<number, number> = { 1: 32, 16: 4 };

export async function benchSample(): Promise<void> {
  const backend = (process.env.BENCH_BACKEND as 'wasm' | 'cpu' | 'webgpu' | undefined) ?? 'wasm';
  const model = await PixelCNNPP.load({ config: CIFAR, tensors: randomTensors(CIFAR, 1) }, { backend });
  const torch = torchAvailable();
  await model.logProb({ data: new Uint8Array(PIXELS * 3), shape: [1, 32, 32, 3] }); // warm-up
  console.log(`sampling, CIFAR-10 config, ${backend} backend (${model.backendInfo}); naive timed over a few pixel steps, scaled to ${PIXELS}`);
  console.log(`PyTorch: ${torch ? 'Debian python3-torch, 1 thread, naive sampler' : 'not installed (apt-get install python3-torch)'}\n`);
  console.log('| batch | cached s/image | naive s/image | cached speed-up | PyTorch naive s/image | PyTorch naive / cached time |');
  console.log('|---|---|---|---|---|---|');
  for (const batch of [1, 16]) {
    const cached = await cachedSecondsPerImage(model, batch, CACHED_ROWS[batch]!);
    const naive = await naiveSecondsPerImage(model, batch);
    const theirs = torch ? runTorch(['--sample', '--threads', '1', '--batch', String(batch), '--pixels', String(NAIVE_STEPS[batch])]) : undefined;
    const torchSeconds = theirs ? Number(theirs.seconds_per_image_estimate) : undefined;
    console.log(
      `| ${batch} | ${cached.toFixed(1)} | ${naive.toFixed(0)} | ${(naive / cached).toFixed(0)}x | ` +
        `${torchSeconds === undefined ? 'n/a' : torchSeconds.toFixed(0)} | ` +
        `${torchSeconds === undefined ? 'n/a' : `${(torchSeconds / cached).toFixed(0)}x`} |`,
    );
  }
  model.dispose();
}

if (import.meta.url === `file://${process.argv[1]}`) await benchSample();
