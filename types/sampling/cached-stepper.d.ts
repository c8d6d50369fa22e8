import type { PixelCNNNet } from '../network/pixelcnn-net.js';
import { type PixelStepper, type StepperOptions } from './stepper.js';
export declare class CachedStepper implements PixelStepper {
    private readonly net;
    private readonly params;
    private readonly n;
    private readonly height;
    private readonly width;
    private readonly channels;
    private readonly filters;
    /** The image with a channel of ones, `[n, H, W, C + 1]`, as the first convolutions see it. */
    private readonly xPad;
    /** Pixels written so far (they are consecutive from 0). */
    private written;
    /** Pixels whose activations are computed. */
    private stepped;
    private disposed;
    /** Per class-conditional block: its embedding of this batch's labels, `[n, 1, 1, 2F]`. */
    private readonly embeddings;
    /** Caches by resolution `s` (0: full, 1: half, 2: quarter), then block. */
    private readonly uUp;
    private readonly uDown;
    private readonly ulUp;
    private readonly ulDown;
    /** Inputs of the downsizing convolutions from resolution `s` (0, 1). */
    private readonly uDownsizeIn;
    private readonly ulDownsizeIn;
    /** `ulInitDown` term at full resolution, per column of the current row. */
    private ulInitDownCols;
    /** `[s][k][j]`: `nin(concat_elu(u))` of up block `k`, the auxiliary term of `ul` up block `k`. */
    private readonly ninUp;
    /** `[s][k][j]`: output of `u` down block `k`, half of the auxiliary input of `ul` down block `k`. */
    private readonly uDownCols;
    /** `[s]`: the upsized `u` rows `[n, 2, W_s, F]` from resolution `s + 1`, for rows `2i`, `2i + 1` of `s`. */
    private readonly uUpsized;
    /** `[s][j]`: the upsized `ul` block `[n, 2, 2, F]` from position `(i, j)` of resolution `s + 1`. */
    private readonly ulUpsized;
    constructor(net: PixelCNNNet, options: StepperOptions);
    paramsAt(p: number): Promise<Float32Array>;
    setPixel(p: number, values: Float32Array): void;
    dispose(): void;
    private checkAlive;
    /** Computes everything pixel `p` makes computable; returns its parameters `[n, P]` when asked. */
    private step;
    /** Rows `r0..r1` of the padded image, `[n, rows, c1 - c0 + 1, C + 1]`, columns `c0..c1`. */
    private xWindow;
    private embedding;
    /**
     * `gatedResnet` at one row or position, its convolutions reading the cached inputs. `skipTerm`
     * gives `nin(concat_elu(a), ninSkip)` for a block with an auxiliary input.
     */
    private block;
    /** The `u` stream (both passes) for full-resolution row `r` and the lower-resolution rows that start there. */
    private rowStep;
    private upsizedRow;
    /** Up pass of the `u` stream at row `i` of resolution `s`; returns the skips, first to last. */
    private upRow;
    /** Down pass of the `u` stream at row `i` of resolution `s`, consuming `skips` last first. */
    private downRow;
    /** The `ul` stream at full-resolution pixel `(r, c)` and the lower-resolution positions there; returns the last activation. */
    private positionStep;
    private upsizedPosition;
    private upPosition;
    private downPosition;
}
