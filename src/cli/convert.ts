/**
 * `pixelcnnpp convert IN OUT`: rewrites a checkpoint under the canonical (PyTorch port) names with
 * the config in its metadata. IN may be a PyTorch `.pth` file (either `torch.save` format), or
 * safetensors holding the PyTorch port's `state_dict` or the original TensorFlow release's
 * variables.
 */
import { readFile, writeFile } from 'node:fs/promises';
import type { ModelConfig } from '../config.js';
import { configFromMetadata, configToMetadata, resolveConfig } from '../config.js';
import { inferConfig } from '../weights/infer-config.js';
import { isPyTorchCheckpoint, readPyTorchCheckpoint } from '../weights/pytorch-checkpoint.js';
import { parseSafetensors, serializeSafetensors } from '../weights/safetensors.js';
import { convertTfRelease, isTfReleaseCheckpoint } from '../weights/tf-release.js';
import { checkTensors } from '../weights/weight-map.js';
import type { OptionSpec, ParsedArgs } from './args.js';
import { UsageError, intOption } from './args.js';

export const CONVERT_HELP = `Usage: pixelcnnpp convert IN OUT.safetensors [options]

Writes a checkpoint with the canonical tensor names (those of the PyTorch port's state_dict) and
the model config in its metadata, loadable by PixelCNNPP.load().

IN is one of:
  - a PyTorch checkpoint (.pth) of the PyTorch port, torch.save(model.state_dict(), path), in
    the zip format or the legacy one (PyTorch before 1.6), read as data (no Python needed); a
    dict wrapping it ({'state_dict': ..., 'epoch': ...}) and 'module.' prefixes are accepted;
  - safetensors with the PyTorch port's state_dict (u_init.conv.weight_v, ...);
  - safetensors with the original TensorFlow release's variables (model/conv2d_0/V, ...; the
    Polyak averages '<var>/ExponentialMovingAverage' are used where present, optimizer state is
    skipped). Weights go through their effective values, so the two weight-normalisation
    conventions of transposed convolutions are converted exactly.

Config: these options, else IN's metadata, else what the tensor shapes say (channels, nr-resnet,
nr-filters, nr-logistic-mix and num-classes, from PyTorch-port names), else the paper's CIFAR-10
model (in parentheses). The image size is not in the weights: give --height/--width unless 32x32.
  --height N --width N      image size, multiples of 4 (32)
  --channels 1|3            (3)
  --nr-resnet N             (5)
  --nr-filters N            (160)
  --nr-logistic-mix N       (10)
  --num-classes N           class-conditional models (0)
  --no-ema                  use the raw TF variables, not their Polyak averages
  --dtype float32|float16   how OUT stores the weights (float32); float16 halves the file
`;

const CONFIG_FLAGS: ReadonlyArray<[string, keyof ModelConfig]> = [
  ['height', 'height'],
  ['width', 'width'],
  ['channels', 'channels'],
  ['nr-resnet', 'nrResnet'],
  ['nr-filters', 'nrFilters'],
  ['nr-logistic-mix', 'nrLogisticMix'],
  ['num-classes', 'numClasses'],
];

export const CONVERT_OPTIONS: OptionSpec = { flags: ['ema'], values: [...CONFIG_FLAGS.map(([flag]) => flag), 'dtype'] };

export async function convertCommand(args: ParsedArgs, log: (line: string) => void): Promise<void> {
  const [input, output] = args.positionals;
  if (input === undefined || output === undefined || args.positionals.length > 2) {
    throw new UsageError('convert takes an input and an output file.');
  }
  const dtype = args.options.get('dtype') ?? 'float32';
  if (dtype !== 'float32' && dtype !== 'float16') throw new UsageError(`--dtype: expected float32 or float16, got '${String(dtype)}'.`);
  const bytes = new Uint8Array(await readFile(input));
  const fromPth = isPyTorchCheckpoint(bytes);
  const file = fromPth ? await readPyTorchCheckpoint(bytes) : parseSafetensors(bytes);
  const fromFlags: Partial<ModelConfig> = {};
  for (const [flag, key] of CONFIG_FLAGS) {
    const value = intOption(args, flag);
    if (value !== undefined) (fromFlags as Record<string, number>)[key] = value;
  }
  const fromMetadata = configFromMetadata(file.metadata);
  const config = resolveConfig({ ...inferConfig(file.tensors), ...fromMetadata, ...fromFlags });
  const fromTf = isTfReleaseCheckpoint(file.tensors.keys());
  const tensors = fromTf ? convertTfRelease(file.tensors, config, { useAverages: args.options.get('ema') !== false }) : file.tensors;
  checkTensors(tensors, config);
  await writeFile(output, serializeSafetensors(tensors, configToMetadata(config), { dtype: dtype === 'float16' ? 'F16' : 'F32' }));
  const sizeKnown = fromMetadata?.height !== undefined || fromFlags.height !== undefined;
  const origin = fromPth ? 'a PyTorch checkpoint' : fromTf ? 'TensorFlow-release names' : 'PyTorch-port names';
  log(`${output}: ${tensors.size} tensors from ${origin}, ` +
    `${config.height}x${config.width}x${config.channels}${sizeKnown ? '' : ' (the default image size; the weights do not hold it)'}, ` +
    `nrResnet ${config.nrResnet}, nrFilters ${config.nrFilters}, ` +
    `nrLogisticMix ${config.nrLogisticMix}${config.numClasses > 0 ? `, ${config.numClasses} classes` : ''}${dtype === 'float16' ? ', float16' : ''}`);
}
