/**
 * Fast generation by caching (Ramachandran et al. 2017, "Fast Generation for Convolutional
 * Autoregressive Models"): every layer's activations are kept as they are computed, and each new
 * pixel computes only the positions it makes computable, once.
 *
 * The two streams split the work by what they depend on:
 * - `u` (pixels above) at row `i` of a level depends only on image rows above it, so the whole
 *   `u` stream, up and down pass, is computed a row at a time, at the first pixel of that row
 *   (levels of half and quarter resolution every 2nd and 4th row).
 * - `ul` (above and to the left) at `(i, j)` depends on the image before that pixel in raster
 *   order, so it is computed one position at a time: at every pixel for full resolution, and at
 *   pixel `(2i, 2j)` / `(4i, 4j)` for position `(i, j)` of the lower levels.
 *
 * A 2-row convolution needs its input at rows `i - 1` and `i` only, so each convolution keeps
 * its (concat_elu'd) input for the previous and the current row. Each output position is
 * computed by the same kernel as in `PixelCNNNet.forward`, on a window cut from those caches and
 * the same explicit padding at the image edges, so the sums run over the same terms in the same
 * order: on the cpu backend the parameters equal the full forward pass's bit for bit.
 *
 * Per pixel this is about 20 small tfjs ops per full-resolution `ul` block (`2 * nrResnet + 1`
 * of them); the per-row `u` work and the lower levels add little. A full forward pass instead
 * costs every layer at every position, `H * W` times per image.
 */
import * as tf from '@tensorflow/tfjs-core';
import { PixelCNNPPError } from '../errors.js';
import type { ConvParams, GatedResnetParams } from '../network/layers.js';
import { concatElu, downRightShiftedDeconv2d, downShiftedDeconv2d, nin } from '../network/layers.js';
import type { NetworkParams, PixelCNNNet } from '../network/pixelcnn-net.js';
import { checkStepperOptions, type PixelStepper, type StepperOptions } from './stepper.js';


type Pad = tf.backend_util.ExplicitPadding;

function conv(x: tf.Tensor4D, { filter, bias }: ConvParams, pad: Pad, stride: 1 | 2 = 1): tf.Tensor4D {
  return tf.fused.conv2d({ x, filter, bias, strides: stride, pad });
}

/** Where a block runs: a row `i` of a level (`u` stream) or a position `(i, j)` (`ul` stream). */
interface Pos {
  readonly i: number;
  readonly j: number;
}

/** The input of one convolution, kept for the rows its 2-row kernel reads. */
interface ConvInputCache {
  put(pos: Pos, t: tf.Tensor4D): void;
  /** The convolution's output at `pos`. */
  convAt(pos: Pos, params: ConvParams, stride?: 1 | 2): tf.Tensor4D;
  dispose(): void;
}

/**
 * `u` stream: whole rows `[n, 1, W, C]`; a down-shifted convolution (`2 x kw`, `(kw-1)/2`
 * columns of padding each side) over the previous and the current row gives one output row.
 */
class RowCache implements ConvInputCache {
  private prev: tf.Tensor4D | undefined;
  private cur: tf.Tensor4D | undefined;
  private row = -1;

  put({ i }: Pos, t: tf.Tensor4D): void {
    if (i !== this.row) {
      this.prev?.dispose();
      this.prev = this.cur;
      this.cur = undefined;
      this.row = i;
    }
    this.cur?.dispose();
    this.cur = tf.keep(t);
  }

  convAt({ i }: Pos, params: ConvParams, stride: 1 | 2 = 1): tf.Tensor4D {
    const [kh, kw] = params.filter.shape;
    const side = (kw - 1) >> 1;
    const x = i > 0 ? tf.concat([this.prev!, this.cur!], 1) : this.cur!;
    return conv(x, params, [[0, 0], [kh - x.shape[1], 0], [side, side], [0, 0]], stride);
  }

  dispose(): void {
    tf.dispose([this.prev, this.cur].filter((t) => t !== undefined));
    this.prev = this.cur = undefined;
  }
}

/**
 * `ul` stream: one tensor `[n, 1, 1, C]` per position of the previous and the current row; a
 * down-right-shifted convolution (`2 x kw`) at `(i, j)` reads rows `i-1..i`, columns `j-kw+1..j`.
 */
class PositionCache implements ConvInputCache {
  private prev: tf.Tensor4D[] = [];
  private cur: tf.Tensor4D[] = [];
  private row = -1;

  constructor(private readonly n: number) {}

  put({ i, j }: Pos, t: tf.Tensor4D): void {
    if (i !== this.row) {
      tf.dispose(this.prev);
      this.prev = this.cur;
      this.cur = [];
      this.row = i;
    }
    this.cur[j]?.dispose();
    this.cur[j] = tf.keep(t);
  }

  convAt({ i, j }: Pos, params: ConvParams): tf.Tensor4D {
    const [kh, kw] = params.filter.shape;
    const j0 = Math.max(0, j - kw + 1);
    const parts = i > 0 ? [...this.prev.slice(j0, j + 1), ...this.cur.slice(j0, j + 1)] : this.cur.slice(j0, j + 1);
    const rows = i > 0 ? 2 : 1;
    const cols = j + 1 - j0;
    const joined: tf.Tensor4D = parts.length === 1 ? parts[0]! : tf.concat(parts, 2);
    const x = tf.reshape<tf.Rank.R4>(joined, [this.n, rows, cols, joined.shape[3]]);
    return conv(x, params, [[0, 0], [kh - rows, 0], [kw - cols, 0], [0, 0]]);
  }

  dispose(): void {
    tf.dispose([...this.prev, ...this.cur]);
    this.prev = [];
    this.cur = [];
  }
}

interface BlockCaches {
  /** concat_elu of the block input (input of `convInput`). */
  readonly x: ConvInputCache;
  /** concat_elu of the first convolution's output (input of `convOut`). */
  readonly c1: ConvInputCache;
}

/** Disposes the tensors of a per-column array (kept across steps) and replaces it. */
function replace<T extends tf.Tensor>(old: readonly T[] | undefined, next: T[]): T[] {
  if (old !== undefined) tf.dispose(old as T[]);
  for (const t of next) tf.keep(t);
  return next;
}

export class CachedStepper implements PixelStepper {
  private readonly net: PixelCNNNet;
  private readonly params: NetworkParams;
  private readonly n: number;
  private readonly height: number;
  private readonly width: number;
  private readonly channels: number;
  private readonly filters: number;
  /** The image with a channel of ones, `[n, H, W, C + 1]`, as the first convolutions see it. */
  private readonly xPad: Float32Array;
  /** Pixels written so far (they are consecutive from 0). */
  private written = 0;
  /** Pixels whose activations are computed. */
  private stepped = 0;
  private disposed = false;

  /** Per class-conditional block: its embedding of this batch's labels, `[n, 1, 1, 2F]`. */
  private readonly embeddings = new Map<GatedResnetParams, tf.Tensor4D>();
  /** Caches by resolution `s` (0: full, 1: half, 2: quarter), then block. */
  private readonly uUp: BlockCaches[][];
  private readonly uDown: BlockCaches[][];
  private readonly ulUp: BlockCaches[][];
  private readonly ulDown: BlockCaches[][];
  /** Inputs of the downsizing convolutions from resolution `s` (0, 1). */
  private readonly uDownsizeIn: RowCache[];
  private readonly ulDownsizeIn: PositionCache[];

  // Per-row results of the `u` stream that the `ul` stream reads position by position.
  /** `ulInitDown` term at full resolution, per column of the current row. */
  private ulInitDownCols: tf.Tensor4D[] | undefined;
  /** `[s][k][j]`: `nin(concat_elu(u))` of up block `k`, the auxiliary term of `ul` up block `k`. */
  private readonly ninUp: (tf.Tensor4D[] | undefined)[][];
  /** `[s][k][j]`: output of `u` down block `k`, half of the auxiliary input of `ul` down block `k`. */
  private readonly uDownCols: (tf.Tensor4D[] | undefined)[][];
  /** `[s]`: the upsized `u` rows `[n, 2, W_s, F]` from resolution `s + 1`, for rows `2i`, `2i + 1` of `s`. */
  private readonly uUpsized: (tf.Tensor4D | undefined)[] = [undefined, undefined];
  /** `[s][j]`: the upsized `ul` block `[n, 2, 2, F]` from position `(i, j)` of resolution `s + 1`. */
  private readonly ulUpsized: tf.Tensor4D[][] = [[], []];

  constructor(net: PixelCNNNet, options: StepperOptions) {
    checkStepperOptions(net, options, 'CachedStepper');
    const { height, width, channels, nrFilters, nrResnet, numClasses } = net.config;
    const { n, labels } = options;
    this.net = net;
    this.params = net.params;
    this.n = n;
    this.height = height;
    this.width = width;
    this.channels = channels;
    this.filters = nrFilters;
    this.xPad = new Float32Array(n * height * width * (channels + 1)).fill(1);
    for (let k = 0; k < n * height * width; k++) this.xPad.fill(0, k * (channels + 1), k * (channels + 1) + channels);

    const blocks = (count: number, cache: () => ConvInputCache): BlockCaches[] =>
      Array.from({ length: count }, () => ({ x: cache(), c1: cache() }));
    const rows = () => new RowCache();
    const positions = () => new PositionCache(n);
    const downCount = (s: number) => this.params.down[2 - s]!.u.length;
    this.uUp = [0, 1, 2].map(() => blocks(nrResnet, rows));
    this.ulUp = [0, 1, 2].map(() => blocks(nrResnet, positions));
    this.uDown = [0, 1, 2].map((s) => blocks(downCount(s), rows));
    this.ulDown = [0, 1, 2].map((s) => blocks(downCount(s), positions));
    this.uDownsizeIn = [rows(), rows()];
    this.ulDownsizeIn = [positions(), positions()];
    this.ninUp = [0, 1, 2].map(() => Array.from({ length: nrResnet }, () => undefined));
    this.uDownCols = [0, 1, 2].map((s) => Array.from({ length: downCount(s) }, () => undefined));

    if (numClasses > 0) {
      tf.tidy(() => {
        const labelTensor = tf.tensor1d(labels!, 'int32');
        for (const level of [...this.params.up, ...this.params.down]) {
          for (const block of [...level.u, ...level.ul]) {
            const perImage = tf.gather(block.classEmbedding!, labelTensor);
            this.embeddings.set(block, tf.keep(tf.reshape(perImage, [n, 1, 1, perImage.shape[1]])));
          }
        }
      });
    }
  }

  async paramsAt(p: number): Promise<Float32Array> {
    this.checkAlive('paramsAt');
    if (!Number.isInteger(p) || p < this.stepped || p >= this.height * this.width) {
      throw new RangeError(`paramsAt: pixels are computed in raster order; expected a pixel in [${this.stepped}, ${this.height * this.width}), got ${p}.`);
    }
    if (p > this.written) throw new RangeError(`paramsAt(${p}): pixels ${this.written}..${p - 1} have not been set.`);
    while (this.stepped < p) this.step(this.stepped++, { output: false });
    const out = this.step(this.stepped++, { output: true })!;
    try {
      return (await out.data()) as Float32Array;
    } finally {
      out.dispose();
    }
  }

  setPixel(p: number, values: Float32Array): void {
    this.checkAlive('setPixel');
    if (p !== this.written) throw new RangeError(`setPixel: pixels are set in raster order; expected pixel ${this.written}, got ${p}.`);
    const { n, channels } = this;
    if (values.length !== n * channels) throw new RangeError(`setPixel: expected ${n * channels} values ([n, C]), got ${values.length}.`);
    const pixels = this.height * this.width;
    for (let i = 0; i < n; i++) {
      for (let c = 0; c < channels; c++) this.xPad[(i * pixels + p) * (channels + 1) + c] = values[i * channels + c]!;
    }
    this.written++;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const level of [...this.uUp, ...this.uDown, ...this.ulUp, ...this.ulDown]) {
      for (const { x, c1 } of level) {
        x.dispose();
        c1.dispose();
      }
    }
    for (const cache of [...this.uDownsizeIn, ...this.ulDownsizeIn]) cache.dispose();
    const lists = [this.ulInitDownCols, ...this.ninUp.flat(), ...this.uDownCols.flat(), ...this.ulUpsized];
    for (const list of lists) if (list !== undefined) tf.dispose(list);
    tf.dispose([...this.uUpsized.filter((t) => t !== undefined), ...this.embeddings.values()]);
    this.embeddings.clear();
  }

  private checkAlive(method: string): void {
    if (this.disposed) throw new PixelCNNPPError('E_DISPOSED', `CachedStepper.${method}: the stepper was disposed.`);
    if (this.net.isDisposed) throw new PixelCNNPPError('E_DISPOSED', `CachedStepper.${method}: the network was disposed.`);
  }

  /** Computes everything pixel `p` makes computable; returns its parameters `[n, P]` when asked. */
  private step(p: number, { output }: { output: boolean }): tf.Tensor2D | undefined {
    const row = Math.floor(p / this.width);
    const col = p % this.width;
    return tf.tidy(() => {
      if (col === 0) this.rowStep(row);
      const ul = this.positionStep(row, col);
      if (!output) return undefined;
      const out = nin(tf.elu(ul), this.params.ninOut);
      return tf.reshape(out, [this.n, out.shape[3]]);
    });
  }

  /** Rows `r0..r1` of the padded image, `[n, rows, c1 - c0 + 1, C + 1]`, columns `c0..c1`. */
  private xWindow(r0: number, r1: number, c0: number, c1: number): tf.Tensor4D {
    const { n, height, width } = this;
    const depth = this.channels + 1;
    const rows = r1 - r0 + 1;
    const cols = c1 - c0 + 1;
    const out = new Float32Array(n * rows * cols * depth);
    for (let i = 0; i < n; i++) {
      for (let r = 0; r < rows; r++) {
        const from = ((i * height + r0 + r) * width + c0) * depth;
        out.set(this.xPad.subarray(from, from + cols * depth), (i * rows + r) * cols * depth);
      }
    }
    return tf.tensor4d(out, [n, rows, cols, depth]);
  }

  private embedding(block: GatedResnetParams): tf.Tensor4D | undefined {
    return this.embeddings.get(block);
  }

  /**
   * `gatedResnet` at one row or position, its convolutions reading the cached inputs. `skipTerm`
   * gives `nin(concat_elu(a), ninSkip)` for a block with an auxiliary input.
   */
  private block(x: tf.Tensor4D, params: GatedResnetParams, caches: BlockCaches, pos: Pos, skipTerm?: () => tf.Tensor4D): tf.Tensor4D {
    caches.x.put(pos, concatElu(x));
    let c1 = caches.x.convAt(pos, params.convInput);
    if (skipTerm !== undefined) c1 = tf.add(c1, skipTerm());
    caches.c1.put(pos, concatElu(c1));
    let c2 = caches.c1.convAt(pos, params.convOut);
    const embedding = this.embedding(params);
    if (embedding !== undefined) c2 = tf.add(c2, embedding);
    const [ga, gb] = tf.split(c2, 2, 3) as [tf.Tensor4D, tf.Tensor4D];
    return tf.add(x, tf.mul(ga, tf.sigmoid(gb)));
  }

  /** The `u` stream (both passes) for full-resolution row `r` and the lower-resolution rows that start there. */
  private rowStep(r: number): void {
    const { n, width, filters } = this;
    const { uInit, ulInitDown } = this.params;
    // The first convolutions shifted down a row: row r is the convolution at r - 1 (rows r-2, r-1).
    const shifted = (params: ConvParams): tf.Tensor4D => {
      if (r === 0) return tf.zeros([n, 1, width, filters]);
      const x = this.xWindow(Math.max(0, r - 2), r - 1, 0, width - 1);
      const [kh, kw] = params.filter.shape;
      const side = (kw - 1) >> 1;
      return conv(x, params, [[0, 0], [kh - x.shape[1], 0], [side, side], [0, 0]]);
    };
    this.ulInitDownCols = replace(this.ulInitDownCols, tf.split(shifted(ulInitDown), width, 2));
    const skips0 = this.upRow(0, r, shifted(uInit));
    if (r % 2 === 0) {
      const skips1 = this.upRow(1, r / 2, this.uDownsizeIn[0]!.convAt({ i: r, j: 0 }, this.params.downsize.u[0]!, 2));
      if (r % 4 === 0) {
        const skips2 = this.upRow(2, r / 4, this.uDownsizeIn[1]!.convAt({ i: r / 2, j: 0 }, this.params.downsize.u[1]!, 2));
        this.downRow(2, r / 4, skips2.pop()!, skips2);
      }
      this.downRow(1, r / 2, this.upsizedRow(1, r / 2), skips1);
    }
    this.downRow(0, r, this.upsizedRow(0, r), skips0);
  }

  private upsizedRow(s: number, i: number): tf.Tensor4D {
    const up = this.uUpsized[s]!;
    return tf.slice(up, [0, i % 2, 0, 0], [this.n, 1, up.shape[2], up.shape[3]]);
  }

  /** Up pass of the `u` stream at row `i` of resolution `s`; returns the skips, first to last. */
  private upRow(s: number, i: number, u: tf.Tensor4D): tf.Tensor4D[] {
    const level = this.params.up[s]!;
    const width = this.width >> s;
    const out = [u];
    level.u.forEach((params, k) => {
      u = this.block(u, params, this.uUp[s]![k]!, { i, j: 0 });
      out.push(u);
      this.ninUp[s]![k] = replace(this.ninUp[s]![k], tf.split(nin(concatElu(u), level.ul[k]!.ninSkip!), width, 2));
    });
    if (s < 2) this.uDownsizeIn[s]!.put({ i, j: 0 }, u);
    return out;
  }

  /** Down pass of the `u` stream at row `i` of resolution `s`, consuming `skips` last first. */
  private downRow(s: number, i: number, u: tf.Tensor4D, skips: tf.Tensor4D[]): void {
    const l = 2 - s;
    const level = this.params.down[l]!;
    const width = this.width >> s;
    level.u.forEach((params, k) => {
      const skip = skips.pop()!;
      u = this.block(u, params, this.uDown[s]![k]!, { i, j: 0 }, () => nin(concatElu(skip), params.ninSkip!));
      this.uDownCols[s]![k] = replace(this.uDownCols[s]![k], tf.split(u, width, 2));
    });
    if (s > 0) {
      this.uUpsized[s - 1]?.dispose();
      this.uUpsized[s - 1] = tf.keep(downShiftedDeconv2d(u, this.params.upsize.u[l]!));
    }
  }

  /** The `ul` stream at full-resolution pixel `(r, c)` and the lower-resolution positions there; returns the last activation. */
  private positionStep(r: number, c: number): tf.Tensor4D {
    const { n, filters } = this;
    const { ulInitRight, downsize } = this.params;
    // The down-right-shifted convolution shifted right a column: (r, c) is its output at (r, c - 1).
    let right: tf.Tensor4D;
    if (c === 0) {
      right = tf.zeros([n, 1, 1, filters]);
    } else {
      const x = this.xWindow(Math.max(0, r - 1), r, Math.max(0, c - 2), c - 1);
      const [kh, kw] = ulInitRight.filter.shape;
      right = conv(x, ulInitRight, [[0, 0], [kh - x.shape[1], 0], [kw - x.shape[2], 0], [0, 0]]);
    }
    const skips0 = this.upPosition(0, r, c, tf.add(this.ulInitDownCols![c]!, right));
    if (r % 2 === 0 && c % 2 === 0) {
      const [i, j] = [r / 2, c / 2];
      const skips1 = this.upPosition(1, i, j, this.ulDownsizeIn[0]!.convAt({ i: r, j: c }, downsize.ul[0]!));
      if (i % 2 === 0 && j % 2 === 0) {
        const skips2 = this.upPosition(2, i / 2, j / 2, this.ulDownsizeIn[1]!.convAt({ i, j }, downsize.ul[1]!));
        this.downPosition(2, i / 2, j / 2, skips2.pop()!, skips2);
      }
      this.downPosition(1, i, j, this.upsizedPosition(1, i, j), skips1);
    }
    return this.downPosition(0, r, c, this.upsizedPosition(0, r, c), skips0);
  }

  private upsizedPosition(s: number, i: number, j: number): tf.Tensor4D {
    return tf.slice(this.ulUpsized[s]![j >> 1]!, [0, i % 2, j % 2, 0], [this.n, 1, 1, this.filters]);
  }

  private upPosition(s: number, i: number, j: number, ul: tf.Tensor4D): tf.Tensor4D[] {
    const out = [ul];
    this.params.up[s]!.ul.forEach((params, k) => {
      // The auxiliary input is `u`, whose nin term was computed for the whole row.
      const term = this.ninUp[s]![k]![j]!;
      ul = this.block(ul, params, this.ulUp[s]![k]!, { i, j }, () => term);
      out.push(ul);
    });
    if (s < 2) this.ulDownsizeIn[s]!.put({ i, j }, ul);
    return out;
  }

  private downPosition(s: number, i: number, j: number, ul: tf.Tensor4D, skips: tf.Tensor4D[]): tf.Tensor4D {
    const l = 2 - s;
    this.params.down[l]!.ul.forEach((params, k) => {
      const skip = skips.pop()!;
      const u = this.uDownCols[s]![k]![j]!;
      ul = this.block(ul, params, this.ulDown[s]![k]!, { i, j }, () => nin(concatElu(tf.concat([u, skip], 3)), params.ninSkip!));
    });
    if (s > 0) {
      const slot = this.ulUpsized[s - 1]!;
      slot[j]?.dispose();
      slot[j] = tf.keep(downRightShiftedDeconv2d(ul, this.params.upsize.ul[l]!));
    }
    return ul;
  }
}
