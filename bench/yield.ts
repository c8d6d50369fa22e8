// What yielding to the event loop costs: the bundled MNIST model on the wasm backend, each task
// run with yielding on and off, alternately, in the same process; the medians compared.
// Sampling yields after every row (28 per digit), logProb between chunks (one per image here,
// batchSize 1, the most yields per image), fit between steps.
import { PixelCNNPP } from '../src/index.js';
import { setYielding, yieldToEventLoop } from '../src/util/yield.js';

const ROUNDS = 5;

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function seconds(task: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await task();
  return (performance.now() - start) / 1000;
}

export async function benchYield(): Promise<void> {
  const backend = (process.env.BENCH_BACKEND as 'wasm' | 'cpu' | 'webgpu' | undefined) ?? 'wasm';
  const model = await PixelCNNPP.load(undefined, { backend });
  const digits = { data: new Uint8Array(16 * 784).map((_, i) => (i * 7919) % 256 > 200 ? 255 : 0), shape: [16, 28, 28, 1] as const };
  const labels = Array.from({ length: 16 }, (_, i) => i % 10);
  const trainee = await PixelCNNPP.create({ height: 28, width: 28, channels: 1, nrResnet: 1, nrFilters: 32, nrLogisticMix: 5, numClasses: 10 }, { backend });
  await trainee.fit(digits, { labels, epochs: 1, batchSize: 16 }); // the data-dependent init, off the clock
  let epochs = 1;
  const tasks: Array<[string, string, () => Promise<unknown>]> = [
    ['sample, 1 digit', '28 (a row)', () => model.sample({ seed: 1, labels: 3 })],
    ['logProb, 16 digits, batchSize 1', '16 (a chunk)', () => model.logProb(digits, { labels, batchSize: 1 })],
    ['fit, 4 steps of 4 digits', '4 (a step)', () => trainee.fit(digits, { labels, epochs: ++epochs, batchSize: 4 })],
  ];
  await model.sample({ seed: 0, labels: 1 }); // warm-up
  console.log(`yielding to the event loop, the bundled model, ${backend} backend; median of ${ROUNDS} alternating runs each\n`);
  console.log('| task | yields | yielding off, s | yielding on, s | cost |');
  console.log('|---|---|---:|---:|---:|');
  for (const [name, yields, task] of tasks) {
    const on: number[] = [];
    const off: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      setYielding(false);
      off.push(await seconds(task));
      setYielding(true);
      on.push(await seconds(task));
    }
    const [a, b] = [median(off), median(on)];
    console.log(`| ${name} | ${yields} | ${a.toFixed(3)} | ${b.toFixed(3)} | ${(((b - a) / a) * 100).toFixed(1)}% |`);
  }
  setYielding(true);
  // The yield alone, so the cost above can be told from the machine's noise.
  const count = 10_000;
  const each = (await seconds(async () => {
    for (let i = 0; i < count; i++) await yieldToEventLoop();
  })) / count;
  console.log(`\none yield on an idle event loop: ${(each * 1e6).toFixed(1)} µs (${count} timed)`);
  model.dispose();
  trainee.dispose();
}
