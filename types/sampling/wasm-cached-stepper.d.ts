import type { PixelCNNNet } from '../network/pixelcnn-net.js';
import { StepHelper } from './step-helper.js';
import { type PixelStepper, type StepperOptions } from './stepper.js';
export declare class WasmCachedStepper implements PixelStepper {
    /** Lays out the stepper (and, once per network, the weights); call inside the model's backend `run()`. */
    static create(net: PixelCNNNet, options: StepperOptions): Promise<WasmCachedStepper>;
    private readonly k;
    /** The kernels the schedule calls: `k`, its convolutions through the helper if there is one. */
    private readonly direct;
    /** Where the schedule's kernel calls go: `direct`, or a recorder of them while a position's step program is recorded. */
    private calls;
    private readonly network;
    private readonly net;
    private readonly n;
    private readonly height;
    private readonly width;
    private readonly channels;
    private readonly filters;
    private readonly outputs;
    private f32;
    private i32;
    private readonly memory;
    /** The output layer's call, kept at key 0 (its pointer arrays never change). */
    private readonly outputKept;
    /** Each pixel's position step, recorded (see `positionProgram`). */
    private readonly programs;
    private readonly xs;
    private readonly ws;
    private readonly biases;
    private readonly outs;
    private readonly scratch;
    private readonly image;
    private readonly u;
    private readonly ul;
    /** The helper thread's session, if one was free: it runs half of each row-wide call. */
    readonly helper: StepHelper | undefined;
    private written;
    private stepped;
    private disposed;
    private constructor();
    paramsAt(p: number): Promise<Float32Array>;
    paramsNow(p: number): Float32Array;
    /** Steps up to pixel `p` and returns its parameters, a view of the kernels' memory; `method` names the caller in errors. */
    private stepTo;
    setPixel(p: number, values: Float32Array): void;
    dispose(): void;
    private checkLive;
    /**
     * Fills taps `t0..` of output `m` (of `T` per output): kernel rows `ky0 <= ky < ky1` of `conv`
     * at output position `(i, j)` over `source`, stride 1 or 2.
     */
    private taps;
    /** Weights of taps `t0..`: `taps[from..to)`. */
    private setWeights;
    private setX;
    private setOutput;
    private runConv;
    /** Makes a kept call; false if there is none at `kept[key]` (the caller lays it out and calls `runAndKeep`). */
    private runKept;
    private conv;
    /** `runConv`, then keeps a copy of the pointer arrays it was given at `kept[key]`. */
    private runAndKeep;
    private keep;
    /** (Re)makes the views of the kernels' memory: growing it replaces its buffer. */
    private makeViews;
    /**
     * An elementwise kernel over positions `(i, j0 .. j0 + cols)` of every image, from `a` (a plane
     * or a scratch) to `b`: one call for one position per image, one per image otherwise.
     */
    private elementwise;
    /** out = input + a * sigmoid(b) at positions `(i, j0 .. j0 + cols)`, `[a, b]` in scratch c2. */
    private gate;
    /** A `u` block at row `i` of its level: `skip` (down pass) is the plane whose concat_elu its skip reads. */
    private rowBlock;
    /**
     * The terms of `ul` row `i` that the row's own positions do not change, for every position:
     * each block's convolutions over the previous row, and its skip's term from the `u` stream
     * (`uAux[k]`, the `u` block beside it).
     */
    private ulRowTerms;
    /** A `ul` block at position `(i, j)`: its own kernel row, over `ulRowTerms`; `skip` (down pass) as in `rowBlock`. */
    private positionBlock;
    /** A strided (downsizing) or plain convolution from `source` into `out` at positions `(i, j0 .. j1)`. */
    private convInto;
    /**
     * Transposed stride-2 convolution of row `i` of `source`, columns `j0 .. j1`, into rows `2i`,
     * `2i + 1` and columns `2 j0 .. 2 j1` of `out`. Output column `c` takes kernel column `kx`
     * from input column `(c + left - kx) / 2` where that is an integer, so the columns of one
     * parity share their taps.
     */
    private upsizeInto;
    /** Steps pixel `p`: the network's activations there, and its mixture parameters in scratch `params`. */
    private step;
    /** `positionStep(r, c)`, then the output layer there. */
    private positionAndOutput;
    /**
     * `positionAndOutput(r, c)` from its step program, recorded the first time pixel `p` is stepped
     * in this layout: its calls depend on the pixel only (the kept calls' pointer arrays are kept; a
     * call made from the shared arrays is given a copy of them). A program runs on this thread
     * alone, so a stepper with a helper makes call by call the steps that hold a call the helper
     * would cut (a large model's).
     */
    private positionProgram;
    /** The `u` stream at full-resolution row `r` and the lower-resolution rows that start there; then the `ul` row terms. */
    private rowStep;
    private upRow;
    private downRow;
    /** The `ul` stream at full-resolution pixel `(r, c)` and the lower-resolution positions there. */
    private positionStep;
    private upPosition;
    private downPosition;
    /** `nin(elu(ul), ninOut)` at `(r, c)` of every image, `[n, P]`, into scratch `params`. */
    private output;
}
