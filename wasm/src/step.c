/*
 * The arithmetic of one cached-generation step (src/sampling/wasm-cached-stepper.ts): a
 * convolution evaluated at a list of output positions, concat_elu, the gate and elu, on float32
 * vectors in the module's memory. The caller keeps every activation cache and walks the network;
 * these functions only compute.
 *
 * A convolution here is "taps": output m is bias[m] + sum over taps t of x[m][t] . W[t], where
 * x[m][t] points at a K-vector (an input position, or a zero vector at the padding) and W[t] at a
 * K x N row-major matrix (one kernel position of a [kh, kw, K, N] filter, or a 1x1 layer). Shifted
 * and strided convolutions, the transposed convolutions' output phases and the network-in-network
 * skips are all of this form, so one matrix kernel serves them all.
 *
 * No libc, no imports. Built with -msimd128 only: without SIMD the tfjs path is used instead.
 */
#include <stdint.h>

#include "pcnn.h"
#include "vecmath.h"

/* A four-float vector at any 4-byte aligned address. */
typedef float f4u __attribute__((vector_size(16), aligned(4)));

VM_INLINE f4 load4(const float *p) { return *(const f4u *)p; }
VM_INLINE void store4(float *p, f4 v) { *(f4u *)p = v; }

extern unsigned char __heap_base;

/* First byte the caller may use; everything above it is the caller's (it grows the memory). */
PCNN_EXPORT uint32_t pcnn_step_heap_base(void) { return ((uint32_t)(uintptr_t)&__heap_base + 15u) & ~15u; }

/*
 * Weights are packed by the caller in slabs of eight output columns: a K x N matrix is stored as
 * ceil(N / 8) slabs of K x 8 floats (the last one zero-padded), so a tile streams one contiguous
 * slab however wide N is.
 */
#define SLAB 8

/* Lanes of the last slab that are real columns: the rest are written nowhere. */
VM_INLINE void store_cols(float *out, const float *bias, f4 lo, f4 hi, uint32_t cols) {
  if (cols == SLAB) {
    store4(out, lo + load4(bias));
    store4(out + 4, hi + load4(bias + 4));
    return;
  }
  for (uint32_t c = 0; c < cols; c++) out[c] = (c < 4 ? lo[c & 3] : hi[c & 3]) + bias[c];
}

/*
 * Outputs m0 .. m0+MR-1 of slabs s0 .. s0+NS-1, accumulated in registers over every tap and
 * input channel. MR and NS are constants at each call site, so the loops unroll completely.
 * Each sum is one chain of dependent additions, so a tile needs about six of them in flight to
 * keep the adders busy. The engine loads a step's weight vectors ahead, into registers of their
 * own: for one output each sum needs its own vector, so 8 sums take 17 of the 16 vector
 * registers (a spilled sum is far slower) and 6 fit; outputs of a tile share the vectors.
 */
VM_INLINE void tile(const uint32_t MR, const uint32_t NS, uint32_t m0, uint32_t s0, uint32_t T, uint32_t K, uint32_t N,
                    const float *const *xs, const float *const *ws, const float *const *biases, float *const *outs) {
  f4 acc[4][2 * 3];
  for (uint32_t r = 0; r < MR; r++)
    for (uint32_t v = 0; v < 2 * NS; v++) acc[r][v] = f4_splat(0.0f);
  for (uint32_t t = 0; t < T; t++) {
    const float *w[3];
    for (uint32_t s = 0; s < NS; s++) w[s] = ws[t] + (s0 + s) * K * SLAB;
    const float *x[4];
    for (uint32_t r = 0; r < MR; r++) x[r] = xs[(m0 + r) * T + t];
    for (uint32_t k = 0; k < K; k++) {
      f4 b[2 * 3];
      for (uint32_t s = 0; s < NS; s++) {
        b[2 * s] = load4(w[s] + k * SLAB);
        b[2 * s + 1] = load4(w[s] + k * SLAB + 4);
      }
      for (uint32_t r = 0; r < MR; r++) {
        const f4 a = f4_splat(x[r][k]);
        for (uint32_t v = 0; v < 2 * NS; v++) acc[r][v] += a * b[v];
      }
    }
  }
  for (uint32_t r = 0; r < MR; r++) {
    for (uint32_t s = 0; s < NS; s++) {
      const uint32_t n0 = (s0 + s) * SLAB;
      const uint32_t cols = N - n0 < SLAB ? N - n0 : SLAB;
      store_cols(outs[m0 + r] + n0, biases[m0 + r] + n0, acc[r][2 * s], acc[r][2 * s + 1], cols);
    }
  }
}

/*
 * Outputs 0 .. MR-1 in slabs s0 .. s1-1, NS (2 or 3) slabs a tile, then two, then one: MR x NS x
 * 2 sums in flight. Three slabs a tile stop short of leaving one slab alone (four go as two
 * pairs): a lone slab's two sums keep the adders a third busy.
 */
VM_INLINE void slab_runs(const uint32_t MR, const uint32_t NS, uint32_t T, uint32_t K, uint32_t N,
                         const float *const *xs, const float *const *ws, const float *const *biases,
                         float *const *outs, uint32_t s0, uint32_t s1) {
  uint32_t s = s0;
  if (NS == 3)
    for (; s + 3 <= s1 && s1 - s != 4; s += 3) tile(MR, 3, 0, s, T, K, N, xs, ws, biases, outs);
  for (; s + 2 <= s1; s += 2) tile(MR, 2, 0, s, T, K, N, xs, ws, biases, outs);
  if (s < s1) tile(MR, 1, 0, s, T, K, N, xs, ws, biases, outs);
}

/*
 * out[m] = bias[m] + sum_t x[m*T + t] . W[t] for m < M, in output columns [8 * s0, 8 * s1) only:
 * xs holds M*T pointers to K floats, ws T pointers to packed K x N weights (see SLAB), biases and
 * outs M pointers to N floats. Outputs must not overlap the inputs. Each output column is summed
 * in the same order whichever slabs a call covers, so a call cut into slab ranges (one per
 * thread) writes the same bits as one call.
 */
PCNN_EXPORT void pcnn_step_conv_slabs(uint32_t M, uint32_t T, uint32_t K, uint32_t N, const float *const *xs,
                                      const float *const *ws, const float *const *biases, float *const *outs,
                                      uint32_t s0, uint32_t s1) {
  /* Batch 1 or 2 at one position: several slabs a tile give the sums in flight that one output
   * alone lacks (three slabs, six sums, for one; two slabs for two, which share each load). */
  if (M == 1) {
    slab_runs(1, 3, T, K, N, xs, ws, biases, outs, s0, s1);
    return;
  }
  if (M == 2) {
    slab_runs(2, 2, T, K, N, xs, ws, biases, outs, s0, s1);
    return;
  }
  if (M == 3) {
    for (uint32_t s = s0; s < s1; s++) tile(3, 1, 0, s, T, K, N, xs, ws, biases, outs);
    return;
  }
  /* A slab is reused by every group of four outputs while it is in cache. */
  for (uint32_t s = s0; s < s1; s++) {
    uint32_t m = 0;
    for (; m + 4 <= M; m += 4) tile(4, 1, m, s, T, K, N, xs, ws, biases, outs);
    switch (M - m) {
      case 3: tile(3, 1, m, s, T, K, N, xs, ws, biases, outs); break;
      case 2: tile(2, 1, m, s, T, K, N, xs, ws, biases, outs); break;
      case 1: tile(1, 1, m, s, T, K, N, xs, ws, biases, outs); break;
    }
  }
}

/* Every output column: pcnn_step_conv_slabs over all ceil(N / 8) slabs. */
PCNN_EXPORT void pcnn_step_conv(uint32_t M, uint32_t T, uint32_t K, uint32_t N, const float *const *xs,
                                const float *const *ws, const float *const *biases, float *const *outs) {
  pcnn_step_conv_slabs(M, T, K, N, xs, ws, biases, outs, 0, (N + SLAB - 1) / SLAB);
}

VM_INLINE f4 elu4(f4 x) { return f4_select(x > 0.0f, x, f4_exp(x) - 1.0f); }

/*
 * elu(x) and elu(-x) from one exp: at most one of x and -x is positive, and the other's elu is
 * exp(-|x|) - 1, the same value (bit for bit) that elu4 computes for it.
 */
VM_INLINE void concat_elu4(f4 x, f4 *pos, f4 *neg) {
  const f4 below = f4_exp(-f4_abs(x)) - 1.0f;
  *pos = f4_select(x > 0.0f, x, below);
  *neg = f4_select(x < 0.0f, -x, below);
}

/* A vector of n < 4 floats, the other lanes zero. */
static f4 load_partial(const float *p, uint32_t n) {
  f4 v = f4_splat(0.0f);
  for (uint32_t c = 0; c < n; c++) v[c] = p[c];
  return v;
}

static void store_partial(float *p, f4 v, uint32_t n) {
  for (uint32_t c = 0; c < n; c++) p[c] = v[c];
}

/*
 * concat_elu of `count` F-vectors: out[0:F] = elu(x), out[F:2F] = elu(-x). x steps by x_stride
 * floats, out by out_stride.
 */
PCNN_EXPORT void pcnn_step_concat_elu(uint32_t count, uint32_t F, const float *x, uint32_t x_stride, float *out,
                                      uint32_t out_stride) {
  for (uint32_t i = 0; i < count; i++, x += x_stride, out += out_stride) {
    uint32_t c = 0;
    f4 pos, neg;
    for (; c + 4 <= F; c += 4) {
      concat_elu4(load4(x + c), &pos, &neg);
      store4(out + c, pos);
      store4(out + F + c, neg);
    }
    if (c < F) {
      concat_elu4(load_partial(x + c, F - c), &pos, &neg);
      store_partial(out + c, pos, F - c);
      store_partial(out + F + c, neg, F - c);
    }
  }
}

/* elu of `count` F-vectors (strides as above). */
PCNN_EXPORT void pcnn_step_elu(uint32_t count, uint32_t F, const float *x, uint32_t x_stride, float *out,
                               uint32_t out_stride) {
  for (uint32_t i = 0; i < count; i++, x += x_stride, out += out_stride) {
    uint32_t c = 0;
    for (; c + 4 <= F; c += 4) store4(out + c, elu4(load4(x + c)));
    if (c < F) store_partial(out + c, elu4(load_partial(x + c, F - c)), F - c);
  }
}

VM_INLINE f4 gate4(f4 x, f4 a, f4 b) { return x + a / (1.0f + f4_exp(-b)); }

/*
 * The gated residual of `count` positions: out = x + a * sigmoid(b), with [a, b] = g (2F floats).
 * out may be x.
 */
PCNN_EXPORT void pcnn_step_gate(uint32_t count, uint32_t F, const float *x, uint32_t x_stride, const float *g,
                                uint32_t g_stride, float *out, uint32_t out_stride) {
  for (uint32_t i = 0; i < count; i++, x += x_stride, g += g_stride, out += out_stride) {
    uint32_t c = 0;
    for (; c + 4 <= F; c += 4) store4(out + c, gate4(load4(x + c), load4(g + c), load4(g + F + c)));
    if (c < F) {
      const uint32_t n = F - c;
      store_partial(out + c, gate4(load_partial(x + c, n), load_partial(g + c, n), load_partial(g + F + c, n)), n);
    }
  }
}

/* Operations of a step program (src/sampling/step-program.ts), each followed by its arguments. */
enum { PCNN_OP_CONV = 0, PCNN_OP_CONCAT_ELU = 1, PCNN_OP_ELU = 2, PCNN_OP_GATE = 3 };

/*
 * Runs a recorded sequence of the calls above: `words` 32-bit words, each call its operation and
 * then its arguments as the export takes them. A pixel's step at batch 1 is a few dozen calls of
 * a microsecond or less, so making them from here rather than one by one from JavaScript saves
 * the per-call cost of the boundary and of the caller's bookkeeping. Returns the words run (all
 * of them, unless an operation is unknown: it stops there).
 */
PCNN_EXPORT uint32_t pcnn_step_run(const uint32_t *program, uint32_t words) {
  const uint32_t *p = program;
  const uint32_t *const end = program + words;
  while (p < end) {
    switch (p[0]) {
      case PCNN_OP_CONV:
        pcnn_step_conv(p[1], p[2], p[3], p[4], (const float *const *)(uintptr_t)p[5], (const float *const *)(uintptr_t)p[6],
                       (const float *const *)(uintptr_t)p[7], (float *const *)(uintptr_t)p[8]);
        p += 9;
        break;
      case PCNN_OP_CONCAT_ELU:
        pcnn_step_concat_elu(p[1], p[2], (const float *)(uintptr_t)p[3], p[4], (float *)(uintptr_t)p[5], p[6]);
        p += 7;
        break;
      case PCNN_OP_ELU:
        pcnn_step_elu(p[1], p[2], (const float *)(uintptr_t)p[3], p[4], (float *)(uintptr_t)p[5], p[6]);
        p += 7;
        break;
      case PCNN_OP_GATE:
        pcnn_step_gate(p[1], p[2], (const float *)(uintptr_t)p[3], p[4], (const float *)(uintptr_t)p[5], p[6],
                       (float *)(uintptr_t)p[7], p[8]);
        p += 9;
        break;
      default:
        return (uint32_t)(p - program);
    }
  }
  return words;
}
