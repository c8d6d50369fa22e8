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

export type OptimizerName = 'adam' | 'adamax';

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
  let info: { step?: unknown; epoch?: unknown; optimizer?: unknown; ema?: unknown };
  try {
    info = JSON.parse(raw) as typeof info;
  } catch (error) {
    throw fail(`'${TRAINING_METADATA_KEY}' is not JSON (${(error as Error).message})`);
  }
  const count = (v: unknown) => typeof v === 'number' && Number.isInteger(v) && v >= 0;
  if (!count(info.step) || !count(info.epoch)) throw fail(`step and epoch must be non-negative integers, got ${raw}`);
  if (typeof info.optimizer !== 'object' || info.optimizer === null) throw fail(`no optimizer settings in ${raw}`);
  if (typeof info.ema !== 'number') throw fail(`no EMA decay in ${raw}`);
  for (const part of ['params', 'm', 'v'] as const) {
    for (const name of model.keys()) {
      if (!parts[part].has(name)) throw fail(`missing '${PREFIX[part]}${name}'`);
    }
  }
  return {
    model,
    training: {
      ...parts,
      step: info.step as number,
      epoch: info.epoch as number,
      optimizer: info.optimizer as OptimizerSettings,
      ema: info.ema,
    },
  };
}
