// `npm run bench:quiet [-- --under MS]`: is the host quiet enough to benchmark? One process per
// core, all at once, each samples digits with the bundled model on the wasm backend (20 warm
// calls, then 30 timed) and prints its median. Exits 0 when every core's median is under the
// threshold, 1 otherwise. On a virtual machine the load comes from outside it and the load
// average cannot see it; a digit's time on every core at once can.
import { spawn } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';

const WARM_CALLS = 20;
const TIMED_CALLS = 30;

async function probeOneCore(): Promise<void> {
  const { PixelCNNPP } = await import('../src/index.js');
  const model = await PixelCNNPP.load({ backend: 'wasm' });
  for (let seed = 0; seed < WARM_CALLS; seed++) await model.sample(seed);
  const times: number[] = [];
  for (let seed = 0; seed < TIMED_CALLS; seed++) {
    const start = performance.now();
    await model.sample(seed);
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  console.log(JSON.stringify({ min: times[0], median: times[TIMED_CALLS >> 1] }));
  model.dispose();
}

function runProbe(): Promise<{ min: number; median: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), '--probe'], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) reject(new Error(`probe process exited with code ${code}`));
      else resolve(JSON.parse(out.trim().split('\n').pop()!));
    });
  });
}

if (process.argv.includes('--probe')) {
  await probeOneCore();
} else {
  const at = process.argv.indexOf('--under');
  const threshold = at >= 0 ? Number(process.argv[at + 1]) : 14.5;
  if (!(threshold > 0)) {
    console.error(`--under: expected a positive number of milliseconds, got ${process.argv[at + 1]}`);
    process.exit(2);
  }
  const cores = availableParallelism();
  const results = await Promise.all(Array.from({ length: cores }, runProbe));
  const quiet = results.every((r) => r.median < threshold);
  const each = results.map((r, i) => `core ${i + 1}: median ${r.median.toFixed(1)} ms (fastest ${r.min.toFixed(1)})`);
  console.log(`${each.join('; ')}: ${quiet ? 'quiet' : 'busy'} (threshold ${threshold} ms a digit)`);
  process.exit(quiet ? 0 : 1);
}
