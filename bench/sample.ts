// Sampling speed on the wasm backend.
//
// 1. Batch 1 against the compute floor: one forward pass of the network (every activation once,
//    which is what cached generation computes in all) beside one sampled image, with the step
//    kernels (the default on wasm) and with the same schedule on tfjs ops (CachedStepper, the
//    default before them), for the bundled MNIST model and the paper's CIFAR-10 configuration
//    (random weights).
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

/** Median of `runs` timings of `fn`, in seconds. */
async function median(runs: number, fn: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let k = 0; k < runs; k++) {
    const start = performance.now();
    await fn();
    times.push((performance.now() - start) / 1000);
  }
  return times.sort((a, b) => a - b)[Math.floor(runs / 2)]!;
}

/** Seconds of one forward pass of one image (the parameters read back). */
async function forwardSeconds(runtime: ResolvedBackend, { net, labels }: Subject, runs: number): Promise<number> {
  const { height, width, channels } = net.config;
  const run = () =>
    runtime.run(async () => {
      const x = tf.zeros([1, height, width, channels]) as tf.Tensor4D;
      const out = net.forward(x, labels?.subarray(0, 1));
      await out.data();
      tf.dispose([x, out]);
    });
  await run();
  return median(runs, run);
}

/**
 * Seconds per image of cached generation of `rows` rows (scaled to the whole image) of `n`
 * images, with the given stepper; the draw is the model's (keyed Philox noise).
 */
async function cachedSeconds(runtime: ResolvedBackend, mixture: MixtureKernel, subject: Subject, kind: StepperKind, n: number, rows: number): Promise<number> {
  const { net } = subject;
  const { width, channels, nrLogisticMix: nrMix, height } = net.config;
  const labels = subject.labels?.subarray(0, n);
  const options = { n, ...(labels ? { labels } : {}) };
  const pixels = rows * width;
  const pixelIndex = new Uint32Array(n);
  const keys = { seed: 1, imageIndex: Uint32Array.from({ length: n }, (_, i) => i), pixelIndex };
  const start = performance.now();
  const stepper: PixelStepper = await runtime.run(async (): Promise<PixelStepper> => (kind === 'kernels' ? WasmCachedStepper.create(net, options) : new CachedStepper(net, options)));
  try {
    await generate(
      stepper,
      (params, p, out) => {
        pixelIndex.fill(p);
        mixture.sample(params, keys, { pixels: n, channels, nrMix }, { outU8: out });
      },
      { n, pixels, channels, width, run: (fn) => runtime.run(fn) },
    );
  } finally {
    await runtime.run(() => stepper.dispose());
  }
  return ((performance.now() - start) / 1000) * (height / rows) / n;
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
  console.log(`batch 1 against one forward pass, wasm backend (${runtime.info}), one thread; medians of the runs shown\n`);
  console.log('| model | forward pass, 1 image | sample 1 image, step kernels | ratio | sample 1 image, tfjs ops | ratio | step kernels speed-up |');
  console.log('|---|---|---|---|---|---|---|');
  for (const [make, unit, runs, tfjsRows] of [
    [mnistSubject, 'ms', 5, 28],
    [cifarSubject, 's', 3, 4],
  ] as const) {
    const subject = await runtime.run(make);
    const scale = unit === 'ms' ? 1000 : 1;
    const forward = await forwardSeconds(runtime, subject, runs);
    await cachedSeconds(runtime, mixture, subject, 'kernels', 1, 1); // lays out the weights once
    const height = subject.net.config.height;
    const kernels = await median(runs, () => cachedSeconds(runtime, mixture, subject, 'kernels', 1, height));
    // The tfjs-op stepper over `tfjsRows` rows (all four resolutions' cycle), scaled.
    const tfjs = await median(unit === 'ms' ? 3 : 1, () => cachedSeconds(runtime, mixture, subject, 'tfjs', 1, tfjsRows));
    const shown = (s: number) => `${(s * scale).toFixed(unit === 'ms' ? 1 : 2)} ${unit}`;
    console.log(
      `| ${subject.name} | ${shown(forward)} | ${shown(kernels)} | ${(kernels / forward).toFixed(1)}x | ${shown(tfjs)}` +
        `${tfjsRows < height ? ` (${tfjsRows} rows, scaled)` : ''} | ${(tfjs / forward).toFixed(1)}x | ${(tfjs / kernels).toFixed(1)}x |`,
    );
    await runtime.run(() => subject.net.dispose());
  }
  mixture.dispose();
}

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
