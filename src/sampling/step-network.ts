/**
 * A network's weights in the step kernels' memory (see `WasmCachedStepper`), laid out once per
 * network: reading every tensor back from the backend and packing it costs more than generating
 * a small image, so one instance of the kernels, holding the weights, is kept per network and
 * lent to one stepper at a time (a second stepper running at the same time gets an instance of
 * its own). The stepper allocates its activations above the weights.
 *
 * A matrix is packed for the kernels in slabs of eight output columns (`[ceil(N/8)][K][8]`,
 * zero-padded); a convolution is one such matrix per kernel position (a "tap").
 */
import type { ConvParams, DenseParams, GatedResnetParams } from '../network/layers.js';
import type { NetworkParams, PixelCNNNet } from '../network/pixelcnn-net.js';
import type { StepExports } from './step-kernels.js';
import { CONTROL_SLOTS, HELPER_STACK_BYTES } from './step-helper.js';
import { instantiateStepKernels, sharedStepMemory } from './step-kernels.js';

const WASM_PAGE = 65536;
/** 4 GiB, wasm32's limit. */
const MAX_PAGES = 65536;
const SLAB = 8;

export type Stream = 'u' | 'ul';

/** A convolution: one packed `[K][N]` matrix per kernel position `ky * kw + kx`, bias `[N]`. */
export interface Conv {
  readonly taps: readonly number[];
  readonly kh: number;
  readonly kw: number;
  /** Columns of padding on the left: `(kw - 1) / 2` down-shifted, `kw - 1` down-right-shifted. */
  readonly left: number;
  readonly K: number;
  readonly N: number;
  readonly bias: number;
}

export interface Block {
  readonly params: GatedResnetParams;
  readonly convInput: Conv;
  readonly convOut: Conv;
  /**
   * The skip's kernel, one packed `[2F][F]` matrix per auxiliary input: none (`u` up blocks),
   * one (`u` down blocks: the skip; `ul` up blocks: `u`), or two (`ul` down blocks: `u`, then the
   * skip; the rows of the `[4F][F]` kernel that read concat_elu of each).
   */
  readonly skipTaps: readonly number[];
  /** Bias of the first convolution plus the skip's. */
  readonly c1Bias: number;
  /** The second convolution's bias and (class-conditional models) the class embeddings `[classes][2F]`. */
  readonly outBias: Float32Array;
  readonly embedding: Float32Array | undefined;
}

export interface LevelWeights {
  readonly up: readonly Block[];
  readonly down: readonly Block[];
}

/** Bump allocation in one instance's memory, which grows as needed. */
export class StepMemory {
  private top: number;

  constructor(readonly kernels: StepExports) {
    this.top = kernels.pcnn_step_heap_base();
  }

  /** `count` floats or pointers, 16-byte aligned. */
  alloc(count: number): number {
    const ptr = this.top;
    this.top += (count * 4 + 15) & ~15;
    const { memory } = this.kernels;
    const size = memory.buffer.byteLength;
    if (this.top > size) {
      // Geometrically: growing may copy the whole memory.
      const needed = Math.ceil((this.top - size) / WASM_PAGE);
      const generous = Math.min(Math.max(needed, Math.ceil(size / 2 / WASM_PAGE)), MAX_PAGES - size / WASM_PAGE);
      try {
        memory.grow(generous);
      } catch {
        memory.grow(needed);
      }
    }
    return ptr;
  }

  upload(values: ArrayLike<number>): number {
    const ptr = this.alloc(values.length);
    new Float32Array(this.kernels.memory.buffer, ptr, values.length).set(values);
    return ptr;
  }

  get mark(): number {
    return this.top;
  }

  /** Frees everything allocated after `mark`. */
  release(mark: number): void {
    this.top = mark;
  }
}

/** Each network's kept instance: on a memory of its own, and on a shared memory. */
const kept = { own: new WeakMap<PixelCNNNet, StepNetwork>(), shared: new WeakMap<PixelCNNNet, StepNetwork>() };

/** Drops the network's kept instances (their copies of the weights): call when the network is disposed. */
export function releaseStepNetwork(net: PixelCNNNet): void {
  kept.own.delete(net);
  kept.shared.delete(net);
}

export class StepNetwork {
  /**
   * The network's kernels and weights: its kept instance if free, else a new one. `shared`: on a
   * shared memory, with a control block and a stack for a helper thread (see `step-helper.ts`).
   * Call inside the backend's `run()`.
   */
  static async acquire(net: PixelCNNNet, shared = false): Promise<StepNetwork> {
    const instances = shared ? kept.shared : kept.own;
    let network = instances.get(net);
    if (network === undefined || network.busy) {
      const memory = shared ? sharedStepMemory() : undefined;
      network = new StepNetwork(net, new StepMemory(await instantiateStepKernels(memory)), shared);
      if (!instances.has(net)) instances.set(net, network);
    }
    network.busy = true;
    return network;
  }

  readonly memory: StepMemory;
  /** A vector of zeros as long as any input or bias: the padding. */
  readonly zero: number;
  readonly init: { u: Conv; ulDown: Conv; ulRight: Conv; ulBias: { down: number; right: number; both: number } };
  readonly levels: Record<Stream, readonly LevelWeights[]>;
  readonly downsize: Record<Stream, readonly Conv[]>;
  readonly upsize: Record<Stream, readonly Conv[]>;
  readonly ninOut: Conv;
  /** On a shared memory: the helper thread's control block and the top of its stack (byte addresses). */
  readonly helperSlots: { control: number; stackTop: number } | undefined;
  /** Where the steppers' allocations start. */
  readonly weightsEnd: number;
  private busy = false;
  /** The last stepper's layout, kept for the next (see `layout`). */
  private lastLayout: { readonly n: number } | undefined;

  private constructor(net: PixelCNNNet, memory: StepMemory, shared: boolean) {
    const { channels, nrFilters: F } = net.config;
    const params: NetworkParams = net.params;
    this.memory = memory;
    this.zero = memory.alloc(Math.max(4 * F, channels + 1, net.outputChannels));
    // Once per network, below the steppers' allocations: a helper still leaving one stepper's
    // session never finds its control block or its stack handed to another's activations.
    this.helperSlots = shared ? { control: memory.alloc(CONTROL_SLOTS), stackTop: memory.alloc(HELPER_STACK_BYTES / 4) + HELPER_STACK_BYTES } : undefined;
    const u = (c: ConvParams) => this.conv(c, 'u');
    const ul = (c: ConvParams) => this.conv(c, 'ul');
    const biasDown = read(params.ulInitDown.bias);
    const biasRight = read(params.ulInitRight.bias);
    this.init = {
      u: u(params.uInit),
      ulDown: u(params.ulInitDown),
      ulRight: ul(params.ulInitRight),
      ulBias: {
        down: memory.upload(biasDown),
        right: memory.upload(biasRight),
        both: memory.upload(biasDown.map((b, c) => b + biasRight[c]!)),
      },
    };
    const levels = (stream: Stream): LevelWeights[] =>
      [0, 1, 2].map((s) => ({
        up: params.up[s]![stream].map((b) => this.block(b, stream, F)),
        down: params.down[2 - s]![stream].map((b) => this.block(b, stream, F)),
      }));
    this.levels = { u: levels('u'), ul: levels('ul') };
    this.downsize = { u: params.downsize.u.map(u), ul: params.downsize.ul.map(ul) };
    this.upsize = {
      u: params.upsize.u.map((c) => this.deconv(c, 'u')),
      ul: params.upsize.ul.map((c) => this.deconv(c, 'ul')),
    };
    this.ninOut = this.dense(params.ninOut);
    this.weightsEnd = memory.mark;
  }

  /**
   * The layout of the stepper of `n` images that holds this instance: the last stepper's if it
   * had as many images, with the calls it laid out; else `make()`'s, in place of the last one.
   * A stepper's layout is a good part of the work of a small model's first rows, and calls that
   * draw one image after another make one stepper after another of the same size.
   */
  layout<L extends { readonly n: number }>(n: number, make: () => L): L {
    if (this.lastLayout?.n === n) return this.lastLayout as L;
    this.lastLayout = undefined;
    this.memory.release(this.weightsEnd);
    const layout = make();
    this.lastLayout = layout;
    return layout;
  }

  /** Returns the instance for the next stepper (its layout stays, see `layout`). */
  release(): void {
    this.busy = false;
  }

  /**
   * Packs a `[K][N]` matrix into slabs of eight columns: element `(k, n)` is
   * `values[offset + k * kStride + n * nStride]`.
   */
  private matrix(K: number, N: number, values: Float32Array, offset: number, kStride: number, nStride: number): number {
    const slabs = Math.ceil(N / SLAB);
    const packed = new Float32Array(slabs * K * SLAB);
    for (let s = 0; s < slabs; s++) {
      const cols = Math.min(SLAB, N - s * SLAB);
      for (let k = 0; k < K; k++) {
        const from = offset + k * kStride + s * SLAB * nStride;
        const to = (s * K + k) * SLAB;
        for (let c = 0; c < cols; c++) packed[to + c] = values[from + c * nStride]!;
      }
    }
    return this.memory.upload(packed);
  }

  /** A convolution `[kh, kw, K, N]`. */
  private conv({ filter, bias }: ConvParams, stream: Stream): Conv {
    const [kh, kw, K, N] = filter.shape;
    const values = read(filter);
    const taps = Array.from({ length: kh * kw }, (_, t) => this.matrix(K, N, values, t * K * N, N, 1));
    return { taps, kh, kw, left: stream === 'u' ? (kw - 1) >> 1 : kw - 1, K, N, bias: this.memory.upload(read(bias)) };
  }

  /** A transposed convolution, filter `[kh, kw, N, K]`: each tap transposed to `[K][N]`. */
  private deconv({ filter, bias }: ConvParams, stream: Stream): Conv {
    const [kh, kw, N, K] = filter.shape;
    const values = read(filter);
    const taps = Array.from({ length: kh * kw }, (_, t) => this.matrix(K, N, values, t * N * K, 1, K));
    return { taps, kh, kw, left: stream === 'u' ? (kw - 1) >> 1 : 0, K, N, bias: this.memory.upload(read(bias)) };
  }

  private dense({ kernel, bias }: DenseParams): Conv {
    const [K, N] = kernel.shape;
    return { taps: [this.matrix(K, N, read(kernel), 0, N, 1)], kh: 1, kw: 1, left: 0, K, N, bias: this.memory.upload(read(bias)) };
  }

  private block(params: GatedResnetParams, stream: Stream, F: number): Block {
    const convInput = this.conv(params.convInput, stream);
    const convOut = this.conv(params.convOut, stream);
    const outBias = read(params.convOut.bias).slice();
    const embedding = params.classEmbedding === undefined ? undefined : read(params.classEmbedding).slice();
    const common = { params, convInput, convOut, outBias, embedding };
    if (params.ninSkip === undefined) return { ...common, skipTaps: [], c1Bias: convInput.bias };
    const kernel = read(params.ninSkip.kernel);
    const rows = params.ninSkip.kernel.shape[0];
    // concat_elu([u, skip]) = elu([u, skip, -u, -skip]): rows a*F.. and b*F.. read concat_elu of one input.
    const part = (a: number, b: number) => {
      const both = new Float32Array(2 * F * F);
      both.set(kernel.subarray(a * F * F, (a + 1) * F * F), 0);
      both.set(kernel.subarray(b * F * F, (b + 1) * F * F), F * F);
      return this.matrix(2 * F, F, both, 0, F, 1);
    };
    const skipTaps = rows === 2 * F ? [part(0, 1)] : [part(0, 2), part(1, 3)];
    const skipBias = read(params.ninSkip.bias);
    const c1Bias = this.memory.upload(read(params.convInput.bias).map((b, c) => b + skipBias[c]!));
    return { ...common, skipTaps, c1Bias };
  }
}

function read(t: { dataSync(): unknown }): Float32Array {
  return t.dataSync() as Float32Array;
}
