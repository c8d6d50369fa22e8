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
import type { GatedResnetParams } from '../network/layers.js';
import type { PixelCNNNet } from '../network/pixelcnn-net.js';
import type { StepExports } from './step-kernels.js';
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
export declare class StepMemory {
    readonly kernels: StepExports;
    private top;
    constructor(kernels: StepExports);
    /** `count` floats or pointers, 16-byte aligned. */
    alloc(count: number): number;
    upload(values: ArrayLike<number>): number;
    get mark(): number;
    /** Frees everything allocated after `mark`. */
    release(mark: number): void;
}
/** Drops the network's kept instances (their copies of the weights): call when the network is disposed. */
export declare function releaseStepNetwork(net: PixelCNNNet): void;
export declare class StepNetwork {
    /**
     * The network's kernels and weights: its kept instance if free, else a new one. `shared`: on a
     * shared memory, with a control block and a stack for a helper thread (see `step-helper.ts`).
     * Call inside the backend's `run()`.
     */
    static acquire(net: PixelCNNNet, shared?: boolean): Promise<StepNetwork>;
    readonly memory: StepMemory;
    /** A vector of zeros as long as any input or bias: the padding. */
    readonly zero: number;
    readonly init: {
        u: Conv;
        ulDown: Conv;
        ulRight: Conv;
        ulBias: {
            down: number;
            right: number;
            both: number;
        };
    };
    readonly levels: Record<Stream, readonly LevelWeights[]>;
    readonly downsize: Record<Stream, readonly Conv[]>;
    readonly upsize: Record<Stream, readonly Conv[]>;
    readonly ninOut: Conv;
    /** On a shared memory: the helper thread's control block and the top of its stack (byte addresses). */
    readonly helperSlots: {
        control: number;
        stackTop: number;
    } | undefined;
    /** Where the steppers' allocations start. */
    readonly weightsEnd: number;
    private busy;
    /** The last stepper's layout, kept for the next (see `layout`). */
    private lastLayout;
    private constructor();
    /**
     * The layout of the stepper of `n` images that holds this instance: the last stepper's if it
     * had as many images, with the calls it laid out; else `make()`'s, in place of the last one.
     * A stepper's layout is a good part of the work of a small model's first rows, and calls that
     * draw one image after another make one stepper after another of the same size.
     */
    layout<L extends {
        readonly n: number;
    }>(n: number, make: () => L): L;
    /** Returns the instance for the next stepper (its layout stays, see `layout`). */
    release(): void;
    /**
     * Packs a `[K][N]` matrix into slabs of eight columns: element `(k, n)` is
     * `values[offset + k * kStride + n * nStride]`.
     */
    private matrix;
    /** A convolution `[kh, kw, K, N]`. */
    private conv;
    /** A transposed convolution, filter `[kh, kw, N, K]`: each tap transposed to `[K][N]`. */
    private deconv;
    private dense;
    private block;
}
