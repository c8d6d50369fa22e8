// Training throughput of the bundled model's configuration (28x28x1, nrResnet 1, nrFilters 32,
// 5 mixtures, 10 classes): one thread against data-parallel workers (`fit({ workers })`), at
// 16 images a step and at 16 images per thread, side by side in one run. The first step of
// each run (the data-dependent initialisation and the workers' start-up) is not timed.
import { availableParallelism } from 'node:os';
import { PixelCNNPP } from '../src/index.js';
import { mulberry32 } from '../src/util/mulberry32.js';

const CONFIG = { height: 28, width: 28, channels: 1 as const, nrResnet: 1, nrFilters: 32, nrLogisticMix: 5, numClasses: 10, dropout: 0.1 };
const TIMED_STEPS = 6;

/** Seconds per step of `workers` threads and `batch` images over `TIMED_STEPS` steps. */
async function secondsPerStep(backend: 'wasm' | 'cpu', workers: number, batch: number): Promise<number> {
  const model = await PixelCNNPP.create(CONFIG, { backend, seed: 0 });
  const n = batch * (TIMED_STEPS + 1);
  const random = mulberry32(1);
  const data = Uint8Array.from({ length: n * 784 }, () => (random() < 0.8 ? 0 : Math.floor(random() * 256)));
  const labels = Array.from({ length: n }, (_, i) => i % 10);
  let timedFrom = 0;
  let end = 0;
  await model.fit({ data, shape: [n, 28, 28, 1] }, {
    labels, epochs: 1, batchSize: batch, workers,
    onProgress: ({ step }) => {
      if (step === 1) timedFrom = performance.now();
      end = performance.now();
    },
  });
  model.dispose();
  return (end - timedFrom) / 1000 / TIMED_STEPS;
}

export async function benchTrain(): Promise<void> {
  const backend = (process.env.BENCH_BACKEND as 'wasm' | 'cpu' | undefined) ?? 'wasm';
  const cores = availableParallelism();
  const threads = [...new Set([2, cores])];
  console.log(`training steps, bundled model's config, ${backend} backend, ${cores} cores; ${TIMED_STEPS} steps timed\n`);
  console.log('| threads | batch | s/step | images/s | images/s vs 1 thread, batch 16 |');
  console.log('|---|---|---|---|---|');
  let single = 0;
  for (const [workers, batch] of [[1, 16], ...threads.flatMap((k) => [[k, 16], [k, 16 * k]])] as Array<[number, number]>) {
    const rate = batch / (await secondsPerStep(backend, workers, batch));
    if (workers === 1) single = rate;
    console.log(`| ${workers} | ${batch} | ${(batch / rate).toFixed(2)} | ${rate.toFixed(1)} | ${(rate / single).toFixed(2)}x |`);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await benchTrain();
