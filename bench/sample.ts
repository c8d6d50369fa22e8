// Sampling speed on the wasm backend.
//
// 1. Batch 1 against the compute floor: one forward pass of the network (every activation once,
//    which is what cached generation computes in all) beside one sampled image, with the step
//    kernels (the default on wasm) and with the same schedule on tfjs ops (CachedStepper, the
//    default before them), for the bundled MNIST model and the paper's CIFAR-10 configuration
//    (random weights). Each time is given as wall time and as the process's CPU time: the work
//    runs on one thread, so on an idle machine the two agree, and where other work shares the
//    cores the CPU time still measures our cost (the ratios are taken from it).
// 2. Cached against naive generation with the CIFAR-10 configuration: cached timed over a whole
//    image at batch 1 and over four rows (one full cycle of the three resolutions) scaled to 32 at
//    batch 16; naive over a few pixel steps (each a full forward pass of the batch) scaled to
//    1024; PyTorch's naive sampler on the same CPU (1 thread) likewise.
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs-core';
import { resolveBackend } from '../src/backends/registry.js';
type ResolvedBackend = Awaited<ReturnType<typeof resolveBackend>>;
import type { ModelConfig } from '../src/config.js';
import { configFromMetadata, resolveConfig } from '../src/config.js';
import { PixelCNNPP, loadMixtureKernel, parseSafetensors, randomTensors } from '../src/index.js';
import type { MixtureKernel } from '../src/index.js';
import { PixelCNNNet } from '../src/network/pixelcnn-net.js';
import { CachedStepper } from '../src/sampling/cached-stepper.js';
import { generate } from '../src/sampling/sampler.js';
import type { PixelStepper } from '../src/sampling/stepper.js';
import { WasmCachedStepper } from '../src/sampling/wasm-cached-stepper.js';
import { foldWeights } from '../src/weights/weight-map.js';
import { runTorch, torchAvailable } from './torch-side.js';

const CIFAR = { height: 32, width: 32, channels: 3 as const, nrResnet: 5, nrFilters: 160, nrLogisticMix: 10 };
const PIXELS = 32 * 32;
/** Pixel steps timed per batch size: each is a whole forward pass of the batch. */
const NAIVE_STEPS: Record<number, number> = { 1: 4, 16: 2 };

interface Subject {
  name: string;
  net: PixelCNNNet;
  labels: Int32Array | undefined;
}

type StepperKind = 'kernels' | 'tfjs';

/** Seconds of wall time and of this process's CPU time. */
interface Time {
  wall: number;
  cpu: number;
}

/** Times `fn`; `scale` multiplies both (e.g. rows timed to a whole image). */
async function timed(fn: () => Promise<unknown>, scale = 1): Promise<Time> {
  const cpu = process.cpuUsage();
  const start = performance.now();
  await fn();
  const used = process.cpuUsage(cpu);
  return { wall: ((performance.now() - start) / 1000) * scale, cpu: ((used.user + used.system) / 1e6) * scale };
}

/** The run of median CPU time among `runs` runs of `fn`. */
async function median(runs: number, fn: () => Promise<Time>): Promise<Time> {
  const times: Time[] = [];
  for (let k = 0; k < runs; k++) times.push(await fn());
  return times.sort((a, b) => a.cpu - b.cpu)[Math.floor(runs / 2)]!;
}

/** One forward pass of one image (the parameters read back), after `warmups` untimed ones. */
async function forwardSeconds(runtime: ResolvedBackend, { net, labels }: Subject, warmups: number, runs: number): Promise<Time> {
  const { height, width, channels } = net.config;
  const run = () =>
    timed(() =>
      runtime.run(async () => {
        const x = tf.zeros([1, height, width, channels]) as tf.Tensor4D;
        const out = net.forward(x, labels?.subarray(0, 1));
        await out.data();
        tf.dispose([x, out]);
      }),
    );
  for (let k = 0; k < warmups; k++) await run();
  return median(runs, run);
}

/**
 * Time per image of cached generation of `rows` rows (scaled to the whole image) of `n` images,
 * with the given stepper; the draw is the model's (keyed Philox noise).
 */
async function cachedSeconds(runtime: ResolvedBackend, mixture: MixtureKernel, subject: Subject, kind: StepperKind, n: number, rows: number): Promise<Time> {
  const { net } = subject;
  const { width, channels, nrLogisticMix: nrMix, height } = net.config;
  const labels = subject.labels?.subarray(0, n);
  const options = { n, ...(labels ? { labels } : {}) };
  const pixels = rows * width;
  const keys = { seed: 1, imageIndex: Uint32Array.from({ length: n }, (_, i) => i) };
  return timed(async () => {
    const stepper: PixelStepper = await runtime.run(async (): Promise<PixelStepper> => (kind === 'kernels' ? WasmCachedStepper.create(net, options) : new CachedStepper(net, options)));
    try {
      await generate(stepper, mixture.pixelSampler({ pixels: n, channels, nrMix }, keys), { n, pixels, channels, width, run: (fn) => runtime.run(fn) });
    } finally {
      await runtime.run(() => stepper.dispose());
    }
  }, height / rows / n);
}

function mnistSubject(): Subject {
  const file = parseSafetensors(readFileSync(new URL('../models/mnist.safetensors', import.meta.url)));
  const config = resolveConfig(configFromMetadata(file.metadata));
  return { name: 'MNIST (bundled model, 28x28x1)', net: new PixelCNNNet(foldWeights(file.tensors, config), config), labels: Int32Array.from({ length: 16 }, (_, i) => i % 10) };
}

function cifarSubject(): Subject {
  const config: Required<ModelConfig> = resolveConfig(CIFAR);
  return { name: 'CIFAR-10 configuration (32x32x3, random weights)', net: new PixelCNNNet(foldWeights(randomTensors(config, 1), config), config), labels: undefined };
}

async function benchBatchOne(): Promise<void> {
  const runtime = await resolveBackend('wasm');
  const mixture = await loadMixtureKernel();
  console.log(`batch 1 against one forward pass, wasm backend (${runtime.info}), one thread; wall time (CPU time), the run of median CPU time; ratios of CPU times\n`);
  console.log('| model | forward pass, 1 image | sample 1 image, step kernels | ratio | sample 1 image, tfjs ops | ratio | step kernels speed-up |');
  console.log('|---|---|---|---|---|---|---|');
  // Warm-up runs first: the engine compiles hot code in tiers, so a small model's first calls
  // are slower than the steady state measured here.
  for (const [make, unit, warmups, runs, tfjsRows] of [
    [mnistSubject, 'ms', 30, 15, 28],
    [cifarSubject, 's', 1, 3, 4],
  ] as const) {
    const subject = await runtime.run(make);
    const scale = unit === 'ms' ? 1000 : 1;
    const forward = await forwardSeconds(runtime, subject, warmups, runs);
    const height = subject.net.config.height;
    // The first also lays out the weights in the step kernels' memory, once per network.
    for (let k = 0; k < warmups; k++) await cachedSeconds(runtime, mixture, subject, 'kernels', 1, height);
    const kernels = await median(runs, () => cachedSeconds(runtime, mixture, subject, 'kernels', 1, height));
    // The tfjs-op stepper over `tfjsRows` rows (all four resolutions' cycle), scaled.
    await cachedSeconds(runtime, mixture, subject, 'tfjs', 1, tfjsRows);
    const tfjs = await median(3, () => cachedSeconds(runtime, mixture, subject, 'tfjs', 1, tfjsRows));
    const digits = unit === 'ms' ? 1 : 2;
    const shown = ({ wall, cpu }: Time) => `${(wall * scale).toFixed(digits)} (${(cpu * scale).toFixed(digits)}) ${unit}`;
    console.log(
      `| ${subject.name} | ${shown(forward)} | ${shown(kernels)} | ${(kernels.cpu / forward.cpu).toFixed(1)}x | ${shown(tfjs)}` +
        `${tfjsRows < height ? ` (${tfjsRows} rows, scaled)` : ''} | ${(tfjs.cpu / forward.cpu).toFixed(1)}x | ${(tfjs.cpu / kernels.cpu).toFixed(1)}x |`,
    );
    await runtime.run(() => subject.net.dispose());
  }
  mixture.dispose();
}

/** Seconds per image of naive generation, from `steps` pixel steps (a forward pass each). */
async function naiveSecondsPerImage(model: PixelCNNPP, batch: number, steps = NAIVE_STEPS[batch]!): Promise<number> {
  // Completing images in which only the first `steps` pixels are unknown is exactly `steps`
  // naive steps: known pixels cost no forward pass.
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

async function benchCachedAgainstNaive(): Promise<void> {
  const backend = (process.env.BENCH_BACKEND as 'wasm' | 'cpu' | 'webgpu' | undefined) ?? 'wasm';
  const model = await PixelCNNPP.load({ config: CIFAR, tensors: randomTensors(CIFAR, 1) }, { backend });
  const torch = torchAvailable();
  await model.logProb({ data: new Uint8Array(PIXELS * 3), shape: [1, 32, 32, 3] }); // warm-up
  await cachedSecondsPerImage(model, 1, 1); // lays out the step kernels' weights once
  console.log(`\ncached against naive, CIFAR-10 config, ${backend} backend (${model.backendInfo}); naive timed over a few pixel steps, scaled to ${PIXELS}`);
  console.log(`PyTorch: ${torch ? 'Debian python3-torch, 1 thread, naive sampler' : 'not installed (apt-get install python3-torch)'}\n`);
  console.log('| batch | cached s/image | naive s/image | cached speed-up | PyTorch naive s/image | PyTorch naive / cached time |');
  console.log('|---|---|---|---|---|---|');
  for (const batch of [1, 16]) {
    // The first call at a batch size pays for its buffers and operator set-up: one of each first.
    await cachedSecondsPerImage(model, batch, 1);
    await naiveSecondsPerImage(model, batch, 1);
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

export async function benchSample(): Promise<void> {
  await benchBatchOne();
  if (process.env.BENCH_SAMPLE_QUICK === undefined) await benchCachedAgainstNaive();
}

if (import.meta.url === `file://${process.argv[1]}`) await benchSample();
