/**
 * Cached generation (the same schedule as `CachedStepper`) computed by our own WebAssembly SIMD
 * kernels instead of tfjs ops: at batch 1 a pixel step is a few dozen small matrix-vector
 * products, where tfjs's fixed cost per op (dispatch, tensor bookkeeping, a heap allocation per
 * output) is most of the time. Every activation cache and scratch vector is laid out once in the
 * kernels' memory (the weights once per network, see `StepNetwork`; the rest, with the calls kept
 * as they are made, once per batch size: see `Layout`), and a step is a sequence of calls into it
 * that allocates nothing there. A position's calls are recorded the first time its layout steps
 * it, and replayed from the kernels' memory by one call afterwards (see `step-program.ts`).
 *
 * What is kept, per resolution `s` (0 full, 1 half, 2 quarter), as planes of two rows (the rows
 * a 2-row kernel reads; row `i` in slot `i & 1`), every image of the batch in each:
 * - the outputs of every gated block of both streams and passes (the skips the down pass reads,
 *   the auxiliary inputs of the `ul` blocks, the inputs of the resampling layers);
 * - per block, the concat_elu of its input and of its first convolution's output (the inputs of
 *   its two convolutions);
 * - the upsized `u` rows and `ul` positions from the level below.
 * The `u` stream is computed a row at a time, the `ul` stream a position at a time, each lower
 * level when the full-resolution pixel reaches its next row or position (see `CachedStepper`).
 *
 * The per-position work is what batch 1 waits for, one matrix-vector product after another, so
 * as much as possible moves out of it into matrix products over a whole row: when a `ul` row
 * starts, the terms of each block's convolutions that read the previous row, and its skip's
 * term from the `u` stream, are computed for every position of the row at once; a position then
 * adds only the kernel row that reads its own row (and the `ul` skip). A skip is folded into its
 * block's first convolution as one more tap (its input's concat_elu, its kernel, the two biases
 * summed), a class embedding into the second convolution's bias. The sums run in another order
 * than tfjs's convolutions, so parameters agree with the tfjs path to float rounding, not bit
 * for bit.
 */
import { PixelCNNPPError } from '../errors.js';
import type { PixelCNNNet } from '../network/pixelcnn-net.js';
import type { StepExports } from './step-kernels.js';
import type { Block, Conv } from './step-network.js';
import { helperCuts, StepHelper } from './step-helper.js';
import { runStepProgram, StepRecorder, type RecordedKernels, type StepProgram } from './step-program.js';
import { StepNetwork, type StepMemory } from './step-network.js';
import { checkStepperOptions, type PixelStepper, type StepperOptions } from './stepper.js';

/** Where a tap's input vector is: a byte address, or the zero vector outside the map. */
interface VectorSource {
  at(img: number, i: number, j: number): number;
}

/**
 * A convolution call whose pointer arrays (`pcnn_step_conv`'s xs, ws, biases, outs) are kept in
 * the kernels' memory: a call site's arrays are the same whenever the slot (and, for a position,
 * the column) is, so they are laid out once and the call is made from them afterwards.
 */
interface KeptCall {
  readonly M: number;
  readonly T: number;
  readonly K: number;
  readonly N: number;
  readonly xs: number;
  readonly ws: number;
  readonly biases: number;
  readonly outs: number;
}

/** Kept calls by key (see each call site). */
type KeptCalls = Array<KeptCall | undefined>;

/** Two rows (slot `i & 1`) of an `[n, width, depth]` map, `[2][n][width][depth]` floats. */
class Plane implements VectorSource {
  /** The resampling calls that write into this plane, kept (see `convInto`, `upsizeInto`). */
  readonly kept: KeptCalls = [];

  constructor(
    readonly ptr: number,
    private readonly n: number,
    readonly width: number,
    readonly depth: number,
    private readonly zero: number,
  ) {}

  at(img: number, i: number, j: number): number {
    if (i < 0 || j < 0 || j >= this.width) return this.zero;
    return this.ptr + 4 * ((((i & 1) * this.n + img) * this.width + j) * this.depth);
  }

  /** Floats from one image's row to the next image's. */
  get imageStride(): number {
    return this.width * this.depth;
  }
}

/** The whole input image with its channel of ones, `[n][H][W][C + 1]`. */
class ImageMap implements VectorSource {
  constructor(
    readonly ptr: number,
    private readonly height: number,
    private readonly width: number,
    private readonly depth: number,
    private readonly zero: number,
  ) {}

  at(img: number, i: number, j: number): number {
    if (i < 0 || j < 0 || i >= this.height || j >= this.width) return this.zero;
    return this.ptr + 4 * (((img * this.height + i) * this.width + j) * this.depth);
  }
}

/** Vectors `m = img * cols + (j - j0)` of one call, `[M][depth]` floats. */
interface Scratch {
  readonly ptr: number;
  readonly depth: number;
}

/** One gated block's state: its output, and the concat_elu'd inputs of its two convolutions. */
interface BlockState {
  readonly block: Block;
  readonly out: Plane;
  readonly x: Plane;
  readonly c1: Plane;
  /**
   * Per image: the second convolution's bias, plus the class embedding of its label in a
   * class-conditional model (a vector per image, written by each stepper for its labels).
   */
  readonly c2Bias: readonly number[];
  /**
   * `ul` blocks: the current row's terms that do not depend on the row itself, `[n][width]`
   * vectors of F (first convolution) and 2F (second), used as the per-position biases.
   */
  readonly rowTerms1: number;
  readonly rowTerms2: number;
  /** Its convolutions' calls, kept: see `rowBlock`, `ulRowTerms`, `positionBlock`. */
  readonly kept: KeptCalls;
}

interface LevelState {
  readonly width: number;
  /** Input of the up pass (the first convolutions' output, or the downsized level above). */
  readonly upIn: Plane;
  readonly up: BlockState[];
  readonly down: BlockState[];
  /** Input of the down pass from the level below (levels 0 and 1). */
  readonly upsized: Plane | undefined;
  /** The up pass's outputs in the order the down pass consumes them as skips. */
  readonly skips: Plane[];
}

/**
 * Everything a stepper of `n` images keeps in the kernels' memory: its activation caches, its
 * scratch, and the kept calls it lays out as it goes. Its network keeps it for the next stepper
 * of as many images (see `StepNetwork.layout`), which finds its calls laid out already.
 */
interface Layout {
  readonly n: number;
  // Pointer arrays of one conv call: x[m * T + t], W[t], bias[m], out[m].
  readonly xs: number;
  readonly ws: number;
  readonly biases: number;
  readonly outs: number;
  readonly scratch: { c1: Scratch; c2: Scratch; aux: Scratch; elu: Scratch; params: Scratch };
  readonly image: ImageMap;
  readonly u: LevelState[];
  readonly ul: LevelState[];
  /** The output layer's call, kept at key 0 (its pointer arrays never change). */
  readonly outputKept: KeptCalls;
  /** Each pixel's position step as a step program, by pixel, recorded as the pixel is first stepped. */
  readonly programs: Array<PositionProgram | undefined>;
}

/** A position's step program, and whether it holds a call that a helper would cut (see `helperCuts`). */
interface PositionProgram extends StepProgram {
  readonly cut: boolean;
}

/** A new layout for `n` images of `net`'s shape, above `network`'s weights. */
function layOut(net: PixelCNNNet, network: StepNetwork, n: number): Layout {
  const { height, width, channels, nrFilters: F } = net.config;
  const memory = network.memory;
  // The most taps of one call: a 2x3 kernel and a skip (u blocks), the two first convolutions of ul.
  const maxTaps = 16;
  // The most outputs of one call: a full-resolution row of every image.
  const maxOutputs = n * width;
  const scratch = (depth: number): Scratch => ({ ptr: memory.alloc(maxOutputs * depth), depth });
  const plane = (s: number, depth: number) => new Plane(memory.alloc(2 * n * (width >> s) * depth), n, width >> s, depth, network.zero);
  const state = (s: number, block: Block, stream: 'u' | 'ul'): BlockState => {
    const c2Bias = block.embedding === undefined ? new Array<number>(n).fill(block.convOut.bias) : Array.from({ length: n }, () => memory.alloc(2 * F));
    const rows = stream === 'ul' ? n * (width >> s) : 0;
    return {
      block,
      out: plane(s, F),
      x: plane(s, 2 * F),
      c1: plane(s, 2 * F),
      c2Bias,
      rowTerms1: memory.alloc(rows * F),
      rowTerms2: memory.alloc(rows * 2 * F),
      kept: [],
    };
  };
  const levels = (stream: 'u' | 'ul'): LevelState[] =>
    network.levels[stream].map((weights, s) => {
      const upIn = plane(s, F);
      const up = weights.up.map((b) => state(s, b, stream));
      const outs = [upIn, ...up.map((b) => b.out)];
      // The quarter level's last up output is its down pass's input, not a skip.
      const skips = (s === 2 ? outs.slice(0, -1) : outs).reverse();
      return { width: width >> s, upIn, up, down: weights.down.map((b) => state(s, b, stream)), upsized: s < 2 ? plane(s, F) : undefined, skips };
    });
  return {
    n,
    xs: memory.alloc(maxOutputs * maxTaps),
    ws: memory.alloc(maxTaps),
    biases: memory.alloc(maxOutputs),
    outs: memory.alloc(maxOutputs),
    scratch: { c1: scratch(F), c2: scratch(2 * F), aux: scratch(2 * F), elu: scratch(F), params: scratch(net.outputChannels) },
    image: new ImageMap(memory.alloc(n * height * width * (channels + 1)), height, width, channels + 1, network.zero),
    u: levels('u'),
    ul: levels('ul'),
    outputKept: [],
    programs: [],
  };
}

export class WasmCachedStepper implements PixelStepper {
  /** Lays out the stepper (and, once per network, the weights); call inside the model's backend `run()`. */
  static async create(net: PixelCNNNet, options: StepperOptions): Promise<WasmCachedStepper> {
    checkStepperOptions(net, options, 'WasmCachedStepper');
    const network = await StepNetwork.acquire(net, options.helper !== undefined);
    try {
      return new WasmCachedStepper(net, options, network);
    } catch (error) {
      network.release();
      throw error;
    }
  }

  private readonly k: StepExports;
  /** The kernels the schedule calls: `k`, its convolutions through the helper if there is one. */
  private readonly direct: RecordedKernels;
  /** Where the schedule's kernel calls go: `direct`, or a recorder of them while a position's step program is recorded. */
  private calls: RecordedKernels;
  private readonly network: StepNetwork;
  private readonly net: PixelCNNNet;
  private readonly n: number;
  private readonly height: number;
  private readonly width: number;
  private readonly channels: number;
  private readonly filters: number;
  private readonly outputs: number;
  private f32!: Float32Array;
  private i32!: Int32Array;
  private readonly memory: StepMemory;
  /** The output layer's call, kept at key 0 (its pointer arrays never change). */
  private readonly outputKept: KeptCalls;
  /** Each pixel's position step, recorded (see `positionProgram`). */
  private readonly programs: Array<PositionProgram | undefined>;
  // Pointer arrays of one conv call: x[m * T + t], W[t], bias[m], out[m].
  private readonly xs: number;
  private readonly ws: number;
  private readonly biases: number;
  private readonly outs: number;
  private readonly scratch: { c1: Scratch; c2: Scratch; aux: Scratch; elu: Scratch; params: Scratch };
  private readonly image: ImageMap;
  private readonly u: LevelState[];
  private readonly ul: LevelState[];

  /** The helper thread's session, if one was free: it runs half of each row-wide call. */
  readonly helper: StepHelper | undefined;

  private written = 0;
  private stepped = 0;
  private disposed = false;

  private constructor(net: PixelCNNNet, options: StepperOptions, network: StepNetwork) {
    const { height, width, channels, nrFilters: F } = net.config;
    const { n, labels } = options;
    const memory = network.memory;
    this.memory = memory;
    this.k = memory.kernels;
    this.calls = this.direct = this.k;
    this.network = network;
    this.net = net;
    this.n = n;
    this.height = height;
    this.width = width;
    this.channels = channels;
    this.filters = F;
    this.outputs = net.outputChannels;

    // The last stepper's layout, or a new one (see `Layout`).
    const layout = network.layout(n, () => layOut(net, network, n));
    ({ xs: this.xs, ws: this.ws, biases: this.biases, outs: this.outs, scratch: this.scratch, image: this.image, u: this.u, ul: this.ul, outputKept: this.outputKept, programs: this.programs } = layout);

    // Views last: allocations may have grown the memory.
    this.makeViews();
    // The image starts as zeros with the channel of ones (the first convolutions tell it from the padding by it).
    const image = this.image.ptr >> 2;
    this.f32.fill(0, image, image + n * height * width * (channels + 1));
    for (let p = 0; p < n * height * width; p++) this.f32[image + p * (channels + 1) + channels] = 1;
    for (const level of [...this.u, ...this.ul]) {
      for (const planeOf of [level.upIn, level.upsized, ...[...level.up, ...level.down].flatMap((b) => [b.out, b.x, b.c1])]) {
        if (planeOf !== undefined) this.f32.fill(0, planeOf.ptr >> 2, (planeOf.ptr >> 2) + 2 * n * planeOf.imageStride);
      }
      // Each image's second bias: the block's, plus its label's class embedding.
      for (const { block, c2Bias } of [...level.up, ...level.down]) {
        if (block.embedding === undefined) continue;
        labels!.forEach((label, img) => {
          const at = c2Bias[img]! >> 2;
          for (let c = 0; c < 2 * F; c++) this.f32[at + c] = block.outBias[c]! + block.embedding![label * 2 * F + c]!;
        });
      }
    }
    this.helper = options.helper && network.helperSlots ? StepHelper.start(this.k, network.helperSlots, options.helper) : undefined;
    const helper = this.helper;
    if (helper !== undefined) {
      this.calls = this.direct = { ...this.k, pcnn_step_conv: (M, T, K, N, xs, ws, biases, outs) => helper.conv(M, T, K, N, xs, ws, biases, outs) };
    }
  }

  async paramsAt(p: number): Promise<Float32Array> {
    return this.stepTo(p, 'paramsAt').slice();
  }

  paramsNow(p: number): Float32Array {
    return this.stepTo(p, 'paramsNow');
  }

  /** Steps up to pixel `p` and returns its parameters, a view of the kernels' memory; `method` names the caller in errors. */
  private stepTo(p: number, method: string): Float32Array {
    this.checkLive(method);
    if (!Number.isInteger(p) || p < this.stepped || p >= this.height * this.width) {
      throw new RangeError(`${method}: pixels are computed in raster order; expected a pixel in [${this.stepped}, ${this.height * this.width}), got ${p}.`);
    }
    if (p > this.written) throw new RangeError(`${method}(${p}): pixels ${this.written}..${p - 1} have not been set.`);
    while (this.stepped < p) this.step(this.stepped++);
    this.step(this.stepped++);
    const { params } = this.scratch;
    return this.f32.subarray(params.ptr >> 2, (params.ptr >> 2) + this.n * this.outputs);
  }

  setPixel(p: number, values: Float32Array): void {
    this.checkLive('setPixel');
    if (p !== this.written) throw new RangeError(`setPixel: pixels are set in raster order; expected pixel ${this.written}, got ${p}.`);
    const { n, channels, width } = this;
    if (values.length !== n * channels) throw new RangeError(`setPixel: expected ${n * channels} values ([n, C]), got ${values.length}.`);
    const i = Math.floor(p / width);
    const j = p % width;
    for (let img = 0; img < n; img++) {
      const at = this.image.at(img, i, j) >> 2;
      for (let c = 0; c < channels; c++) this.f32[at + c] = values[img * channels + c]!;
    }
    this.written++;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.helper?.stop();
    this.network.release();
  }

  private checkLive(method: string): void {
    if (this.disposed) throw new PixelCNNPPError('E_DISPOSED', `WasmCachedStepper.${method}: the stepper was disposed.`);
    if (this.net.isDisposed) throw new PixelCNNPPError('E_DISPOSED', `WasmCachedStepper.${method}: the network was disposed.`);
  }

  // ---- kernel calls ----

  /**
   * Fills taps `t0..` of output `m` (of `T` per output): kernel rows `ky0 <= ky < ky1` of `conv`
   * at output position `(i, j)` over `source`, stride 1 or 2.
   */
  private taps(conv: Conv, source: VectorSource, m: number, T: number, t0: number, img: number, i: number, j: number, stride: number, ky0 = 0, ky1 = conv.kh): void {
    const { kh, kw, left } = conv;
    const i32 = this.i32;
    let at = (this.xs >> 2) + m * T + t0;
    const r0 = stride * i - (kh - 1);
    const c0 = stride * j - left;
    for (let ky = ky0; ky < ky1; ky++) for (let kx = 0; kx < kw; kx++) i32[at++] = source.at(img, r0 + ky, c0 + kx);
  }

  /** Weights of taps `t0..`: `taps[from..to)`. */
  private setWeights(t0: number, taps: readonly number[], from = 0, to = taps.length): void {
    const base = (this.ws >> 2) + t0 - from;
    for (let t = from; t < to; t++) this.i32[base + t] = taps[t]!;
  }

  private setX(m: number, T: number, t: number, ptr: number): void {
    this.i32[(this.xs >> 2) + m * T + t] = ptr;
  }

  private setOutput(m: number, bias: number, out: number): void {
    this.i32[(this.biases >> 2) + m] = bias;
    this.i32[(this.outs >> 2) + m] = out;
  }

  private runConv(M: number, T: number, K: number, N: number): void {
    this.conv(M, T, K, N, this.xs, this.ws, this.biases, this.outs);
  }

  /** Makes a kept call; false if there is none at `kept[key]` (the caller lays it out and calls `runAndKeep`). */
  private runKept(kept: KeptCalls, key: number): boolean {
    const call = kept[key];
    if (call === undefined) return false;
    this.conv(call.M, call.T, call.K, call.N, call.xs, call.ws, call.biases, call.outs);
    return true;
  }

  private conv(M: number, T: number, K: number, N: number, xs: number, ws: number, biases: number, outs: number): void {
    this.calls.pcnn_step_conv(M, T, K, N, xs, ws, biases, outs);
  }

  /** `runConv`, then keeps a copy of the pointer arrays it was given at `kept[key]`. */
  private runAndKeep(kept: KeptCalls, key: number, M: number, T: number, K: number, N: number): void {
    this.runConv(M, T, K, N);
    kept[key] = this.keep(M, T, K, N);
  }

  private keep(M: number, T: number, K: number, N: number): KeptCall {
    const xs = this.memory.alloc(M * T + T + 2 * M);
    // The allocation may have grown the memory.
    this.makeViews();
    const [ws, biases, outs] = [xs + 4 * M * T, xs + 4 * (M * T + T), xs + 4 * (M * T + T + M)];
    this.i32.copyWithin(xs >> 2, this.xs >> 2, (this.xs >> 2) + M * T);
    this.i32.copyWithin(ws >> 2, this.ws >> 2, (this.ws >> 2) + T);
    this.i32.copyWithin(biases >> 2, this.biases >> 2, (this.biases >> 2) + M);
    this.i32.copyWithin(outs >> 2, this.outs >> 2, (this.outs >> 2) + M);
    return { M, T, K, N, xs, ws, biases, outs };
  }

  /** (Re)makes the views of the kernels' memory: growing it replaces its buffer. */
  private makeViews(): void {
    const buffer = this.k.memory.buffer;
    if (this.f32?.buffer === buffer) return;
    this.f32 = new Float32Array(buffer);
    this.i32 = new Int32Array(buffer);
  }

  /**
   * An elementwise kernel over positions `(i, j0 .. j0 + cols)` of every image, from `a` (a plane
   * or a scratch) to `b`: one call for one position per image, one per image otherwise.
   */
  private elementwise(
    fn: (count: number, F: number, x: number, xStride: number, out: number, outStride: number) => void,
    a: Plane | Scratch,
    b: Plane | Scratch,
    i: number,
    j0: number,
    cols: number,
  ): void {
    const F = this.filters;
    if (cols === 1) {
      fn(this.n, F, addressOf(a, 0, i, j0, 1), imageStride(a, 1), addressOf(b, 0, i, j0, 1), imageStride(b, 1));
    } else {
      for (let img = 0; img < this.n; img++) fn(cols, F, addressOf(a, img, i, j0, cols), a.depth, addressOf(b, img, i, j0, cols), b.depth);
    }
  }

  /** out = input + a * sigmoid(b) at positions `(i, j0 .. j0 + cols)`, `[a, b]` in scratch c2. */
  private gate(input: Plane, out: Plane, i: number, j0: number, cols: number): void {
    const { n, filters: F, calls: k } = this;
    const g = this.scratch.c2;
    if (cols === 1) {
      k.pcnn_step_gate(n, F, input.at(0, i, j0), input.imageStride, g.ptr, g.depth, out.at(0, i, j0), out.imageStride);
    } else {
      for (let img = 0; img < n; img++) k.pcnn_step_gate(cols, F, input.at(img, i, j0), F, g.ptr + 4 * img * cols * g.depth, g.depth, out.at(img, i, j0), F);
    }
  }

  /** A `u` block at row `i` of its level: `skip` (down pass) is the plane whose concat_elu its skip reads. */
  private rowBlock(state: BlockState, input: Plane, i: number, width: number, skip: Plane | undefined): void {
    const { block, x, c1, out } = state;
    const { n, filters: F, calls: k, scratch } = this;
    const M = n * width;
    this.elementwise(k.pcnn_step_concat_elu, input, x, i, 0, width);
    if (skip !== undefined) this.elementwise(k.pcnn_step_concat_elu, skip, scratch.aux, i, 0, width);

    // Kept calls: conv1 at key `rowKey(i)`, conv2 at `3 + rowKey(i)`.
    const row = rowKey(i);
    const conv1 = block.convInput;
    if (!this.runKept(state.kept, row)) {
      const T1 = conv1.taps.length + (skip !== undefined ? 1 : 0);
      this.setWeights(0, conv1.taps);
      if (skip !== undefined) this.setWeights(conv1.taps.length, block.skipTaps);
      for (let img = 0, m = 0; img < n; img++) {
        for (let j = 0; j < width; j++, m++) {
          this.taps(conv1, x, m, T1, 0, img, i, j, 1);
          if (skip !== undefined) this.setX(m, T1, conv1.taps.length, scratch.aux.ptr + 8 * F * m);
          this.setOutput(m, block.c1Bias, scratch.c1.ptr + 4 * F * m);
        }
      }
      this.runAndKeep(state.kept, row, M, T1, 2 * F, F);
    }
    this.elementwise(k.pcnn_step_concat_elu, scratch.c1, c1, i, 0, width);

    const conv2 = block.convOut;
    if (!this.runKept(state.kept, 3 + row)) {
      const T2 = conv2.taps.length;
      this.setWeights(0, conv2.taps);
      for (let img = 0, m = 0; img < n; img++) {
        for (let j = 0; j < width; j++, m++) {
          this.taps(conv2, c1, m, T2, 0, img, i, j, 1);
          this.setOutput(m, state.c2Bias[img]!, scratch.c2.ptr + 8 * F * m);
        }
      }
      this.runAndKeep(state.kept, 3 + row, M, T2, 2 * F, 2 * F);
    }
    this.gate(input, out, i, 0, width);
  }

  /**
   * The terms of `ul` row `i` that the row's own positions do not change, for every position:
   * each block's convolutions over the previous row, and its skip's term from the `u` stream
   * (`uAux[k]`, the `u` block beside it).
   */
  private ulRowTerms(level: LevelState, uLevel: LevelState, i: number): void {
    const { n, filters: F, calls: k, scratch } = this;
    const width = level.width;
    const M = n * width;
    const blocks = [...level.up.map((b, k) => [b, uLevel.up[k]!.out] as const), ...level.down.map((b, k) => [b, uLevel.down[k]!.out] as const)];
    for (const [state, uAux] of blocks) {
      const { block, x, c1 } = state;
      this.elementwise(k.pcnn_step_concat_elu, uAux, scratch.aux, i, 0, width);
      // Kept calls: conv1 at key `6 + rowKey(i)`, conv2 at `9 + rowKey(i)`.
      const row = rowKey(i);
      const conv1 = block.convInput;
      if (!this.runKept(state.kept, 6 + row)) {
        const T1 = conv1.kw + 1;
        this.setWeights(0, conv1.taps, 0, conv1.kw);
        this.setWeights(conv1.kw, block.skipTaps, 0, 1);
        for (let img = 0, m = 0; img < n; img++) {
          for (let j = 0; j < width; j++, m++) {
            this.taps(conv1, x, m, T1, 0, img, i, j, 1, 0, 1);
            this.setX(m, T1, conv1.kw, scratch.aux.ptr + 8 * F * m);
            this.setOutput(m, block.c1Bias, state.rowTerms1 + 4 * F * m);
          }
        }
        this.runAndKeep(state.kept, 6 + row, M, T1, 2 * F, F);
      }
      const conv2 = block.convOut;
      if (!this.runKept(state.kept, 9 + row)) {
        const T2 = conv2.kw;
        this.setWeights(0, conv2.taps, 0, conv2.kw);
        for (let img = 0, m = 0; img < n; img++) {
          for (let j = 0; j < width; j++, m++) {
            this.taps(conv2, c1, m, T2, 0, img, i, j, 1, 0, 1);
            this.setOutput(m, state.c2Bias[img]!, state.rowTerms2 + 8 * F * m);
          }
        }
        this.runAndKeep(state.kept, 9 + row, M, T2, 2 * F, 2 * F);
      }
    }
  }

  /** A `ul` block at position `(i, j)`: its own kernel row, over `ulRowTerms`; `skip` (down pass) as in `rowBlock`. */
  private positionBlock(state: BlockState, input: Plane, i: number, j: number, width: number, skip: Plane | undefined): void {
    const { block, x, c1, out } = state;
    const { n, filters: F, calls: k, scratch } = this;
    this.elementwise(k.pcnn_step_concat_elu, input, x, i, j, 1);
    if (skip !== undefined) this.elementwise(k.pcnn_step_concat_elu, skip, scratch.aux, i, j, 1);

    // Kept calls: conv1 at key `12 + (i & 1) * width + j` (its kernel row reads row i only), conv2 `2 * width` further.
    const key = 12 + (i & 1) * width + j;
    const conv1 = block.convInput;
    if (!this.runKept(state.kept, key)) {
      const T1 = conv1.kw + (skip !== undefined ? 1 : 0);
      this.setWeights(0, conv1.taps, conv1.kw, 2 * conv1.kw);
      if (skip !== undefined) this.setWeights(conv1.kw, block.skipTaps, 1, 2);
      for (let img = 0; img < n; img++) {
        this.taps(conv1, x, img, T1, 0, img, i, j, 1, 1, 2);
        if (skip !== undefined) this.setX(img, T1, conv1.kw, scratch.aux.ptr + 8 * F * img);
        this.setOutput(img, state.rowTerms1 + 4 * F * (img * width + j), scratch.c1.ptr + 4 * F * img);
      }
      this.runAndKeep(state.kept, key, n, T1, 2 * F, F);
    }
    this.elementwise(k.pcnn_step_concat_elu, scratch.c1, c1, i, j, 1);

    const conv2 = block.convOut;
    if (!this.runKept(state.kept, key + 2 * width)) {
      const T2 = conv2.kw;
      this.setWeights(0, conv2.taps, conv2.kw, 2 * conv2.kw);
      for (let img = 0; img < n; img++) {
        this.taps(conv2, c1, img, T2, 0, img, i, j, 1, 1, 2);
        this.setOutput(img, state.rowTerms2 + 8 * F * (img * width + j), scratch.c2.ptr + 8 * F * img);
      }
      this.runAndKeep(state.kept, key + 2 * width, n, T2, 2 * F, 2 * F);
    }
    this.gate(input, out, i, j, 1);
  }

  /** A strided (downsizing) or plain convolution from `source` into `out` at positions `(i, j0 .. j1)`. */
  private convInto(conv: Conv, source: Plane, stride: number, i: number, j0: number, j1: number, out: Plane): void {
    // Kept in `out.kept` at key `rowKey(i) * width + j0` (a plane is written by one call site).
    const key = rowKey(i) * out.width + j0;
    if (this.runKept(out.kept, key)) return;
    const T = conv.taps.length;
    this.setWeights(0, conv.taps);
    for (let img = 0, m = 0; img < this.n; img++) {
      for (let j = j0; j < j1; j++, m++) {
        this.taps(conv, source, m, T, 0, img, i, j, stride);
        this.setOutput(m, conv.bias, out.at(img, i, j));
      }
    }
    this.runAndKeep(out.kept, key, this.n * (j1 - j0), T, conv.K, conv.N);
  }

  /**
   * Transposed stride-2 convolution of row `i` of `source`, columns `j0 .. j1`, into rows `2i`,
   * `2i + 1` and columns `2 j0 .. 2 j1` of `out`. Output column `c` takes kernel column `kx`
   * from input column `(c + left - kx) / 2` where that is an integer, so the columns of one
   * parity share their taps.
   */
  private upsizeInto(conv: Conv, source: Plane, i: number, j0: number, j1: number, out: Plane): void {
    const { kh, kw, left } = conv;
    for (let a = 0; a < kh; a++) {
      for (let parity = 0; parity < 2; parity++) {
        // Kept in `out.kept` at key `((a * 2 + parity) * 2 + (i & 1)) * width + j0`.
        const key = ((a * 2 + parity) * 2 + (i & 1)) * source.width + j0;
        if (this.runKept(out.kept, key)) continue;
        let T = 0;
        for (let kx = (parity + left) % 2; kx < kw; kx += 2) this.i32[(this.ws >> 2) + T++] = conv.taps[a * kw + kx]!;
        for (let img = 0, m = 0; img < this.n; img++) {
          for (let j = j0; j < j1; j++, m++) {
            const c = 2 * j + parity;
            for (let kx = (parity + left) % 2, t = 0; kx < kw; kx += 2, t++) this.setX(m, T, t, source.at(img, i, (c + left - kx) / 2));
            this.setOutput(m, conv.bias, out.at(img, 2 * i + a, c));
          }
        }
        this.runAndKeep(out.kept, key, this.n * (j1 - j0), T, conv.K, conv.N);
      }
    }
  }

  // ---- the schedule ----

  /** Steps pixel `p`: the network's activations there, and its mixture parameters in scratch `params`. */
  private step(p: number): void {
    const r = Math.floor(p / this.width);
    const c = p % this.width;
    if (c === 0) this.rowStep(r);
    this.positionProgram(p, r, c);
  }

  /** `positionStep(r, c)`, then the output layer there. */
  private positionAndOutput(r: number, c: number): void {
    this.positionStep(r, c);
    this.output(r, c);
  }

  /**
   * `positionAndOutput(r, c)` from its step program, recorded the first time pixel `p` is stepped
   * in this layout: its calls depend on the pixel only (the kept calls' pointer arrays are kept; a
   * call made from the shared arrays is given a copy of them). A program runs on this thread
   * alone, so a stepper with a helper makes call by call the steps that hold a call the helper
   * would cut (a large model's).
   */
  private positionProgram(p: number, r: number, c: number): void {
    const program = this.programs[p];
    if (program !== undefined) {
      if (this.helper !== undefined && program.cut) this.positionAndOutput(r, c);
      else runStepProgram(this.k, program);
      return;
    }
    let cut = false;
    const recorder = new StepRecorder(this.direct, (M, T, K, N, xs, ws, biases, outs) => {
      cut ||= helperCuts(M, T, K, N);
      if (xs !== this.xs) return [xs, ws, biases, outs];
      const kept = this.keep(M, T, K, N);
      return [kept.xs, kept.ws, kept.biases, kept.outs];
    });
    this.calls = recorder.kernels;
    try {
      this.positionAndOutput(r, c);
    } finally {
      this.calls = this.direct;
    }
    this.programs[p] = { ...recorder.finish(this.memory), cut };
    this.makeViews();
  }

  /** The `u` stream at full-resolution row `r` and the lower-resolution rows that start there; then the `ul` row terms. */
  private rowStep(r: number): void {
    const { network, width: W } = this;
    const first = this.u[0]!.upIn;
    if (r === 0) {
      this.f32.fill(0, first.at(0, 0, 0) >> 2, (first.at(0, 0, 0) >> 2) + this.n * first.imageStride);
    } else {
      // u0 is the first convolution shifted down a row: at row r, its output at row r - 1.
      const conv = network.init.u;
      const T = conv.taps.length;
      this.setWeights(0, conv.taps);
      for (let img = 0, m = 0; img < this.n; img++) {
        for (let j = 0; j < W; j++, m++) {
          this.taps(conv, this.image, m, T, 0, img, r - 1, j, 1);
          this.setOutput(m, conv.bias, first.at(img, r, j));
        }
      }
      this.runConv(this.n * W, T, conv.K, conv.N);
    }
    this.upRow(0, r);
    if (r % 2 === 0) {
      const i = r / 2;
      this.convInto(network.downsize.u[0]!, this.u[0]!.up.at(-1)!.out, 2, i, 0, W >> 1, this.u[1]!.upIn);
      this.upRow(1, i);
      if (i % 2 === 0) {
        this.convInto(network.downsize.u[1]!, this.u[1]!.up.at(-1)!.out, 2, i / 2, 0, W >> 2, this.u[2]!.upIn);
        this.upRow(2, i / 2);
        this.downRow(2, i / 2);
        this.ulRowTerms(this.ul[2]!, this.u[2]!, i / 2);
      }
      this.downRow(1, i);
      this.ulRowTerms(this.ul[1]!, this.u[1]!, i);
    }
    this.downRow(0, r);
    this.ulRowTerms(this.ul[0]!, this.u[0]!, r);
  }

  private upRow(s: number, i: number): void {
    const level = this.u[s]!;
    let input = level.upIn;
    for (const state of level.up) {
      this.rowBlock(state, input, i, level.width, undefined);
      input = state.out;
    }
  }

  private downRow(s: number, i: number): void {
    const level = this.u[s]!;
    let input = s === 2 ? level.up.at(-1)!.out : level.upsized!;
    level.down.forEach((state, k) => {
      this.rowBlock(state, input, i, level.width, level.skips[k]!);
      input = state.out;
    });
    if (s > 0) this.upsizeInto(this.network.upsize.u[2 - s]!, input, i, 0, level.width, this.u[s - 1]!.upsized!);
  }

  /** The `ul` stream at full-resolution pixel `(r, c)` and the lower-resolution positions there. */
  private positionStep(r: number, c: number): void {
    const { network } = this;
    const first = this.ul[0]!.upIn;
    // ul0: the down-shifted convolution at (r - 1, c) plus the down-right-shifted one at (r, c - 1).
    const { ulDown, ulRight, ulBias } = network.init;
    const downTaps = r > 0 ? ulDown.taps.length : 0;
    const T = downTaps + (c > 0 ? ulRight.taps.length : 0);
    if (r > 0) this.setWeights(0, ulDown.taps);
    if (c > 0) this.setWeights(downTaps, ulRight.taps);
    const bias = r > 0 && c > 0 ? ulBias.both : r > 0 ? ulBias.down : c > 0 ? ulBias.right : network.zero;
    for (let img = 0; img < this.n; img++) {
      if (r > 0) this.taps(ulDown, this.image, img, T, 0, img, r - 1, c, 1);
      if (c > 0) this.taps(ulRight, this.image, img, T, downTaps, img, r, c - 1, 1);
      this.setOutput(img, bias, first.at(img, r, c));
    }
    this.runConv(this.n, T, this.channels + 1, this.filters);

    this.upPosition(0, r, c);
    if (r % 2 === 0 && c % 2 === 0) {
      const [i, j] = [r / 2, c / 2];
      this.convInto(network.downsize.ul[0]!, this.ul[0]!.up.at(-1)!.out, 2, i, j, j + 1, this.ul[1]!.upIn);
      this.upPosition(1, i, j);
      if (i % 2 === 0 && j % 2 === 0) {
        this.convInto(network.downsize.ul[1]!, this.ul[1]!.up.at(-1)!.out, 2, i / 2, j / 2, j / 2 + 1, this.ul[2]!.upIn);
        this.upPosition(2, i / 2, j / 2);
        this.downPosition(2, i / 2, j / 2);
      }
      this.downPosition(1, i, j);
    }
    this.downPosition(0, r, c);
  }

  private upPosition(s: number, i: number, j: number): void {
    const level = this.ul[s]!;
    let input = level.upIn;
    for (const state of level.up) {
      this.positionBlock(state, input, i, j, level.width, undefined);
      input = state.out;
    }
  }

  private downPosition(s: number, i: number, j: number): void {
    const level = this.ul[s]!;
    let input = s === 2 ? level.up.at(-1)!.out : level.upsized!;
    level.down.forEach((state, k) => {
      this.positionBlock(state, input, i, j, level.width, level.skips[k]!);
      input = state.out;
    });
    if (s > 0) this.upsizeInto(this.network.upsize.ul[2 - s]!, input, i, j, j + 1, this.ul[s - 1]!.upsized!);
  }

  /** `nin(elu(ul), ninOut)` at `(r, c)` of every image, `[n, P]`, into scratch `params`. */
  private output(r: number, c: number): void {
    const { n, filters: F, outputs: P } = this;
    const last = this.ul[0]!.down.at(-1)!.out;
    const { elu, params } = this.scratch;
    const ninOut = this.network.ninOut;
    this.calls.pcnn_step_elu(n, F, last.at(0, r, c), last.imageStride, elu.ptr, F);
    if (!this.runKept(this.outputKept, 0)) {
      this.setWeights(0, ninOut.taps);
      for (let img = 0; img < n; img++) {
        this.setX(img, 1, 0, elu.ptr + 4 * F * img);
        this.setOutput(img, ninOut.bias, params.ptr + 4 * P * img);
      }
      this.runAndKeep(this.outputKept, 0, n, 1, F, P);
    }
  }
}

/**
 * Which kept calls serve row `i` of a level: those of its slot, except at row 0, whose kernels
 * read the zero vector above the image where later rows of the slot read their row above.
 */
function rowKey(i: number): number {
  return i === 0 ? 2 : i & 1;
}

function addressOf(v: Plane | Scratch, img: number, i: number, j0: number, cols: number): number {
  return v instanceof Plane ? v.at(img, i, j0) : v.ptr + 4 * img * cols * v.depth;
}

function imageStride(v: Plane | Scratch, cols: number): number {
  return v instanceof Plane ? v.imageStride : cols * v.depth;
}
