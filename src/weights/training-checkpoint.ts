/**
 * Training checkpoints: one safetensors file that is also a loadable model. The canonical
 * tensor names hold the polyak-averaged (EMA) parameters, the ones used for evaluation and
 * sampling; the raw parameters and the optimizer's moments sit under `training.param.`,
 * `training.m.` and `training.v.`, and the step, epoch and settings in the
 * `pixelcnnpp.training` metadata entry. `PixelCNNPP.load` ignores the training part unless
 * `fit` later resumes from it.
 */
import type { ModelConfig } from '../config.js';
import { configToMetadata } from '../config.js';
import { PixelCNNPPError } from '../errors.js';
import type { Float32TensorData } from './safetensors.js';
import type { TensorMap } from './weight-map.js';

export const OPTIMIZER_NAMES = ['adam', 'adamax'] as const;

export type OptimizerName = (typeof OPTIMIZER_NAMES)[number];

/** The optimizer a run trains with, as its checkpoints record it. */
export interface OptimizerSettings {
  name: OptimizerName;
  learningRate: number;
  /** Multiplies the learning rate after every step. */
  learningRateDecay: number;
  beta1: number;
  beta2: number;
  epsilon: number;
}

export const TRAINING_METADATA_KEY = 'pixelcnnpp.training';
const PREFIX = { params: 'training.param.', m: 'training.m.', v: 'training.v.' } as const;

/** Everything `fit` needs to continue exactly where a run stopped. */
export interface TrainingState {
  /** Raw (not averaged) parameters, canonical names. */
  params: TensorMap;
  /** Optimizer moments, canonical names. */
  m: TensorMap;
  v: TensorMap;
  /** Optimizer steps and completed epochs so far. */
  step: number;
  epoch: number;
  optimizer: OptimizerSettings;
  /** EMA decay per step. */
  ema: number;
}

/** The tensors and metadata of a checkpoint: `ema` under the canonical names, the state beside. */
export function checkpointContents(
  config: ModelConfig,
  ema: TensorMap,
  state: TrainingState,
): { tensors: Map<string, Float32TensorData>; metadata: Record<string, string> } {
  const tensors = new Map<string, Float32TensorData>(ema);
  for (const [part, prefix] of Object.entries(PREFIX) as Array<[keyof typeof PREFIX, string]>) {
    for (const [name, tensor] of state[part]) tensors.set(prefix + name, tensor);
  }
  const { step, epoch, optimizer, ema: decay } = state;
  const metadata = { ...configToMetadata(config), [TRAINING_METADATA_KEY]: JSON.stringify({ step, epoch, optimizer, ema: decay }) };
  return { tensors, metadata };
}

/**
 * Splits a parsed checkpoint into the model's tensors and, when present, the training state.
 * Throws `E_WEIGHTS` when the training part is incomplete or its metadata unreadable.
 */
export function splitCheckpoint(
  tensors: TensorMap,
  metadata: Readonly<Record<string, string>>,
): { model: Map<string, Float32TensorData>; training: TrainingState | undefined } {
  const model = new Map<string, Float32TensorData>();
  const parts = { params: new Map<string, Float32TensorData>(), m: new Map<string, Float32TensorData>(), v: new Map<string, Float32TensorData>() };
  for (const [name, tensor] of tensors) {
    const part = (Object.keys(PREFIX) as Array<keyof typeof PREFIX>).find((p) => name.startsWith(PREFIX[p]));
    if (part === undefined) model.set(name, tensor);
    else parts[part].set(name.slice(PREFIX[part].length), tensor);
  }
  const raw = metadata[TRAINING_METADATA_KEY];
  const hasTensors = parts.params.size + parts.m.size + parts.v.size > 0;
  if (raw === undefined && !hasTensors) return { model, training: undefined };
  const fail = (why: string) => new PixelCNNPPError('E_WEIGHTS', `training checkpoint: ${why}.`);
  if (raw === undefined) throw fail(`tensors under 'training.' but no '${TRAINING_METADATA_KEY}' metadata`);
  let info: unknown;
  try {
    info = JSON.parse(raw);
  } catch (error) {
    throw fail(`'${TRAINING_METADATA_KEY}' is not JSON (${(error as Error).message})`);
  }
  const settings = readTrainingSettings(info, fail);
  for (const part of ['params', 'm', 'v'] as const) {
    for (const name of model.keys()) {
      if (!parts[part].has(name)) throw fail(`missing '${PREFIX[part]}${name}'`);
    }
  }
  return {
    model,
    training: {
      ...parts,
      ...settings,
    },
  };
}

type TrainingSettings = Pick<TrainingState, 'step' | 'epoch' | 'optimizer' | 'ema'>;

/**
 * Checks every field of the `pixelcnnpp.training` entry, so a resumed run never continues with
 * a setting nobody chose (a beta1 of 5, a learning rate of "abc"): `fail` names the field.
 */
function readTrainingSettings(info: unknown, fail: (why: string) => Error): TrainingSettings {
  const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  if (!isObject(info)) throw fail(`'${TRAINING_METADATA_KEY}' is not a JSON object (got ${JSON.stringify(info)})`);
  const field = (where: Record<string, unknown>, key: string, label: string, ok: (v: number) => boolean, expected: string): number => {
    const value = where[key];
    if (typeof value !== 'number' || !ok(value)) throw fail(`'${label}' must be ${expected}, got ${JSON.stringify(value)}`);
    return value;
  };
  const count = (v: number) => Number.isSafeInteger(v) && v >= 0;
  const unit = (v: number) => v >= 0 && v < 1;
  const step = field(info, 'step', 'step', count, 'a non-negative integer');
  const epoch = field(info, 'epoch', 'epoch', count, 'a non-negative integer');
  const ema = field(info, 'ema', 'ema', unit, 'a number in [0, 1)');
  const o = info.optimizer;
  if (!isObject(o)) throw fail(`'optimizer' must be an object of optimizer settings, got ${JSON.stringify(o)}`);
  if (!(OPTIMIZER_NAMES as readonly unknown[]).includes(o.name)) {
    throw fail(`'optimizer.name' must be ${OPTIMIZER_NAMES.map((n) => `'${n}'`).join(' or ')}, got ${JSON.stringify(o.name)}`);
  }
  const optimizer: OptimizerSettings = {
    name: o.name as OptimizerSettings['name'],
    learningRate: field(o, 'learningRate', 'optimizer.learningRate', (v) => Number.isFinite(v) && v > 0, 'a finite number > 0'),
    learningRateDecay: field(o, 'learningRateDecay', 'optimizer.learningRateDecay', (v) => v > 0 && v <= 1, 'a number in (0, 1]'),
    beta1: field(o, 'beta1', 'optimizer.beta1', unit, 'a number in [0, 1)'),
    beta2: field(o, 'beta2', 'optimizer.beta2', unit, 'a number in [0, 1)'),
    epsilon: field(o, 'epsilon', 'optimizer.epsilon', (v) => Number.isFinite(v) && v > 0, 'a finite number > 0'),
  };
  for (const key of Object.keys(o)) {
    if (!(key in optimizer)) throw fail(`'optimizer.${key}' is an unknown optimizer setting (known: ${Object.keys(optimizer).join(', ')})`);
  }
  return { step, epoch, optimizer, ema };
}
