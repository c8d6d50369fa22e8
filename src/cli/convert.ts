/**
 * `pixelcnnpp convert IN OUT`: rewrites a checkpoint under the canonical (PyTorch port) names with
 * the config in its metadata. IN may be a PyTorch `.pth` file (either `torch.save` format), or
 * safetensors holding the PyTorch port's `state_dict` or the original TensorFlow release's
 * variables.
 */
import { readFile } from 'node:fs/promises';
import type { ModelConfig } from '../config.js';
import { MAX_IMAGE_SIDE, checkpointConfig, configFromMetadata, configToMetadata } from '../config.js';
import { inferConfig } from '../weights/infer-config.js';
import { decodeCheckpoint, tfReleaseConversion } from '../weights/decode-checkpoint.js';
import { serializeSafetensors } from '../weights/safetensors.js';
import { checkTensors } from '../weights/weight-map.js';
import type { OptionSpec, ParsedArgs } from './args.js';
import type { ValueRange } from './args.js';
import { POSITIVE, UsageError, choiceOption, intOption } from './args.js';
import { checkOutputPath, writeAtomically } from './output.js';

export const CONVERT_HELP = `Usage: pixelcnnpp convert IN OUT.safetensors [options]

Writes a checkpoint with the canonical tensor names (those of the PyTorch port's state_dict) and
the model config in its metadata, loadable by PixelCNNPP.load().

IN is one of:
  - a PyTorch checkpoint (.pth) of the PyTorch port, torch.save(model.state_dict(), path), in
    the zip format or the legacy one (PyTorch before 1.6), read as data (no Python needed); a
    dict wrapping it ({'state_dict': ..., 'epoch': ...}) and 'module.' prefixes are accepted;
  - safetensors with the PyTorch port's state_dict (u_init.conv.weight_v, ...);
  - safetensors with the original TensorFlow release's variables (model/conv2d_0/V, ...; the
    Polyak averages '<var>/ExponentialMovingAverage' are used when the file has them; optimizer
    state and counters such as global_step are skipped). Weights go through their effective values, so the two weight-normalisation
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
  --mixed-ema               where only some averages are present, take the raw variable for
                            the others (refused by default: it mixes two different models)
`;

const SIDE: ValueRange = { min: 4, max: MAX_IMAGE_SIDE };

const CONFIG_FLAGS: ReadonlyArray<[string, keyof ModelConfig, ValueRange]> = [
  ['height', 'height', SIDE],
  ['width', 'width', SIDE],
  ['channels', 'channels', {}],
  ['nr-resnet', 'nrResnet', POSITIVE],
  ['nr-filters', 'nrFilters', POSITIVE],
  ['nr-logistic-mix', 'nrLogisticMix', POSITIVE],
  ['num-classes', 'numClasses', { min: 0 }],
];

export const CONVERT_OPTIONS: OptionSpec = { flags: ['ema', 'mixed-ema'], values: [...CONFIG_FLAGS.map(([flag]) => flag), 'dtype'] };

const VARIABLE_SETS = {
  averages: 'the Polyak averages',
  raw: 'the raw variables',
  mixed: 'Polyak averages where present, raw variables for the others',
} as const;

export async function convertCommand(args: ParsedArgs, log: (line: string) => void): Promise<void> {
  const [input, output] = args.positionals;
  if (input === undefined || output === undefined || args.positionals.length > 2) {
    throw new UsageError('convert takes an input and an output file.');
  }
  const dtype = choiceOption(args, 'dtype', ['float32', 'float16'] as const) ?? 'float32';
  const fromFlags: Partial<ModelConfig> = {};
  for (const [flag, key, range] of CONFIG_FLAGS) {
    const value = flag === 'channels' ? choiceOption(args, flag, ['1', '3'] as const) : intOption(args, flag, range);
    if (value === undefined) continue;
    if ((flag === 'height' || flag === 'width') && Number(value) % 4 !== 0) {
      throw new UsageError(`--${flag}: expected a multiple of 4 (the network halves the resolution twice), got '${value}'.`);
    }
    (fromFlags as Record<string, number>)[key] = Number(value);
  }
  await checkOutputPath('output', output);
  const bytes = new Uint8Array(await readFile(input));
  const file = await decodeCheckpoint(bytes);
  // The flags win, then the file's metadata, then what the tensor shapes say.
  const config = checkpointConfig(file.metadata, { fill: inferConfig(file.tensors), overrides: fromFlags });
  const conversion = tfReleaseConversion(file, config, {
    useAverages: args.options.get('ema') !== false,
    allowMixed: args.options.get('mixed-ema') === true,
  });
  const tensors = conversion?.tensors ?? file.tensors;
  checkTensors(tensors, config);
  await writeAtomically(output, serializeSafetensors(tensors, configToMetadata(config), { dtype: dtype === 'float16' ? 'F16' : 'F32' }));
  const sizeKnown = configFromMetadata(file.metadata)?.height !== undefined || fromFlags.height !== undefined;
  const origin = file.fromPyTorch ? 'a PyTorch checkpoint'
    : conversion === undefined ? 'PyTorch-port names'
    : `TensorFlow-release names (${VARIABLE_SETS[conversion.variables]})`;
  log(`${output}: ${tensors.size} tensors from ${origin}, ` +
    `${config.height}x${config.width}x${config.channels}${sizeKnown ? '' : ' (the default image size; the weights do not hold it)'}, ` +
    `nrResnet ${config.nrResnet}, nrFilters ${config.nrFilters}, ` +
    `nrLogisticMix ${config.nrLogisticMix}${config.numClasses > 0 ? `, ${config.numClasses} classes` : ''}${dtype === 'float16' ? ', float16' : ''}`);
}
