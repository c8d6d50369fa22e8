/**
 * The shape of a PixelCNN++ network: image geometry, depth, width and output head.
 *
 * Names follow the original release's flags (`nr_resnet`, `nr_filters`, `nr_logistic_mix`) in
 * camelCase. Checkpoints carry their config in the safetensors `__metadata__` (see
 * `configFromMetadata` / `configToMetadata`).
 */
import { PixelCNNPPError } from './errors.js';

export interface ModelConfig {
  /** Image height in pixels; a multiple of 4 (the network halves the resolution twice). */
  height: number;
  /** Image width in pixels; a multiple of 4. */
  width: number;
  /** 3 (RGB) or 1 (grayscale). */
  channels: 1 | 3;
  /** Gated ResNet blocks per stream in each up level (the down levels have `nrResnet`, `+1`, `+1`). */
  nrResnet: number;
  /** Feature maps in each stream. */
  nrFilters: number;
  /** Components of the discretized logistic mixture. */
  nrLogisticMix: number;
  /**
   * Number of classes for class-conditional models; `0` or `undefined` is unconditional.
   * @defaultValue 0
   */
  numClasses?: number;
  /**
   * Dropout rate inside the gated ResNet blocks while training; inference ignores it.
   * @defaultValue 0.5
   */
  dropout?: number;
}

/**
 * The largest image height or width accepted. The network's activations grow with the image
 * (a 1024x1024 image already needs hundreds of MB per layer), and a checkpoint declaring a far
 * larger size is corrupt rather than ambitious.
 */
export const MAX_IMAGE_SIDE = 1024;

/** The configuration of the paper's CIFAR-10 model. */
export const DEFAULT_CONFIG: Readonly<Required<ModelConfig>> = Object.freeze({
  height: 32,
  width: 32,
  channels: 3,
  nrResnet: 5,
  nrFilters: 160,
  nrLogisticMix: 10,
  numClasses: 0,
  dropout: 0.5,
});

/** Values per pixel of the network output: `10 * M` for RGB (logits, means, log-scales, coefficients), `3 * M` for gray. */
export function outputChannels(config: Pick<ModelConfig, 'channels' | 'nrLogisticMix'>): number {
  return (config.channels === 1 ? 3 : 10) * config.nrLogisticMix;
}

const KEYS: readonly (keyof ModelConfig)[] = [
  'height',
  'width',
  'channels',
  'nrResnet',
  'nrFilters',
  'nrLogisticMix',
  'numClasses',
  'dropout',
];

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || value === null || value === undefined) return String(value);
  return Array.isArray(value) ? 'an array' : `a ${typeof value}`;
}

function integerField(config: Record<string, unknown>, key: string, min: number, extra?: (v: number) => string | undefined): void {
  const value = config[key];
  if (typeof value !== 'number') throw new TypeError(`config.${key}: expected an integer, got ${describe(value)}.`);
  if (!Number.isInteger(value) || value < min) {
    throw new RangeError(`config.${key}: expected an integer >= ${min}, got ${describe(value)}.`);
  }
  const problem = extra?.(value);
  if (problem !== undefined) throw new RangeError(`config.${key}: ${problem}, got ${value}.`);
}

/**
 * Checks every field of a complete config and returns it (a normalised copy with
 * `numClasses` and `dropout` filled in). Throws `TypeError`/`RangeError` naming the field, or
 * `PixelCNNPPError('E_CONFIG')` for an unknown field.
 */
export function validateConfig(config: ModelConfig): Required<ModelConfig> {
  if (typeof config !== 'object' || config === null || Array.isArray(config)) {
    throw new TypeError(`config: expected an object, got ${describe(config)}.`);
  }
  const c = config as unknown as Record<string, unknown>;
  for (const key of Object.keys(c)) {
    if (!(KEYS as readonly string[]).includes(key)) {
      throw new PixelCNNPPError('E_CONFIG', `config: unknown field '${key}'; known fields are ${KEYS.join(', ')}.`);
    }
  }
  const side = (v: number) =>
    v % 4 !== 0 ? 'expected a multiple of 4 (the network halves the resolution twice)'
    : v > MAX_IMAGE_SIDE ? `expected at most ${MAX_IMAGE_SIDE} (MAX_IMAGE_SIDE)`
    : undefined;
  integerField(c, 'height', 4, side);
  integerField(c, 'width', 4, side);
  if (c.channels !== 1 && c.channels !== 3) {
    const error = typeof c.channels === 'number' ? RangeError : TypeError;
    throw new error(`config.channels: expected 1 or 3, got ${describe(c.channels)}.`);
  }
  integerField(c, 'nrResnet', 1);
  integerField(c, 'nrFilters', 1);
  integerField(c, 'nrLogisticMix', 1);
  const numClasses = c.numClasses ?? 0;
  integerField({ numClasses }, 'numClasses', 0);
  const dropout = c.dropout ?? DEFAULT_CONFIG.dropout;
  if (typeof dropout !== 'number') throw new TypeError(`config.dropout: expected a number in [0, 1), got ${describe(dropout)}.`);
  if (!(dropout >= 0 && dropout < 1)) throw new RangeError(`config.dropout: expected a number in [0, 1), got ${dropout}.`);
  return {
    height: config.height,
    width: config.width,
    channels: config.channels,
    nrResnet: config.nrResnet,
    nrFilters: config.nrFilters,
    nrLogisticMix: config.nrLogisticMix,
    numClasses: numClasses as number,
    dropout,
  };
}

/** Fills the fields `partial` leaves out from `DEFAULT_CONFIG`, then validates. */
export function resolveConfig(partial: Partial<ModelConfig> = {}): Required<ModelConfig> {
  if (typeof partial !== 'object' || partial === null || Array.isArray(partial)) {
    throw new TypeError(`config: expected an object of config fields, got ${describe(partial)}.`);
  }
  const merged: Record<string, unknown> = { ...DEFAULT_CONFIG };
  for (const [key, value] of Object.entries(partial)) if (value !== undefined) merged[key] = value;
  return validateConfig(merged as unknown as ModelConfig);
}

// ---------------------------------------------------------------------------------------------
// safetensors __metadata__
//
// The metadata is a flat string -> string map. Checkpoints written by the reference tooling hold
// `config` (one JSON object with snake_case keys) and also each field as its own string
// (`"nr_filters": "16"`). We read either (the JSON object first, per-field strings filling gaps;
// snake_case or camelCase keys) and write both forms, snake_case, plus `format: "pt"` (the tensor
// names and layouts are those of the PyTorch port).

const SNAKE: Record<keyof ModelConfig, string> = {
  height: 'height',
  width: 'width',
  channels: 'channels',
  nrResnet: 'nr_resnet',
  nrFilters: 'nr_filters',
  nrLogisticMix: 'nr_logistic_mix',
  numClasses: 'num_classes',
  dropout: 'dropout',
};

function metadataError(message: string): PixelCNNPPError {
  return new PixelCNNPPError('E_WEIGHTS', `safetensors __metadata__: ${message}`);
}

/**
 * Reads the model config stored in a checkpoint's metadata. Returns only the fields present
 * (validate with `resolveConfig` / `validateConfig`); `undefined` when there are none.
 * A `resnet_nonlinearity` other than `concat_elu` is rejected: it is the only one implemented.
 */
export function configFromMetadata(metadata: Readonly<Record<string, string>>): Partial<ModelConfig> | undefined {
  let fromJson: Record<string, unknown> = {};
  if (metadata.config !== undefined) {
    try {
      const parsed: unknown = JSON.parse(metadata.config);
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not an object');
      fromJson = parsed as Record<string, unknown>;
    } catch (error) {
      throw metadataError(`'config' is not a JSON object (${(error as Error).message}).`);
    }
  }
  const lookup = (key: keyof ModelConfig): unknown => {
    for (const name of [SNAKE[key], key]) if (fromJson[name] !== undefined) return fromJson[name];
    for (const name of [SNAKE[key], key]) if (metadata[name] !== undefined) return metadata[name];
    return undefined;
  };
  const out: Record<string, number> = {};
  for (const key of KEYS) {
    const raw = lookup(key);
    if (raw === undefined) continue;
    const value = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw;
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      throw metadataError(`'${SNAKE[key]}' is not a number: ${describe(raw)}.`);
    }
    out[key] = value;
  }
  const nonlinearity = fromJson.resnet_nonlinearity ?? metadata.resnet_nonlinearity;
  if (nonlinearity !== undefined && nonlinearity !== 'concat_elu') {
    throw metadataError(`resnet_nonlinearity ${describe(nonlinearity)} is not supported; only 'concat_elu' is.`);
  }
  // Some writers store only `size` = [H, W].
  if (Array.isArray(fromJson.size) && fromJson.size.length === 2) {
    out.height ??= Number(fromJson.size[0]);
    out.width ??= Number(fromJson.size[1]);
  }
  return Object.keys(out).length === 0 ? undefined : (out as Partial<ModelConfig>);
}

export interface CheckpointConfigOptions {
  /** Fields for a file whose metadata lacks them (the file's entries win). */
  fill?: Partial<ModelConfig>;
  /** Fields that replace the file's entries (which are then not checked). */
  overrides?: Partial<ModelConfig>;
}

/**
 * The validated config of a checkpoint: its metadata's fields between the caller's `fill` and
 * `overrides`. A malformed or out-of-range entry of the file is `E_WEIGHTS` naming the entry
 * (the file is wrong, not the caller); the caller's own fields stay `TypeError`/`RangeError`.
 */
export function checkpointConfig(metadata: Readonly<Record<string, string>>, options: CheckpointConfigOptions = {}): Required<ModelConfig> {
  const fromFile: Partial<ModelConfig> = { ...configFromMetadata(metadata) };
  for (const key of Object.keys(options.overrides ?? {}) as Array<keyof ModelConfig>) delete fromFile[key];
  // Each field's check is independent of the others, so each can be tried alone.
  for (const [key, value] of Object.entries(fromFile) as Array<[keyof ModelConfig, number]>) {
    try {
      resolveConfig({ [key]: value });
    } catch (error) {
      throw metadataError(`'${SNAKE[key]}': ${(error as Error).message.replace(/^config\.\w+: /, '')}`);
    }
  }
  return resolveConfig({ ...options.fill, ...fromFile, ...options.overrides });
}

/** The metadata entries describing `config`, in the layout `configFromMetadata` reads. */
export function configToMetadata(config: ModelConfig): Record<string, string> {
  const c = validateConfig(config);
  const json: Record<string, number | string> = {};
  for (const key of KEYS) {
    if (key === 'numClasses' && c.numClasses === 0) continue;
    json[SNAKE[key]] = c[key];
  }
  json.output_channels = outputChannels(c);
  json.resnet_nonlinearity = 'concat_elu';
  const out: Record<string, string> = { format: 'pt', config: JSON.stringify(json) };
  for (const [key, value] of Object.entries(json)) out[key] = String(value);
  return out;
}
