/**
 * `sample` and `complete` options: their types, defaults and checks, and which pixels a
 * completion keeps.
 */
import type { LabelInput } from '../labels.js';
export interface SampleOptions {
    /**
     * Integer in [0, 2^53 - 1]. The same seed, model and backend give the same images; image k
     * is the same whatever `count` or `batchSize`. @defaultValue a random seed (returned)
     */
    seed?: number;
    /** Images to draw. @defaultValue 1 */
    count?: number;
    /**
     * Class labels for a class-conditional model: one for all images, or one per image. Without
     * them `sample` draws image k of the seed's stream as class k mod K (so `count: K` gives one
     * of each class), and `complete` draws each image's class from p(class | kept pixels).
     */
    labels?: LabelInput;
    /**
     * Sharpness: logits are divided by `temperature` and logistic scales multiplied by it.
     * 1 samples the model's distribution; smaller values give cleaner, less varied images.
     * @defaultValue 1
     */
    temperature?: number;
    /**
     * Called as rows complete, with pixels done and in total (over all images) and the images as
     * drawn so far (pixels not drawn yet are 0; a view of the buffer being filled: copy it to
     * keep it), so a page can show the images growing row by row.
     */
    onProgress?: (done: number, total: number, partial: PartialImages) => void;
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
/** Images being generated: uint8 NHWC, the rows not reached yet still 0. */
export interface PartialImages {
    data: Uint8Array;
    shape: [number, number, number, number];
}
/** Generated images, uint8 NHWC, with the seed (and, for a class-conditional model, the classes) that drew them. */
export interface SampleResult {
    data: Uint8Array;
    shape: [number, number, number, number];
    seed: number;
    /** The class of each image, for a class-conditional model: given, or drawn as the labels option says. */
    labels?: Int32Array;
}
/** Sampling options checked, with their defaults filled in. */
export interface SampleSettings {
    seed: number;
    temperature: number;
    method: 'cached' | 'naive';
    batchSize: number;
    startIndex: number;
    /** One per image, for a class-conditional model; `undefined` where none were given. */
    labels: Int32Array | undefined;
}
/** Checks the options of a call drawing `count` images from a model of `numClasses` classes, and fills in the defaults. */
export declare function resolveSampleOptions(options: SampleOptions, count: number, numClasses: number): SampleSettings;
/** The classes `sample` draws without labels: image k of the seed's stream gets class k mod K. */
export declare function defaultSampleLabels(settings: SampleSettings, count: number, numClasses: number): Int32Array | undefined;
/** The pixels a completion keeps: `H * W` flags, 1 where the pixel is given. */
export declare function keptPixels(options: Pick<CompleteOptions, 'knownRows' | 'mask'> | undefined, height: number, width: number): Uint8Array;
/**
 * `sample`'s two forms, `sample(seed, options)` and `sample(options)`, as one options object,
 * with the image count checked against what one result can hold.
 */
export declare function sampleRequest(seedOrOptions: number | SampleOptions | undefined, options: Omit<SampleOptions, 'seed'>, imageBytes: number): {
    options: SampleOptions;
    count: number;
};
