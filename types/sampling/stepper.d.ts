/**
 * Autoregressive generation, one pixel at a time in raster order, for a batch of images: the
 * sampler asks a stepper for the mixture parameters of pixel `p` (which may depend only on
 * pixels before `p`), draws the pixel, and hands its value back before asking for `p + 1`.
 *
 * Two steppers implement this: `NaiveStepper` runs the whole network for every pixel (H·W
 * forward passes), and `CachedStepper` keeps every layer's past activations and computes only
 * what the new pixel changes (Ramachandran et al. 2017, "Fast Generation for Convolutional
 * Autoregressive Models"). Both give the same parameters for the same pixels.
 *
 * Steppers run inside the model's backend `run()` (tfjs tensors on that backend); they own
 * their tensors and free them all in `dispose()`.
 */
export interface PixelStepper {
    /**
     * Mixture parameters for raster pixel `p` of every image, `[n, P]` row-major. Pixels
     * `0..p-1` must have been given with `setPixel` (or as `known` at construction).
     */
    paramsAt(p: number): Promise<Float32Array>;
    /** The value of pixel `p` for every image: `[n, C]` in [-1, 1] (the quantised uint8 value mapped). */
    setPixel(p: number, values: Float32Array): void;
    /** Frees every tensor. Idempotent. */
    dispose(): void;
}
