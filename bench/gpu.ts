// The GPU run (`npm run bench:gpu`, through bench/gpu.sh): the WebGPU backend in Node through
// Dawn on the machine's GPU (Vulkan), with PyTorch on CUDA beside it when it is installed, in one
// table:
// - the fixtures: network output and per-image log-likelihood against the independent values,
//   and a sampled batch against the cpu backend with the same seed;
// - logProb, the paper's CIFAR-10 configuration (random weights), images/s at batch 1, 16, 64;
// - cached sampling, seconds per image at batch 1 and 16 (four rows, every resolution's cycle,
//   scaled to the image), beside PyTorch's naive sampler (a few pixel steps, scaled).
// A software adapter (SwiftShader, llvmpipe) is refused in one line unless `--swiftshader` is
// given, which also shrinks the configuration so the whole run proves itself on a CPU.
import { PixelCNNPP, randomTensors } from '../src/index.js';
import type { ModelConfig } from '../src/index.js';
import { loadFixture } from '../test/helpers/fixtures.js';
import type { FixtureName } from '../test/helpers/fixtures.js';
import { runTorch, torchAvailable, torchCudaAvailable } from './torch-side.js';

const swiftshader = process.argv.includes('--swiftshader');
const CONFIG: ModelConfig = swiftshader
  ? { height: 8, width: 8, channels: 3, nrResnet: 1, nrFilters: 8, nrLogisticMix: 3 }
  : { height: 32, width: 32, channels: 3, nrResnet: 5, nrFilters: 160, nrLogisticMix: 10 };
const CONFIG_NAME = swiftshader ? '8x8x3, nrResnet 1, nrFilters 8 (--swiftshader)' : 'CIFAR-10 (32x32x3, nrResnet 5, nrFilters 160)';
const LOGPROB_BATCHES = [1, 16, 64];
const SAMPLE_BATCHES = [1, 16];
const SAMPLE_ROWS = 4;
/** Seconds each logProb measurement runs for (at least two batches). */
const LOGPROB_SECONDS = swiftshader ? 1 : 5;
const SOFTWARE_ADAPTER = /swiftshader|llvmpipe|lavapipe|software/i;
/** Images sampled per fixture and compared with the cpu backend's (one on SwiftShader, which is slow). */
const FIXTURE_SAMPLES = swiftshader ? 1 : 4;

type Row = [string, string, string, string];
const rows: Row[] = [];
let failed = false;

function fail(message: string): never {
  console.error(`bench:gpu: ${message}`);
  process.exit(1);
}

function note(message: string): void {
  console.error(`[${(performance.now() / 1000).toFixed(0).padStart(3)} s] ${message}`);
}

/** The fixtures on WebGPU: returns the adapter's description. */
async function checkFixtures(): Promise<string> {
  let info = '';
  for (const name of ['tiny-rgb', 'tiny-gray'] as FixtureName[]) {
    const fixture = loadFixture(name);
    let model: PixelCNNPP;
    try {
      model = await PixelCNNPP.load(fixture.weights, { backend: 'webgpu' });
    } catch (error) {
      fail(`no GPU adapter: ${(error as Error).message.split('\n')[0]}`);
    }
    info = model.backendInfo;
    if (SOFTWARE_ADAPTER.test(info) && !swiftshader) {
      model.dispose();
      fail(`the only WebGPU adapter is a software one (${info}), not a GPU; check the GPU's Vulkan driver (vulkaninfo), or pass --swiftshader to exercise this script on the CPU.`);
    }
    const { height, width, channels, n_images } = fixture.config;
    const images = { data: fixture.images, shape: [n_images, height, width, channels] as [number, number, number, number] };
    const expected = fixture.expected as unknown as { output_image0: { data: number[] }; log_likelihood_nats: number[] };
    const out = await model.forward(images);
    let outputError = 0;
    expected.output_image0.data.forEach((want, i) => (outputError = Math.max(outputError, Math.abs(out[i]! - want))));
    const { nats } = await model.logProb(images);
    let natsError = 0;
    expected.log_likelihood_nats.forEach((want, i) => (natsError = Math.max(natsError, Math.abs(nats[i]! - want) / Math.abs(want))));
    const gpuSample = (await model.sample({ seed: 2024, count: FIXTURE_SAMPLES })).data;
    model.dispose();
    const cpu = await PixelCNNPP.load(fixture.weights, { backend: 'cpu' });
    const cpuSample = (await cpu.sample({ seed: 2024, count: FIXTURE_SAMPLES })).data;
    cpu.dispose();
    let same = 0;
    for (let i = 0; i < cpuSample.length; i++) if (cpuSample[i] === gpuSample[i]) same++;
    const agreement = same / cpuSample.length;
    const pass = outputError < 1e-4 && natsError < 1e-3 && agreement >= 0.99;
    failed ||= !pass;
    rows.push([
      `fixture ${name}: output max abs error, nats max relative error, sampled sub-pixels as on cpu`,
      `${pass ? 'pass' : 'FAIL'}: ${outputError.toExponential(1)}, ${natsError.toExponential(1)}, ${(100 * agreement).toFixed(1)}%`,
      '',
      '',
    ]);
    note(`fixture ${name}: ${pass ? 'pass' : 'FAIL'}`);
  }
  return info;
}

function randomImages(n: number): { data: Uint8Array; shape: [number, number, number, number] } {
  const { height = 32, width = 32, channels = 3 } = CONFIG;
  const data = new Uint8Array(n * height * width * channels);
  for (let i = 0; i < data.length; i++) data[i] = (i * 2654435761) >>> 24;
  return { data, shape: [n, height, width, channels] };
}

async function logProbRate(model: PixelCNNPP, batch: number): Promise<number> {
  const images = randomImages(batch);
  await model.logProb(images, { batchSize: batch }); // warm-up: shaders compile
  let done = 0;
  const start = performance.now();
  while (performance.now() - start < LOGPROB_SECONDS * 1000 || done < 2 * batch) {
    await model.logProb(images, { batchSize: batch });
    done += batch;
  }
  return done / ((performance.now() - start) / 1000);
}

async function sampleSeconds(model: PixelCNNPP, batch: number): Promise<number> {
  const { height = 32, width = 32 } = CONFIG;
  const mask = new Uint8Array(height * width).fill(1);
  mask.fill(0, 0, SAMPLE_ROWS * width);
  const images = randomImages(batch);
  await model.complete(randomImages(batch), { mask: new Uint8Array(height * width).fill(1).fill(0, 0, 2), seed: 1, batchSize: batch }); // warm-up
  const start = performance.now();
  await model.complete(images, { mask, seed: 3, batchSize: batch });
  return ((performance.now() - start) / 1000) * (height / SAMPLE_ROWS) / batch;
}

const torchConfig = ['--size', String(CONFIG.height), '--channels', String(CONFIG.channels), '--nr-resnet', String(CONFIG.nrResnet),
  '--nr-filters', String(CONFIG.nrFilters), '--nr-logistic-mix', String(CONFIG.nrLogisticMix)];

async function main(): Promise<void> {
  note('checking the fixtures on WebGPU');
  const adapter = await checkFixtures();
  const torchDevice = torchCudaAvailable() ? 'cuda' : swiftshader && torchAvailable() ? 'cpu' : undefined;
  const torch = (args: string[]) => (torchDevice === undefined ? undefined : runTorch([...args, '--device', torchDevice, ...torchConfig]));
  const model = await PixelCNNPP.load({ config: CONFIG, tensors: randomTensors(CONFIG, 1) }, { backend: 'webgpu' });
  const ratio = (ours: number | undefined, theirs: number | undefined, higherIsBetter: boolean) =>
    ours === undefined || theirs === undefined ? 'n/a' : `${(higherIsBetter ? theirs / ours : ours / theirs).toFixed(2)}x`;
  for (const batch of LOGPROB_BATCHES) {
    note(`logProb, batch ${batch}`);
    const ours = await logProbRate(model, batch);
    const theirs = torch(['--logprob', '--batch', String(batch), '--seconds', String(LOGPROB_SECONDS)]);
    const rate = theirs ? Number(theirs.images_per_s) : undefined;
    rows.push([`logProb, batch ${batch}: images/s`, ours.toFixed(2), rate?.toFixed(2) ?? 'n/a', ratio(ours, rate, true)]);
  }
  for (const batch of SAMPLE_BATCHES) {
    note(`sampling, batch ${batch}`);
    const ours = await sampleSeconds(model, batch);
    const theirs = torch(['--sample', '--batch', String(batch), '--pixels', String(swiftshader ? 4 : 32)]);
    const seconds = theirs ? Number(theirs.seconds_per_image_estimate) : undefined;
    rows.push([
      `sample, batch ${batch}: s/image (ours cached, ${SAMPLE_ROWS} rows scaled; PyTorch naive, scaled)`,
      ours.toFixed(3),
      seconds?.toFixed(3) ?? 'n/a',
      ratio(ours, seconds, false),
    ]);
  }
  model.dispose();

  console.log(`\nWebGPU in Node through Dawn: ${adapter}; config ${CONFIG_NAME}`);
  console.log(`PyTorch: ${torchDevice === undefined ? 'no CUDA device (or not installed)' : `Debian python3-torch on ${torchDevice}`}\n`);
  console.log('| measurement | pixelcnnpp, WebGPU | PyTorch | pixelcnnpp time / PyTorch time |');
  console.log('|---|---|---|---|');
  for (const row of rows) console.log(`| ${row.join(' | ')} |`);
  if (failed) fail('a fixture check failed (see the table).');
}

await main();
process.exit(0);
