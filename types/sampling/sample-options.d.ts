export interface SampleOptions {
    /**
     * Integer in [0, 2^53 - 1]. The same seed, model and backend give the same images; image k
     * is the same whatever `count` or `batchSize`. @defaultValue a random seed (returned)
     */
    seed?: number;
    /** Images to draw. @defaultValue 1 */
    count?: number;
    /** Class labels for class-conditional models: one per image, or one for all. */
    labels?: number | ArrayLike<number>;
    /**
     * Sharpness: logits are divided by `temperature` and logistic scales multiplied by it.
     * 1 samples the model's distribution; smaller values give cleaner, less varied images.
     * @defaultValue 1
     */
    temperature?: number;
    /** Called as rows complete, with pixels done and in total (over all images). */
    onProgress?: (done: number, total: number) => void;
    /** Stops the work; the promise rejects with the signal's reason and every tensor is freed. */
    signal?: AbortSignal;
    /**
     * `'cached'` keeps every layer's past activations and computes only what each new pixel
     * changes (Ramachandran et al. 2017); `'naive'` runs the whole network for every pixel. Both
     * give the same images. @defaultValue 'cached'
     */
    method?: 'cached' | 'naive';
    /** Images generated together. @defaultValue 16 */
    batchSize?: number;
    /**
     * Index of the first image in the seed's stream: image k of a call is image `startIndex + k`
     * of the seed, so a large set can be drawn in parts (or one image of it alone). @defaultValue 0
     */
    startIndex?: number;
}
export interface CompleteOptions extends Omit<SampleOptions, 'count'> {
    /** Keep the first `knownRows` rows and sample the rest. */
    knownRows?: number;
    /** Or: `H * W` flags, non-zero where the pixel is kept (the same for every image). */
    mask?: ArrayLike<number | boolean>;
}
/** Generated images, uint8 NHWC, with the seed that drew them. */
export interface SampleResult {
    data: Uint8Array;
    shape: [number, number, number, number];
    seed: number;
}
/** Sampling options checked, with their defaults filled in. */
export interface SampleSettings {
    seed: number;
    temperature: number;
    method: 'cached' | 'naive';
    batchSize: number;
    startIndex: number;
    /** One per image, for a class-conditional model. */
    labels: Int32Array | undefined;
}
/** Checks the options of a call drawing `count` images from a model of `numClasses` classes, and fills in the defaults. */
export declare function resolveSampleOptions(options: SampleOptions, count: number, numClasses: number): SampleSettings;
/** The pixels a completion keeps: `H * W` flags, 1 where the pixel is given. */
export declare function keptPixels(options: Pick<CompleteOptions, 'knownRows' | 'mask'> | undefined, height: number, width: number): Uint8Array;
