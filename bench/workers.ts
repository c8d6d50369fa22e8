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

/** The run of median wall time among `runs`. */
async function median(runs: number, fn: () => Promise<unknown>): Promise<Time> {
  const times: Time[] = [];
  for (let i = 0; i < runs; i++) times.push(await timed(fn));
  times.sort((a, b) => a.wall - b.wall);
  return times[Math.floor(runs / 2)]!;
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
    await many.logProb(images);
    const runs = n > 16 ? 3 : 5;
    const a = await median(runs, () => one.logProb(images));
    const b = await median(runs, () => many.logProb(images));
    row('logProb', n, a, b);
  }
  for (const n of [2, 16, 64]) {
    const a = await median(3, () => digits(n, one));
    const b = await median(3, () => digits(n, many));
    row('sample', n, a, b);
  }
  console.log(`load average after: ${loadavg().map((x) => x.toFixed(2)).join(', ')}`);
  one.dispose();
  many.dispose();
}
