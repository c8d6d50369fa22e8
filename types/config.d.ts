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
export declare const MAX_IMAGE_SIDE = 1024;
/** The configuration of the paper's CIFAR-10 model. */
export declare const DEFAULT_CONFIG: Readonly<Required<ModelConfig>>;
/** Values per pixel of the network output: `10 * M` for RGB (logits, means, log-scales, coefficients), `3 * M` for gray. */
export declare function outputChannels(config: Pick<ModelConfig, 'channels' | 'nrLogisticMix'>): number;
/**
 * Checks every field of a complete config and returns it (a normalised copy with
 * `numClasses` and `dropout` filled in). Throws `TypeError`/`RangeError` naming the field, or
 * `PixelCNNPPError('E_CONFIG')` for an unknown field.
 */
export declare function validateConfig(config: ModelConfig): Required<ModelConfig>;
/** Fills the fields `partial` leaves out from `DEFAULT_CONFIG`, then validates. */
export declare function resolveConfig(partial?: Partial<ModelConfig>): Required<ModelConfig>;
/**
 * Reads the model config stored in a checkpoint's metadata. Returns only the fields present
 * (validate with `resolveConfig` / `validateConfig`); `undefined` when there are none.
 * A `resnet_nonlinearity` other than `concat_elu` is rejected: it is the only one implemented.
 */
export declare function configFromMetadata(metadata: Readonly<Record<string, string>>): Partial<ModelConfig> | undefined;
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
export declare function checkpointConfig(metadata: Readonly<Record<string, string>>, options?: CheckpointConfigOptions): Required<ModelConfig>;
/** The metadata entries describing `config`, in the layout `configFromMetadata` reads. */
export declare function configToMetadata(config: ModelConfig): Record<string, string>;
