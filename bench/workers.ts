// Inference on worker threads (`load(source, { workers })`) against one thread, side by side in
// one run: the bundled MNIST model on the wasm backend, `logProb` and `sample` (cached) at a few
// batch sizes. Each call is timed in wall time and in the process's CPU time (every thread's):
// where other work shares the cores, wall-clock speed-ups shrink, while the CPU time still says
// what the split costs. "cpu-bound speed-up" is 2 x cpu(1 thread) / cpu(2 threads): the speed-up
// on two otherwise idle cores if the shares are balanced.
import { availableParallelism, loadavg } from 'node:os';
import { PixelCNNPP, randomTensors } from '../src/index.js';
import { resolveConfig } from '../src/config.js';

interface Time {
  wall: number;
  cpu: number;
}

async function timed(fn: () => Promise<unknown>): Promise<Time> {
  const cpu = process.cpuUsage();
  const start = performance.now();
  await fn();
  const used = process.cpuUsage(cpu);
  return { wall: (performance.now() - start) / 1000, cpu: (used.user + used.system) / 1e6 };
}

/**
 * Median wall and CPU times of each call over `rounds` rounds, each running every call `block`
 * times in a row: the rounds take turns so that drift in the machine hits every call alike, and
 * a call is repeated within a round because each model holds its own copy of the weights (2.3 MB
 * for the bundled model, more than a core's L2 cache): alternating single calls of two models
 * makes every call fetch its weights back into the caches, which a program calling one model
 * does not pay (on the 2-core machine of README's table: 12.6 ms against 11.8 ms for 2 digits
 * on 2 threads).
 */
async function sideBySide(rounds: number, block: number, ...calls: Array<() => Promise<unknown>>): Promise<Time[]> {
  const times = calls.map((): Time[] => []);
  for (let round = 0; round < rounds; round++) {
    for (const [i, call] of calls.entries()) {
      for (let j = 0; j < block; j++) times[i]!.push(await timed(call));
    }
  }
  const median = (list: Time[]) => {
    const wall = list.map((t) => t.wall).sort((x, y) => x - y);
    const cpu = list.map((t) => t.cpu).sort((x, y) => x - y);
    return { wall: wall[list.length >> 1]!, cpu: cpu[list.length >> 1]! };
  };
  return times.map(median);
}

/**
 * Steady state: each thread compiles its WebAssembly and JavaScript in tiers as they run hot,
 * and a worker's code starts cold where the main thread's is already warm, so every call is
 * run a few times on both models before it is timed.
 */
async function warm(calls: number, a: () => Promise<unknown>, b: () => Promise<unknown>): Promise<void> {
  for (let i = 0; i < calls; i++) {
    await a();
    await b();
  }
}

const digits = (n: number, model: PixelCNNPP) => model.sample(1, { count: n });

/**
 * `sample` of n digits from 4 up: [rounds, calls a turn]. 4 digits, 2 a thread, is the smallest
 * split whose shares are batches; its calls are short, so it gets more rounds.
 */
const SAMPLE_TIMING: Record<number, [number, number]> = { 4: [8, 5], 16: [3, 3], 64: [5, 1] };

export async function benchWorkers(): Promise<void> {
  const threads = 2;
  const one = await PixelCNNPP.load({ backend: 'wasm' });
  const many = await PixelCNNPP.load({ backend: 'wasm', workers: threads });
  const load = loadavg().map((x) => x.toFixed(2)).join(', ');
  console.log(`bundled MNIST model, wasm backend, ${threads} threads against 1; ${availableParallelism()} cores; load average before: ${load}`);
  console.log('| call | images | 1 thread wall / cpu (s) | 2 threads wall / cpu (s) | wall speed-up | cpu-bound speed-up |');
  console.log('|---|---|---|---|---|---|');
  const s = (t: number) => t.toFixed(t < 0.1 ? 4 : 3);
  const row = (call: string, n: number, a: Time, b: Time) =>
    console.log(
      `| ${call} | ${n} | ${s(a.wall)} / ${s(a.cpu)} | ${s(b.wall)} / ${s(b.cpu)} | ` +
        `${(a.wall / b.wall).toFixed(2)}x | ${((threads * a.cpu) / b.cpu).toFixed(2)}x |`,
    );

  // Warm both (the workers start and compile on their first call); the results must agree.
  const probe = await digits(4, one);
  const same = await digits(4, many);
  if (!probe.data.every((v, i) => v === same.data[i])) throw new Error('workers: the threads drew different images');
  for (const n of [2, 16, 64]) {
    const images = await digits(n, one);
    const [a, b] = [() => one.logProb(images), () => many.logProb(images)];
    await warm(n > 16 ? 2 : 10, a, b);
    const [oneThread, twoThreads] = await sideBySide(n > 2 ? 3 : 8, n > 16 ? 1 : n > 2 ? 3 : 5, a, b);
    row('logProb', n, oneThread!, twoThreads!);
  }
  let bound = '';
  for (const n of [2, 4, 16, 64]) {
    const [a, b] = [() => digits(n, one), () => digits(n, many)];
    await warm(n > 16 ? 3 : 40, a, b);
    if (n > 2) {
      const [rounds, block] = SAMPLE_TIMING[n]!;
      const [oneThread, twoThreads] = await sideBySide(rounds, block, a, b);
      row('sample', n, oneThread!, twoThreads!);
      continue;
    }
    // A split of 2 images runs one image per thread, and one image costs more than half of two
    // (the per-pixel work that does not grow with the batch), which bounds the speed-up.
    const [oneThread, twoThreads, single] = await sideBySide(12, 10, a, b, () => digits(1, one));
    row('sample', n, oneThread!, twoThreads!);
    bound =
      `one digit on one thread: ${(single!.wall * 1000).toFixed(2)} ms; so 2 digits on 2 threads can at best reach ` +
      `${(oneThread!.wall / single!.wall).toFixed(2)}x (time of 2 digits / time of 1, one thread)`;
  }
  console.log(bound);

  // What a split costs beyond the work itself: a model so small that a call is mostly hand-over
  // (the call to the worker, its reply back), 2 images on 2 threads against 1 on 1 thread.
  {
    const config = { height: 8, width: 8, channels: 1 as const, nrResnet: 1, nrFilters: 16, nrLogisticMix: 2 };
    const source = { config, tensors: randomTensors(resolveConfig(config), 1) };
    const [tinyOne, tinyMany] = [await PixelCNNPP.load(source, { backend: 'wasm' }), await PixelCNNPP.load(source, { backend: 'wasm', workers: threads, warmup: true })];
    const [a, b] = [() => tinyOne.sample(1), () => tinyMany.sample(1, { count: 2 })];
    await warm(200, a, b);
    const [single, split] = (await sideBySide(4, 50, a, b)) as [Time, Time];
    const ms = (t: number) => (t * 1000).toFixed(3);
    console.log(
      `\nhand-over (8x8 model, 16 filters): sample of 1 image on 1 thread ${ms(single.wall)} ms, of 2 on ${threads} threads ` +
        `${ms(split.wall)} ms: a split costs ${ms(split.wall - single.wall)} ms beyond the second thread's image`,
    );
    tinyOne.dispose();
    tinyMany.dispose();
  }

  // One image is not split; the worker is lent to its stepper instead, which hands it half of
  // each row-wide kernel call (src/sampling/step-helper.ts).
  console.log('\none image, a worker lent to its stepper (the same bytes as one thread):\n');
  console.log('| model | 1 thread wall / cpu (s) | 2 threads wall / cpu (s) | wall speed-up |');
  console.log('|---|---|---|---|');
  const helped = (name: string, a: Time, b: Time) =>
    console.log(`| ${name} | ${a.wall.toFixed(4)} / ${a.cpu.toFixed(4)} | ${b.wall.toFixed(4)} / ${b.cpu.toFixed(4)} | ${(a.wall / b.wall).toFixed(2)}x |`);
  {
    const [a, b] = [() => one.sample(1), () => many.sample(1)];
    const [x, y] = [await a(), await b()];
    if (!x.data.every((v, i) => v === y.data[i])) throw new Error('workers: the helped stepper drew another image');
    await warm(40, a, b);
    helped('bundled MNIST model, 1 digit', ...((await sideBySide(4, 10, a, b)) as [Time, Time]));
  }
  one.dispose();
  many.dispose();
  const cifar = { config: CIFAR, tensors: randomTensors(resolveConfig(CIFAR), 1) };
  const [cifarOne, cifarMany] = [await PixelCNNPP.load(cifar, { backend: 'wasm' }), await PixelCNNPP.load(cifar, { backend: 'wasm', workers: threads, warmup: true })];
  {
    const [a, b] = [() => cifarOne.sample(1), () => cifarMany.sample(1)];
    await warm(1, a, b);
    helped('CIFAR-10 configuration (random weights), 1 image', ...((await sideBySide(3, 1, a, b)) as [Time, Time]));
  }
  cifarOne.dispose();
  cifarMany.dispose();
  console.log(`load average after: ${loadavg().map((x) => x.toFixed(2)).join(', ')}`);
}

/** The paper's CIFAR-10 configuration (as in bench/sample.ts). */
const CIFAR = { height: 32, width: 32, channels: 3 as const, nrResnet: 5, nrFilters: 160, nrLogisticMix: 10 };
