// Inference on worker threads (`load(source, { workers })`) against one thread, side by side in
// one run: the bundled MNIST model on the wasm backend, `logProb` and `sample` (cached) at a few
// batch sizes. Each call is timed in wall time and in the process's CPU time (every thread's):
// where other work shares the cores, wall-clock speed-ups shrink, while the CPU time still says
// what the split costs. "cpu-bound speed-up" is 2 x cpu(1 thread) / cpu(2 threads): the speed-up
// on two otherwise idle cores if the shares are balanced.
import { availableParallelism, loadavg } from 'node:os';
import { PixelCNNPP } from '../src/index.js';

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

/** Median wall and CPU times of `runs` runs of `a` and of `b`, run alternately so that drift in the machine hits both alike. */
async function sideBySide(runs: number, a: () => Promise<unknown>, b: () => Promise<unknown>): Promise<[Time, Time]> {
  const times: [Time[], Time[]] = [[], []];
  for (let i = 0; i < runs; i++) {
    times[0].push(await timed(a));
    times[1].push(await timed(b));
  }
  const median = (list: Time[]) => {
    const wall = list.map((t) => t.wall).sort((x, y) => x - y);
    const cpu = list.map((t) => t.cpu).sort((x, y) => x - y);
    return { wall: wall[runs >> 1]!, cpu: cpu[runs >> 1]! };
  };
  return [median(times[0]), median(times[1])];
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

export async function benchWorkers(): Promise<void> {
  const threads = 2;
  const one = await PixelCNNPP.load(undefined, { backend: 'wasm' });
  const many = await PixelCNNPP.load(undefined, { backend: 'wasm', workers: threads });
  const load = loadavg().map((x) => x.toFixed(2)).join(', ');
  console.log(`bundled MNIST model, wasm backend, ${threads} threads against 1; ${availableParallelism()} cores; load average before: ${load}`);
  console.log('| call | images | 1 thread wall / cpu (s) | 2 threads wall / cpu (s) | wall speed-up | cpu-bound speed-up |');
  console.log('|---|---|---|---|---|---|');
  const row = (call: string, n: number, a: Time, b: Time) =>
    console.log(
      `| ${call} | ${n} | ${a.wall.toFixed(3)} / ${a.cpu.toFixed(3)} | ${b.wall.toFixed(3)} / ${b.cpu.toFixed(3)} | ` +
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
    row('logProb', n, ...(await sideBySide(n > 16 ? 3 : 9, a, b)));
  }
  const sampled: Record<number, Time> = {};
  for (const n of [2, 16, 64]) {
    const [a, b] = [() => digits(n, one), () => digits(n, many)];
    await warm(n > 16 ? 3 : 40, a, b);
    const [oneThread, twoThreads] = await sideBySide(n > 16 ? 5 : 41, a, b);
    row('sample', n, oneThread, twoThreads);
    sampled[n] = oneThread;
  }
  // A split of 2 images runs one image per thread, and one image costs more than half of two
  // (the per-pixel work that does not grow with the batch), which bounds the speed-up.
  const [single] = await sideBySide(41, () => digits(1, one), () => digits(1, one));
  console.log(
    `one digit on one thread: ${(single.wall * 1000).toFixed(2)} ms; so 2 digits on 2 threads can at best reach ` +
      `${(sampled[2]!.wall / single.wall).toFixed(2)}x (time of 2 digits / time of 1, one thread)`,
  );
  console.log(`load average after: ${loadavg().map((x) => x.toFixed(2)).join(', ')}`);
  one.dispose();
  many.dispose();
}
