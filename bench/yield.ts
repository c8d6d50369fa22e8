// What yielding to the event loop costs: the bundled MNIST model on the wasm backend, each task
// run with yielding on and off, alternately (in both orders), in the same process; the medians
// of the process's CPU time compared (wall time too, which a busy machine makes noisy).
// Sampling gives a turn after the row that ends each 4 ms of work (`TurnPacer`; a digit's rows
// take about half a millisecond), shown beside a turn after every row (28 per digit); logProb
// yields between chunks (one per image here, batchSize 1, the most yields per image), fit
// between steps.
import { PixelCNNPP } from '../src/index.js';
import { DEFAULT_TURN_INTERVAL_MS, setTurnInterval, setYielding, yieldToEventLoop } from '../src/util/yield.js';

const ROUNDS = 9;
const PACED_CALLS = 150;
const SAMPLE_CALLS = 10;

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/**
 * CPU seconds (user + system) and wall seconds of one run of `task`, and of a few event-loop
 * turns after it: V8 runs deferred work (garbage collection steps) between macrotasks, so
 * without them a run that never yields would leave that work to be charged to the next run.
 */
async function measure(task: () => Promise<unknown>): Promise<{ cpu: number; wall: number }> {
  const cpu = process.cpuUsage();
  const start = performance.now();
  await task();
  for (let i = 0; i < 10; i++) await new Promise((resolve) => setTimeout(resolve, 1));
  const used = process.cpuUsage(cpu);
  return { cpu: (used.user + used.system) / 1e6, wall: (performance.now() - start) / 1000 };
}

/** The turns of the event loop during one run of `task` (a chain of immediates counts them). */
async function turnsDuring(task: () => Promise<unknown>): Promise<number> {
  let turns = 0;
  let counting = true;
  const count = () => {
    if (!counting) return;
    turns++;
    setImmediate(count);
  };
  setImmediate(count);
  await task();
  counting = false;
  return turns;
}

export async function benchYield(): Promise<void> {
  const backend = (process.env.BENCH_BACKEND as 'wasm' | 'cpu' | 'webgpu' | undefined) ?? 'wasm';
  const model = await PixelCNNPP.load({ backend });
  const digits = { data: new Uint8Array(16 * 784).map((_, i) => (i * 7919) % 256 > 200 ? 255 : 0), shape: [16, 28, 28, 1] as const };
  const labels = Array.from({ length: 16 }, (_, i) => i % 10);
  const trainee = await PixelCNNPP.create({ height: 28, width: 28, channels: 1, nrResnet: 1, nrFilters: 32, nrLogisticMix: 5, numClasses: 10 }, { backend });
  await trainee.fit(digits, { labels, epochs: 1, batchSize: 16 }); // the data-dependent init, off the clock
  let epochs = 1;
  // Ten calls a run: one digit's 14 ms is too short against the background threads (wasm
  // tier-up, concurrent GC) that the process's CPU time also counts.
  const sampleDigits = async () => {
    for (let seed = 1; seed <= SAMPLE_CALLS; seed++) await model.sample({ seed, labels: 3 });
  };
  // [name, the turn interval it runs with, task]
  const tasks: Array<[string, number, () => Promise<unknown>]> = [
    [`sample, ${SAMPLE_CALLS} calls of 1 digit (a turn every ${DEFAULT_TURN_INTERVAL_MS} ms)`, DEFAULT_TURN_INTERVAL_MS, sampleDigits],
    [`sample, ${SAMPLE_CALLS} calls of 1 digit (a turn after every row)`, 0, sampleDigits],
    ['logProb, 16 digits, batchSize 1', DEFAULT_TURN_INTERVAL_MS, () => model.logProb(digits, { labels, batchSize: 1 })],
    ['fit, 4 steps of 4 digits', DEFAULT_TURN_INTERVAL_MS, () => trainee.fit(digits, { labels, epochs: ++epochs, batchSize: 4 })],
  ];
  await model.sample({ seed: 0, labels: 1 }); // warm-up
  setYielding(true);
  // The yield alone: times the number of yields, the cost that noise cannot hide.
  const count = 10_000;
  const started = performance.now();
  for (let i = 0; i < count; i++) await yieldToEventLoop();
  const each = (performance.now() - started) / 1000 / count;
  console.log(`yielding to the event loop, the bundled model, ${backend} backend; median of ${ROUNDS} alternating runs each; one yield ${(each * 1e6).toFixed(1)} µs (${count} timed)\n`);
  console.log('| task | yields | CPU s, yielding off | CPU s, yielding on | measured difference | yields x one yield | wall s, off | wall s, on |');
  console.log('|---|---|---:|---:|---:|---:|---:|---:|');
  for (const [name, interval, task] of tasks) {
    setTurnInterval(interval);
    const yields = await turnsDuring(task);
    await measure(task); // a second warm-up, with the timing's own turns
    const runs = { off: [] as Array<{ cpu: number; wall: number }>, on: [] as Array<{ cpu: number; wall: number }> };
    for (let round = 0; round < ROUNDS; round++) {
      for (const mode of round % 2 ? (['on', 'off'] as const) : (['off', 'on'] as const)) {
        setYielding(mode === 'on');
        runs[mode].push(await measure(task));
      }
    }
    const cpu = { off: median(runs.off.map((r) => r.cpu)), on: median(runs.on.map((r) => r.cpu)) };
    const wall = { off: median(runs.off.map((r) => r.wall)), on: median(runs.on.map((r) => r.wall)) };
    console.log(
      `| ${name} | ${yields} | ${cpu.off.toFixed(3)} | ${cpu.on.toFixed(3)} | ${(((cpu.on - cpu.off) / cpu.off) * 100).toFixed(1)}% | ` +
        `${((yields * each) / cpu.off * 100).toFixed(2)}% | ` +
        `${wall.off.toFixed(3)} | ${wall.on.toFixed(3)} |`,
    );
  }
  setYielding(true);

  // Wall time, which the table's single runs leave to noise: `sample` with its turns paced and
  // with a turn after every row, single calls alternating, so the host's drift hits both alike.
  console.log(`\nsample, paced turns (every ${DEFAULT_TURN_INTERVAL_MS} ms) against a turn after every row: median wall time of ${PACED_CALLS} alternating calls each (ms)\n`);
  console.log('| digits | paced | every row | every row / paced |');
  console.log('|---|---:|---:|---:|');
  for (const count of [1, 2]) {
    for (let i = 0; i < 20; i++) await model.sample(i, { count });
    const times = { paced: [] as number[], row: [] as number[] };
    for (let call = 0; call < 2 * PACED_CALLS; call++) {
      const mode = call % 2 ? 'row' : 'paced';
      setTurnInterval(mode === 'row' ? 0 : DEFAULT_TURN_INTERVAL_MS);
      const start = performance.now();
      await model.sample(call, { count });
      times[mode].push(performance.now() - start);
    }
    const paced = median(times.paced);
    const row = median(times.row);
    console.log(`| ${count} | ${paced.toFixed(2)} | ${row.toFixed(2)} | ${(row / paced).toFixed(3)}x |`);
  }
  setTurnInterval(DEFAULT_TURN_INTERVAL_MS);
  model.dispose();
  trainee.dispose();
}
