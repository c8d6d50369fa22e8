/**
 * Cached generation (the same schedule as `CachedStepper`) computed by our own WebAssembly SIMD
 * kernels instead of tfjs ops: at batch 1 a pixel step is a few dozen small matrix-vector
 * products, where tfjs's fixed cost per op (dispatch, tensor bookkeeping, a heap allocation per
 * output) is most of the time. Here every activation cache, weight and scratch vector is laid
 * out once in the kernels' memory, and a step is a sequence of calls into it that allocates
 * nothing.
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
 * A network-in-network skip is folded into the first convolution of its block as one more tap
 * (its input's concat_elu, its kernel, the two biases summed), a class embedding into the second
 * convolution's bias, so a block is five kernel calls. The sums run in another order than tfjs's
 * convolutions, so parameters agree with the tfjs path to float rounding, not bit for bit.
 */
import { PixelCNNPPError } from '../errors.js';
import type { ConvParams, DenseParams, GatedResnetParams } from '../network/layers.js';
import type { NetworkParams, PixelCNNNet } from '../network/pixelcnn-net.js';
import type { StepperOptions } from './naive-stepper.js';
import type { StepExports } from './step-kernels.js';
import { instantiateStepKernels } from './step-kernels.js';
import type { PixelStepper } from './stepper.js';

const WASM_PAGE = 65536;

/** Where a tap's input vector is: a byte address, or the zero vector outside the map. */
interface VectorSource {
  at(img: number, i: number, j: number): number;
}

/** Two rows (slot `i & 1`) of an `[n, width, depth]` map, `[2][n][width][depth]` floats. */
class Plane implements VectorSource {
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

/** A convolution in the kernels' memory: one `[K][N]` matrix per kernel position, bias `[N]`. */
interface Conv {
  readonly taps: readonly number[];
  readonly kh: number;
  readonly kw: number;
  /** Columns of padding on the left: `(kw - 1) / 2` down-shifted, `kw - 1` down-right-shifted. */
  readonly left: number;
  readonly K: number;
  readonly N: number;
  readonly bias: number;
}

interface Block {
  readonly convInput: Conv;
  readonly convOut: Conv;
  /** The skip's kernel, one `[2F][F]` matrix per auxiliary input (none, one, or `u` and the skip). */
  readonly skipTaps: readonly number[];
  /** Bias of the first convolution plus the skip's. */
  readonly c1Bias: number;
  /** Per image: bias of the second convolution plus the class embedding of its label. */
  readonly c2Bias: readonly number[];
}

/** One gated block's planes: its output, and the concat_elu'd inputs of its two convolutions. */
interface BlockState {
  readonly block: Block;
  readonly out: Plane;
  readonly x: Plane;
  readonly c1: Plane;
}

interface Level {
  /** Up pass: `[0]` the level's input, `[k + 1]` block k's output (blocks in `up`). */
  readonly upIn: Plane;
  readonly up: BlockState[];
  readonly down: BlockState[];
  /** Input of the down pass from the level below (levels 0 and 1). */
  readonly upsized: Plane | undefined;
}

/** Outputs `m = img * cols + (j - j0)` of a call, in scratch memory `[M][depth]`. */
interface Scratch {
  readonly ptr: number;
  readonly depth: number;
}

export class WasmCachedStepper implements PixelStepper {
  /** Loads the kernels and lays out the network; call inside the model's backend `run()`. */
  static async create(net: PixelCNNNet, options: StepperOptions): Promise<WasmCachedStepper> {
    checkOptions(net, options);
    return new WasmCachedStepper(net, options, await instantiateStepKernels());
  }

  private readonly k: StepExports;
  private readonly net: PixelCNNNet;
  private readonly n: number;
  private readonly height: number;
  private readonly width: number;
  private readonly channels: number;
  private readonly filters: number;
  private readonly outputs: number;
  private top: number;
  private readonly zero: number;
  private f32!: Float32Array;
  private i32!: Int32Array;
  // Pointer arrays of one conv call: x[m * T + t], W[t], bias[m], out[m].
  private readonly xs: number;
  private readonly ws: number;
  private readonly biases: number;
  private readonly outs: number;
  private readonly scratch: { c1: Scratch; c2: Scratch; aux: [Scratch, Scratch]; elu: Scratch; params: Scratch };

  private readonly image: ImageMap;
  private readonly levels: Level[];
  private readonly ulLevels: Level[];
  private readonly init: { u: Conv; ulDown: Conv; ulRight: Conv; ulBias: { down: number; right: number; both: number } };
  private readonly downsize: { u: Conv[]; ul: Conv[] };
  private readonly upsize: { u: Conv[]; ul: Conv[] };
  private readonly ninOut: Conv;

  private written = 0;
  private stepped = 0;
  private disposed = false;

  private constructor(net: PixelCNNNet, options: StepperOptions, kernels: StepExports) {
    const { height, width, channels, nrFilters: F, nrResnet } = net.config;
    const { n } = options;
    this.k = kernels;
    this.net = net;
    this.n = n;
    this.height = height;
    this.width = width;
    this.channels = channels;
    this.filters = F;
    this.outputs = net.outputChannels;
    this.top = kernels.pcnn_step_heap_base();
    const params: NetworkParams = net.params;
    const labels = options.labels;

    const zeroLength = Math.max(4 * F, channels + 1, this.outputs);
    this.zero = this.alloc(zeroLength);
    const maxTaps = 16;
    const maxOutputs = n * width;
    this.xs = this.alloc(maxOutputs * maxTaps);
    this.ws = this.alloc(maxTaps);
    this.biases = this.alloc(maxOutputs);
    this.outs = this.alloc(maxOutputs);
    const scratch = (depth: number): Scratch => ({ ptr: this.alloc(maxOutputs * depth), depth });
    this.scratch = {
      c1: scratch(F),
      c2: scratch(2 * F),
      aux: [scratch(2 * F), scratch(2 * F)],
      elu: scratch(F),
      params: scratch(this.outputs),
    };

    const imagePtr = this.alloc(n * height * width * (channels + 1));
    this.image = new ImageMap(imagePtr, height, width, channels + 1, this.zero);
    // The channel of ones (the first convolutions tell the image from the zero padding by it).
    const image = this.view(imagePtr, n * height * width * (channels + 1));
    for (let p = 0; p < n * height * width; p++) image[p * (channels + 1) + channels] = 1;

    const u = (c: ConvParams) => this.uploadConv(c, 'u');
    const ul = (c: ConvParams) => this.uploadConv(c, 'ul');
    this.init = {
      u: u(params.uInit),
      ulDown: u(params.ulInitDown),
      ulRight: ul(params.ulInitRight),
      ulBias: { down: 0, right: 0, both: 0 },
    };
    const biasDown = this.read(params.ulInitDown.bias);
    const biasRight = this.read(params.ulInitRight.bias);
    this.init.ulBias.down = this.upload(biasDown);
    this.init.ulBias.right = this.upload(biasRight);
    this.init.ulBias.both = this.upload(biasDown.map((b, c) => b + biasRight[c]!));
    this.downsize = { u: params.downsize.u.map(u), ul: params.downsize.ul.map(ul) };
    this.upsize = {
      u: params.upsize.u.map((c) => this.uploadDeconv(c, 'u')),
      ul: params.upsize.ul.map((c) => this.uploadDeconv(c, 'ul')),
    };
    this.ninOut = this.uploadDense(params.ninOut);

    const plane = (level: number, depth: number) => new Plane(this.alloc(2 * n * (width >> level) * depth), n, width >> level, depth, this.zero);
    const state = (level: number, block: Block): BlockState => ({ block, out: plane(level, F), x: plane(level, 2 * F), c1: plane(level, 2 * F) });
    const levels = (stream: 'u' | 'ul'): Level[] =>
      [0, 1, 2].map((s) => ({
        upIn: plane(s, F),
        up: params.up[s]![stream].map((b) => state(s, this.uploadBlock(b, stream, labels))),
        down: params.down[2 - s]![stream].map((b) => state(s, this.uploadBlock(b, stream, labels))),
        upsized: s < 2 ? plane(s, F) : undefined,
      }));
    this.levels = levels('u');
    this.ulLevels = levels('ul');
    if (this.levels[0]!.up.length !== nrResnet) throw new Error('unexpected network structure');
    this.refreshViews();
  }

  async paramsAt(p: number): Promise<Float32Array> {
    this.checkLive('paramsAt');
    if (!Number.isInteger(p) || p < this.stepped || p >= this.height * this.width) {
      throw new RangeError(`paramsAt: pixels are computed in raster order; expected a pixel in [${this.stepped}, ${this.height * this.width}), got ${p}.`);
    }
    if (p > this.written) throw new RangeError(`paramsAt(${p}): pixels ${this.written}..${p - 1} have not been set.`);
    while (this.stepped < p) this.step(this.stepped++);
    this.step(this.stepped++);
    return this.output(p);
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
    // Everything lives in the kernels' own memory, which goes with this object.
    this.disposed = true;
  }

  private checkLive(method: string): void {
    if (this.disposed) throw new PixelCNNPPError('E_DISPOSED', `WasmCachedStepper.${method}: the stepper was disposed.`);
    if (this.net.isDisposed) throw new PixelCNNPPError('E_DISPOSED', `WasmCachedStepper.${method}: the network was disposed.`);
  }

  // ---- memory layout ----

  /** `count` floats (or pointers), 16-byte aligned; grows the memory as needed. */
  private alloc(count: number): number {
    const ptr = this.top;
    this.top += (count * 4 + 15) & ~15;
    const { memory } = this.k;
    if (this.top > memory.buffer.byteLength) memory.grow(Math.ceil((this.top - memory.buffer.byteLength) / WASM_PAGE));
    return ptr;
  }

  private view(ptr: number, count: number): Float32Array {
    return new Float32Array(this.k.memory.buffer, ptr, count);
  }

  private refreshViews(): void {
    this.f32 = new Float32Array(this.k.memory.buffer);
    this.i32 = new Int32Array(this.k.memory.buffer);
  }

  private upload(values: Float32Array): number {
    const ptr = this.alloc(values.length);
    this.view(ptr, values.length).set(values);
    return ptr;
  }

  private read(t: { dataSync(): unknown }): Float32Array {
    return t.dataSync() as Float32Array;
  }

  /** A convolution `[kh, kw, K, N]`: each kernel position's `[K][N]` block is a tap. */
  private uploadConv({ filter, bias }: ConvParams, stream: 'u' | 'ul'): Conv {
    const [kh, kw, K, N] = filter.shape;
    const values = this.read(filter);
    const taps = Array.from({ length: kh * kw }, (_, t) => this.upload(values.subarray(t * K * N, (t + 1) * K * N)));
    return { taps, kh, kw, left: stream === 'u' ? (kw - 1) >> 1 : kw - 1, K, N, bias: this.upload(this.read(bias)) };
  }

  /** A transposed convolution, filter `[kh, kw, N, K]`: its taps transposed to `[K][N]`. */
  private uploadDeconv({ filter, bias }: ConvParams, stream: 'u' | 'ul'): Conv {
    const [kh, kw, N, K] = filter.shape;
    const values = this.read(filter);
    const taps = Array.from({ length: kh * kw }, (_, t) => {
      const block = new Float32Array(K * N);
      for (let o = 0; o < N; o++) for (let c = 0; c < K; c++) block[c * N + o] = values[(t * N + o) * K + c]!;
      return this.upload(block);
    });
    return { taps, kh, kw, left: stream === 'u' ? (kw - 1) >> 1 : 0, K, N, bias: this.upload(this.read(bias)) };
  }

  private uploadDense({ kernel, bias }: DenseParams): Conv {
    const [K, N] = kernel.shape;
    return { taps: [this.upload(this.read(kernel))], kh: 1, kw: 1, left: 0, K, N, bias: this.upload(this.read(bias)) };
  }

  private uploadBlock(params: GatedResnetParams, stream: 'u' | 'ul', labels: Int32Array | undefined): Block {
    const F = this.filters;
    const convInput = this.uploadConv(params.convInput, stream);
    const convOut = this.uploadConv(params.convOut, stream);
    let skipTaps: number[] = [];
    let c1Bias = convInput.bias;
    if (params.ninSkip !== undefined) {
      const kernel = this.read(params.ninSkip.kernel);
      const skipBias = this.read(params.ninSkip.bias);
      const inputs = params.ninSkip.kernel.shape[0];
      if (inputs === 2 * F) {
        skipTaps = [this.upload(kernel)];
      } else {
        // The `ul` down blocks' skip reads concat_elu([u, skip]) = elu([u, skip, -u, -skip]): the
        // rows split into the matrices for concat_elu(u) = [u, -u] and concat_elu(skip).
        const rows = (a: number, b: number) => {
          const m = new Float32Array(2 * F * F);
          m.set(kernel.subarray(a * F * F, (a + 1) * F * F), 0);
          m.set(kernel.subarray(b * F * F, (b + 1) * F * F), F * F);
          return this.upload(m);
        };
        skipTaps = [rows(0, 2), rows(1, 3)];
      }
      const inputBias = this.read(params.convInput.bias);
      c1Bias = this.upload(inputBias.map((b, c) => b + skipBias[c]!));
    }
    const outBias = this.read(params.convOut.bias);
    let c2Bias = Array.from({ length: this.n }, () => convOut.bias);
    if (params.classEmbedding !== undefined && labels !== undefined) {
      const table = this.read(params.classEmbedding);
      const width = 2 * F;
      c2Bias = Array.from(labels, (label) => this.upload(outBias.map((b, c) => b + table[label * width + c]!)));
    }
    return { convInput, convOut, skipTaps, c1Bias, c2Bias };
  }

  // ---- kernel calls ----

  /**
   * Fills the taps of output `m` for `conv` at output position `(i, j)` of `source` (stride 1 or
   * 2), from tap slot `t0` of `T`.
   */
  private taps(conv: Conv, source: VectorSource, m: number, T: number, t0: number, img: number, i: number, j: number, stride: number): void {
    const { kh, kw, left } = conv;
    const i32 = this.i32;
    let at = (this.xs >> 2) + m * T + t0;
    const r0 = stride * i - (kh - 1);
    const c0 = stride * j - left;
    for (let ky = 0; ky < kh; ky++) for (let kx = 0; kx < kw; kx++) i32[at++] = source.at(img, r0 + ky, c0 + kx);
  }

  private setWeights(t0: number, taps: readonly number[]): void {
    this.i32.set(taps, (this.ws >> 2) + t0);
  }

  private setOutput(m: number, bias: number, out: number): void {
    this.i32[(this.biases >> 2) + m] = bias;
    this.i32[(this.outs >> 2) + m] = out;
  }

  private runConv(M: number, T: number, K: number, N: number): void {
    this.k.pcnn_step_conv(M, T, K, N, this.xs, this.ws, this.biases, this.outs);
  }

  /**
   * An elementwise kernel over positions `(i, j0..j1)` of every image, from `a` (a plane or a
   * scratch) to `b`: one call when there is one position per image, one per image otherwise.
   */
  private elementwise(
    fn: (count: number, F: number, x: number, xStride: number, out: number, outStride: number) => void,
    F: number,
    a: Plane | Scratch,
    b: Plane | Scratch,
    i: number,
    j0: number,
    j1: number,
  ): void {
    const cols = j1 - j0;
    const address = (v: Plane | Scratch, img: number) => (v instanceof Plane ? v.at(img, i, j0) : v.ptr + 4 * img * cols * v.depth);
    const imageStride = (v: Plane | Scratch) => (v instanceof Plane ? v.imageStride : cols * v.depth);
    if (cols === 1) {
      fn(this.n, F, address(a, 0), imageStride(a), address(b, 0), imageStride(b));
    } else {
      for (let img = 0; img < this.n; img++) fn(cols, F, address(a, img), a.depth, address(b, img), b.depth);
    }
  }

  /**
   * A gated block at positions `(i, j0..j1)` of one level: `input` through the block into
   * `state.out`. `aux` are the planes whose concat_elu the skip reads (in `skipTaps` order).
   */
  private block(state: BlockState, input: Plane, i: number, j0: number, j1: number, aux: readonly Plane[]): void {
    const { block, x, c1, out } = state;
    const { n, filters: F, k } = this;
    const cols = j1 - j0;
    const M = n * cols;
    const concatElu = k.pcnn_step_concat_elu;
    this.elementwise(concatElu, F, input, x, i, j0, j1);
    aux.forEach((plane, a) => this.elementwise(concatElu, F, plane, this.scratch.aux[a]!, i, j0, j1));

    // c1 = conv(concat_elu(x)) + nin(concat_elu(aux)), into scratch.
    const conv1 = block.convInput;
    let T = conv1.taps.length + aux.length;
    this.setWeights(0, conv1.taps);
    this.setWeights(conv1.taps.length, block.skipTaps);
    for (let img = 0, m = 0; img < n; img++) {
      for (let j = j0; j < j1; j++, m++) {
        this.taps(conv1, x, m, T, 0, img, i, j, 1);
        for (let a = 0; a < aux.length; a++) this.i32[(this.xs >> 2) + m * T + conv1.taps.length + a] = this.scratch.aux[a]!.ptr + 8 * F * m;
        this.setOutput(m, block.c1Bias, this.scratch.c1.ptr + 4 * F * m);
      }
    }
    this.runConv(M, T, 2 * F, F);
    this.elementwise(concatElu, F, this.scratch.c1, c1, i, j0, j1);

    // c2 = conv(concat_elu(c1)) + embedding; out = x + a * sigmoid(b).
    const conv2 = block.convOut;
    T = conv2.taps.length;
    this.setWeights(0, conv2.taps);
    for (let img = 0, m = 0; img < n; img++) {
      for (let j = j0; j < j1; j++, m++) {
        this.taps(conv2, c1, m, T, 0, img, i, j, 1);
        this.setOutput(m, block.c2Bias[img]!, this.scratch.c2.ptr + 8 * F * m);
      }
    }
    this.runConv(M, T, 2 * F, 2 * F);
    const g = this.scratch.c2;
    if (cols === 1) {
      k.pcnn_step_gate(n, F, input.at(0, i, j0), input.imageStride, g.ptr, g.depth, out.at(0, i, j0), out.imageStride);
    } else {
      for (let img = 0; img < n; img++) {
        k.pcnn_step_gate(cols, F, input.at(img, i, j0), F, g.ptr + 4 * img * cols * g.depth, g.depth, out.at(img, i, j0), F);
      }
    }
  }

  /** A strided (downsizing) or plain convolution from `source` into `out` at positions `(i, j0..j1)`. */
  private convInto(conv: Conv, source: VectorSource, stride: number, i: number, j0: number, j1: number, out: Plane): void {
    const T = conv.taps.length;
    this.setWeights(0, conv.taps);
    for (let img = 0, m = 0; img < this.n; img++) {
      for (let j = j0; j < j1; j++, m++) {
        this.taps(conv, source, m, T, 0, img, i, j, stride);
        this.setOutput(m, conv.bias, out.at(img, i, j));
      }
    }
    this.runConv(this.n * (j1 - j0), T, conv.K, conv.N);
  }

  /**
   * Transposed stride-2 convolution of row `i` of `source`, columns `j0..j1`, into rows `2i`,
   * `2i + 1` and columns `2 j0 .. 2 j1` of `out`. Output column `c` takes kernel column `kx`
   * from input column `(c + left - kx) / 2` where that is an integer, so the columns of one
   * parity share their taps.
   */
  private upsizeInto(conv: Conv, source: Plane, i: number, j0: number, j1: number, out: Plane): void {
    const { kh, kw, left } = conv;
    for (let a = 0; a < kh; a++) {
      for (let parity = 0; parity < 2; parity++) {
        const kxs: number[] = [];
        for (let kx = 0; kx < kw; kx++) if ((parity + left - kx) % 2 === 0) kxs.push(kx);
        const T = kxs.length;
        this.setWeights(0, kxs.map((kx) => conv.taps[a * kw + kx]!));
        for (let img = 0, m = 0; img < this.n; img++) {
          for (let j = j0; j < j1; j++, m++) {
            const c = 2 * j + parity;
            kxs.forEach((kx, t) => {
              this.i32[(this.xs >> 2) + m * T + t] = source.at(img, i, (c + left - kx) / 2);
            });
            this.setOutput(m, conv.bias, out.at(img, 2 * i + a, c));
          }
        }
        this.runConv(this.n * (j1 - j0), T, conv.K, conv.N);
      }
    }
  }

  // ---- the schedule ----

  private step(p: number): void {
    const r = Math.floor(p / this.width);
    const c = p % this.width;
    if (c === 0) this.rowStep(r);
    this.positionStep(r, c);
  }

  /** The `u` stream at full-resolution row `r` and the lower-resolution rows that start there. */
  private rowStep(r: number): void {
    const W = this.width;
    const first = this.levels[0]!.upIn;
    if (r === 0) {
      this.f32.fill(0, first.at(0, 0, 0) >> 2, (first.at(0, 0, 0) >> 2) + this.n * first.imageStride);
    } else {
      // u0 is the first convolution shifted down a row: at row r, its output at row r - 1.
      const conv = this.init.u;
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
      this.convInto(this.downsize.u[0]!, this.levels[0]!.up.at(-1)!.out, 2, i, 0, W >> 1, this.levels[1]!.upIn);
      this.upRow(1, i);
      if (i % 2 === 0) {
        this.convInto(this.downsize.u[1]!, this.levels[1]!.up.at(-1)!.out, 2, i / 2, 0, W >> 2, this.levels[2]!.upIn);
        this.upRow(2, i / 2);
        this.downRow(2, i / 2);
      }
      this.downRow(1, i);
    }
    this.downRow(0, r);
  }

  private upRow(s: number, i: number): void {
    const level = this.levels[s]!;
    let input = level.upIn;
    for (const state of level.up) {
      this.block(state, input, i, 0, this.width >> s, []);
      input = state.out;
    }
  }

  /** The skips of level `s`'s down pass, in the order its blocks consume them. */
  private skips(level: Level, s: number): Plane[] {
    const outs = [level.upIn, ...level.up.map((b) => b.out)];
    // The quarter level's last up output is its down pass's input, not a skip.
    return (s === 2 ? outs.slice(0, -1) : outs).reverse();
  }

  private downRow(s: number, i: number): void {
    const level = this.levels[s]!;
    const width = this.width >> s;
    const skips = this.skips(level, s);
    let input = s === 2 ? level.up.at(-1)!.out : level.upsized!;
    level.down.forEach((state, k) => {
      this.block(state, input, i, 0, width, [skips[k]!]);
      input = state.out;
    });
    if (s > 0) this.upsizeInto(this.upsize.u[2 - s]!, input, i, 0, width, this.levels[s - 1]!.upsized!);
  }

  /** The `ul` stream at full-resolution pixel `(r, c)` and the lower-resolution positions there. */
  private positionStep(r: number, c: number): void {
    const first = this.ulLevels[0]!.upIn;
    // ul0: the down-shifted convolution at (r - 1, c) plus the down-right-shifted one at (r, c - 1).
    const { ulDown, ulRight, ulBias } = this.init;
    const parts = [...(r > 0 ? [ulDown] : []), ...(c > 0 ? [ulRight] : [])];
    const T = parts.reduce((sum, conv) => sum + conv.taps.length, 0);
    if (r > 0) this.setWeights(0, ulDown.taps);
    if (c > 0) this.setWeights(r > 0 ? ulDown.taps.length : 0, ulRight.taps);
    const bias = r > 0 && c > 0 ? ulBias.both : r > 0 ? ulBias.down : c > 0 ? ulBias.right : this.zero;
    for (let img = 0; img < this.n; img++) {
      if (r > 0) this.taps(ulDown, this.image, img, T, 0, img, r - 1, c, 1);
      if (c > 0) this.taps(ulRight, this.image, img, T, r > 0 ? ulDown.taps.length : 0, img, r, c - 1, 1);
      this.setOutput(img, bias, first.at(img, r, c));
    }
    this.runConv(this.n, T, this.channels + 1, this.filters);

    this.upPosition(0, r, c);
    if (r % 2 === 0 && c % 2 === 0) {
      const [i, j] = [r / 2, c / 2];
      this.convInto(this.downsize.ul[0]!, this.ulLevels[0]!.up.at(-1)!.out, 2, i, j, j + 1, this.ulLevels[1]!.upIn);
      this.upPosition(1, i, j);
      if (i % 2 === 0 && j % 2 === 0) {
        this.convInto(this.downsize.ul[1]!, this.ulLevels[1]!.up.at(-1)!.out, 2, i / 2, j / 2, j / 2 + 1, this.ulLevels[2]!.upIn);
        this.upPosition(2, i / 2, j / 2);
        this.downPosition(2, i / 2, j / 2);
      }
      this.downPosition(1, i, j);
    }
    this.downPosition(0, r, c);
  }

  private upPosition(s: number, i: number, j: number): void {
    const level = this.ulLevels[s]!;
    const uLevel = this.levels[s]!;
    let input = level.upIn;
    level.up.forEach((state, k) => {
      // The auxiliary input is the `u` stream's output of the same block.
      this.block(state, input, i, j, j + 1, [uLevel.up[k]!.out]);
      input = state.out;
    });
  }

  private downPosition(s: number, i: number, j: number): void {
    const level = this.ulLevels[s]!;
    const uLevel = this.levels[s]!;
    const skips = this.skips(level, s);
    let input = s === 2 ? level.up.at(-1)!.out : level.upsized!;
    level.down.forEach((state, k) => {
      this.block(state, input, i, j, j + 1, [uLevel.down[k]!.out, skips[k]!]);
      input = state.out;
    });
    if (s > 0) this.upsizeInto(this.upsize.ul[2 - s]!, input, i, j, j + 1, this.ulLevels[s - 1]!.upsized!);
  }

  /** `nin(elu(ul), ninOut)` at pixel `p` of every image, `[n, P]`. */
  private output(p: number): Float32Array {
    const r = Math.floor(p / this.width);
    const c = p % this.width;
    const { n, filters: F, outputs: P } = this;
    const last = this.ulLevels[0]!.down.at(-1)!.out;
    const { elu, params } = this.scratch;
    this.k.pcnn_step_elu(n, F, last.at(0, r, c), last.imageStride, elu.ptr, F);
    this.setWeights(0, this.ninOut.taps);
    for (let img = 0; img < n; img++) {
      this.i32[(this.xs >> 2) + img] = elu.ptr + 4 * F * img;
      this.setOutput(img, this.ninOut.bias, params.ptr + 4 * P * img);
    }
    this.runConv(n, 1, F, P);
    return this.f32.slice(params.ptr >> 2, (params.ptr >> 2) + n * P);
  }
}

function checkOptions(net: PixelCNNNet, { n, labels }: StepperOptions): void {
  if (net.isDisposed) throw new PixelCNNPPError('E_DISPOSED', 'WasmCachedStepper: the network was disposed.');
  const { numClasses } = net.config;
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`options.n: expected an integer >= 1, got ${n}.`);
  if (numClasses === 0 && labels !== undefined) {
    throw new TypeError('options.labels: this model is unconditional (numClasses 0); pass no labels.');
  }
  if (numClasses > 0) {
    if (!(labels instanceof Int32Array)) {
      throw new TypeError(`options.labels: this model is class-conditional (numClasses ${numClasses}); pass an Int32Array of ${n} labels.`);
    }
    if (labels.length !== n) throw new RangeError(`options.labels: expected ${n} labels (one per image), got ${labels.length}.`);
    const bad = labels.findIndex((v) => v < 0 || v >= numClasses);
    if (bad >= 0) throw new RangeError(`options.labels[${bad}]: expected a class in [0, ${numClasses}), got ${labels[bad]}.`);
  }
}
