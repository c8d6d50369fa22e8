/** What the model commands share: `--model` / `--backend` loading, labels, reading PNGs. */
import { readFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { PixelCNNPPError } from '../errors.js';
import { PixelCNNPP } from '../pixelcnnpp.js';
import type { ParsedArgs } from './args.js';
import { POSITIVE, UsageError, backendOption, intOption } from './args.js';
import { decodePNG } from './png-decode.js';

export const MODEL_OPTIONS_HELP = `  --model FILE              a safetensors checkpoint (default: the bundled MNIST model)
  --backend NAME            webgpu, wasm, cpu or auto (auto)
  --workers N               threads sharing the images on the wasm and cpu backends
                            (default: every core, ${availableParallelism()} here; 1 on webgpu)`;

/** The options `loadModelOption` and `labelOption` read. */
export const MODEL_OPTIONS = ['model', 'backend', 'label', 'workers'] as const;

export async function loadModelOption(args: ParsedArgs): Promise<PixelCNNPP> {
  const file = args.options.get('model');
  const backend = backendOption(args) ?? 'auto';
  const workers = intOption(args, 'workers', POSITIVE);
  const source = typeof file === 'string' ? new Uint8Array(await readFile(file)) : undefined;
  try {
    return await PixelCNNPP.load(source, { backend, workers: workers ?? availableParallelism() });
  } catch (error) {
    // Every core by default, where worker threads can run: on webgpu the GPU does the work.
    if (workers !== undefined || !(error instanceof PixelCNNPPError && error.code === 'E_WORKER')) throw error;
    return PixelCNNPP.load(source, { backend, workers: 1 });
  }
}

/** `--label`, checked against the model; undefined when absent. */
export function labelOption(args: ParsedArgs, model: PixelCNNPP): number | undefined {
  const label = intOption(args, 'label');
  const { numClasses } = model.config;
  if (label === undefined) return undefined;
  if (numClasses === 0) throw new UsageError('--label: this model is unconditional.');
  if (label < 0 || label >= numClasses) throw new UsageError(`--label: expected a class in [0, ${numClasses - 1}], got ${label}.`);
  return label;
}

/** Reads one PNG file as an image matching the model's geometry (uint8 HWC); throws naming the file. */
export async function readImage(path: string, model: PixelCNNPP): Promise<Uint8Array> {
  const { height, width, channels } = model.config;
  const image = decodePNG(new Uint8Array(await readFile(path)), path);
  if (image.height !== height || image.width !== width) {
    throw new Error(`${path}: ${image.width}x${image.height} pixels, the model takes ${width}x${height}.`);
  }
  if (image.channels !== channels) {
    throw new Error(`${path}: ${image.channels === 1 ? 'grayscale' : 'colour'}, the model takes ${channels === 1 ? 'grayscale' : 'colour'} images.`);
  }
  return image.data;
}

/** Reads PNG files as a batch matching the model's geometry. */
export async function readImages(paths: readonly string[], model: PixelCNNPP): Promise<{ data: Uint8Array; shape: [number, number, number, number] }> {
  const { height, width, channels } = model.config;
  const size = height * width * channels;
  const data = new Uint8Array(paths.length * size);
  for (const [i, path] of paths.entries()) data.set(await readImage(path, model), i * size);
  return { data, shape: [paths.length, height, width, channels] };
}
