/*
 * Four-lane vector types and the elementary functions the mixture needs, written once with
 * clang's vector extensions. With -msimd128 they compile to wasm SIMD (a d4 is two f64x2
 * registers); without it clang lowers every lane to scalar code. Only IEEE-exact operations are
 * used (no libm, no fused multiply-add), so both builds give bit-identical results.
 *
 * Precision plan (see mixture.c): quantities whose size grows with the parameters (centred
 * values, logistic arguments, the log-likelihood's linear parts, sums over channels) are float64
 * (d4); bounded corrections such as log1p(exp(-|a|)) are float32 (f4), where absolute error is
 * what counts and float32 gives about 1e-7.
 */
#ifndef PCNN_VECMATH_H
#define PCNN_VECMATH_H

#include <stdint.h>

#if defined(__wasm_simd128__)
#include <wasm_simd128.h>
#endif

typedef float f4 __attribute__((vector_size(16)));
typedef int32_t i4 __attribute__((vector_size(16)));
typedef double d4 __attribute__((vector_size(32)));
typedef int64_t l4 __attribute__((vector_size(32)));
typedef double d2 __attribute__((vector_size(16)));

#define VM_INLINE static inline __attribute__((always_inline))

VM_INLINE f4 f4_splat(float v) { return (f4){v, v, v, v}; }
VM_INLINE d4 d4_splat(double v) { return (d4){v, v, v, v}; }

/*
 * Lane-wise m ? a : b, for masks of all-ones / all-zeros lanes. The SIMD build uses the opaque
 * bitselect builtin: given plain vector code, clang 14 rebuilds every mask as a vector of
 * booleans and sign-extends it again with shift pairs, some of which V8 has to emulate.
 */
#if defined(__wasm_simd128__)
VM_INLINE v128_t vm_bitselect(v128_t a, v128_t b, v128_t m) { return (v128_t)__builtin_wasm_bitselect((i4)a, (i4)b, (i4)m); }
VM_INLINE f4 f4_select(i4 m, f4 a, f4 b) { return (f4)vm_bitselect((v128_t)a, (v128_t)b, (v128_t)m); }
VM_INLINE i4 i4_select(i4 m, i4 a, i4 b) { return (i4)vm_bitselect((v128_t)a, (v128_t)b, (v128_t)m); }
VM_INLINE d4 d4_select(l4 m, d4 a, d4 b) {
  d2 lo = (d2)vm_bitselect((v128_t)__builtin_shufflevector(a, a, 0, 1), (v128_t)__builtin_shufflevector(b, b, 0, 1),
                           (v128_t)__builtin_shufflevector(m, m, 0, 1));
  d2 hi = (d2)vm_bitselect((v128_t)__builtin_shufflevector(a, a, 2, 3), (v128_t)__builtin_shufflevector(b, b, 2, 3),
                           (v128_t)__builtin_shufflevector(m, m, 2, 3));
  return __builtin_shufflevector(lo, hi, 0, 1, 2, 3);
}
#else
VM_INLINE f4 f4_select(i4 m, f4 a, f4 b) { return (f4)(((i4)a & m) | ((i4)b & ~m)); }
VM_INLINE i4 i4_select(i4 m, i4 a, i4 b) { return (a & m) | (b & ~m); }
VM_INLINE d4 d4_select(l4 m, d4 a, d4 b) { return (d4)(((l4)a & m) | ((l4)b & ~m)); }
#endif

/* b < a ? b : a, exactly wasm's pmin (and pmax below), so both builds agree on every input. */
#if defined(__wasm_simd128__)
VM_INLINE f4 f4_min(f4 a, f4 b) { return __builtin_wasm_pmin_f32x4(a, b); }
VM_INLINE f4 f4_max(f4 a, f4 b) { return __builtin_wasm_pmax_f32x4(a, b); }
VM_INLINE d4 d4_min(d4 a, d4 b) {
  d2 lo = __builtin_wasm_pmin_f64x2(__builtin_shufflevector(a, a, 0, 1), __builtin_shufflevector(b, b, 0, 1));
  d2 hi = __builtin_wasm_pmin_f64x2(__builtin_shufflevector(a, a, 2, 3), __builtin_shufflevector(b, b, 2, 3));
  return __builtin_shufflevector(lo, hi, 0, 1, 2, 3);
}
VM_INLINE d4 d4_max(d4 a, d4 b) {
  d2 lo = __builtin_wasm_pmax_f64x2(__builtin_shufflevector(a, a, 0, 1), __builtin_shufflevector(b, b, 0, 1));
  d2 hi = __builtin_wasm_pmax_f64x2(__builtin_shufflevector(a, a, 2, 3), __builtin_shufflevector(b, b, 2, 3));
  return __builtin_shufflevector(lo, hi, 0, 1, 2, 3);
}
#else
VM_INLINE f4 f4_min(f4 a, f4 b) { return f4_select(b < a, b, a); }
VM_INLINE f4 f4_max(f4 a, f4 b) { return f4_select(a < b, b, a); }
VM_INLINE d4 d4_min(d4 a, d4 b) { return d4_select(b < a, b, a); }
VM_INLINE d4 d4_max(d4 a, d4 b) { return d4_select(a < b, b, a); }
#endif

VM_INLINE f4 f4_abs(f4 x) { return (f4)((i4)x & 0x7fffffff); }
VM_INLINE d4 d4_abs(d4 x) { return (d4)((l4)x & 0x7fffffffffffffffLL); }

VM_INLINE d4 d4_from_f4(f4 x) { return __builtin_convertvector(x, d4); }
VM_INLINE d4 d4_from_i4(i4 x) { return __builtin_convertvector(x, d4); }

#if defined(__wasm_simd128__)
VM_INLINE d2 d4_lo(d4 x) { return __builtin_shufflevector(x, x, 0, 1); }
VM_INLINE d2 d4_hi(d4 x) { return __builtin_shufflevector(x, x, 2, 3); }

/* Written with the wasm intrinsics: clang 14 scalarises a plain v4f64 -> v4f32 conversion. */
VM_INLINE f4 f4_from_d4(d4 x) {
  v128_t lo = wasm_f32x4_demote_f64x2_zero((v128_t)d4_lo(x));
  v128_t hi = wasm_f32x4_demote_f64x2_zero((v128_t)d4_hi(x));
  return (f4)wasm_i32x4_shuffle(lo, hi, 0, 1, 4, 5);
}
/* Widens a mask by copying each 32-bit lane into both halves of a 64-bit lane. */
VM_INLINE l4 l4_from_i4(i4 m) {
  v128_t lo = wasm_i8x16_shuffle((v128_t)m, (v128_t)m, 0, 1, 2, 3, 0, 1, 2, 3, 4, 5, 6, 7, 4, 5, 6, 7);
  v128_t hi = wasm_i8x16_shuffle((v128_t)m, (v128_t)m, 8, 9, 10, 11, 8, 9, 10, 11, 12, 13, 14, 15, 12, 13, 14, 15);
  return (l4)__builtin_shufflevector((d2)lo, (d2)hi, 0, 1, 2, 3);
}
VM_INLINE f4 f4_sqrt(f4 x) { return (f4)wasm_f32x4_sqrt((v128_t)x); }
#else
VM_INLINE f4 f4_from_d4(d4 x) { return __builtin_convertvector(x, f4); }
VM_INLINE l4 l4_from_i4(i4 m) { return __builtin_convertvector(m, l4); }
VM_INLINE f4 f4_sqrt(f4 x) {
  return (f4){__builtin_sqrtf(x[0]), __builtin_sqrtf(x[1]), __builtin_sqrtf(x[2]), __builtin_sqrtf(x[3])};
}
#endif

/*
 * exp in float32 (Cephes expf: x = n ln2 + r, |r| <= ln2/2, degree-7 polynomial; about 1 ulp).
 * Inputs are clamped to [-87.3, 88.3], so the result is a normal float: e^-87.3 stands in for
 * anything smaller, which only ever meets 1 + e or a sum whose largest term is 1.
 */
VM_INLINE f4 f4_exp(f4 x) {
  const f4 magic = f4_splat(12582912.0f); /* 1.5 * 2^23: adding it rounds to an integer */
  x = f4_min(f4_max(x, f4_splat(-87.3f)), f4_splat(88.3f));
  f4 t = x * 1.44269504088896341f + magic;
  f4 n = t - magic;
  f4 r = x - n * 0.693359375f;
  r = r - n * -2.12194440e-4f;
  f4 p = f4_splat(1.9875691500e-4f);
  p = p * r + 1.3981999507e-3f;
  p = p * r + 8.3334519073e-3f;
  p = p * r + 4.1665795894e-2f;
  p = p * r + 1.6666665459e-1f;
  p = p * r + 5.0000001201e-1f;
  p = p * (r * r) + r + 1.0f;
  i4 scale = (((i4)t - (i4)magic) + 127) << 23;
  return p * (f4)scale;
}

/* log in float32 (Cephes logf, about 1 ulp) for x >= FLT_MIN; smaller inputs are clamped. */
VM_INLINE f4 f4_log(f4 x) {
  x = f4_max(x, f4_splat(1.17549435e-38f));
  i4 bits = (i4)x;
  i4 e = (bits >> 23) - 126;
  f4 m = (f4)((bits & 0x007fffff) | 0x3f000000); /* mantissa in [0.5, 1) */
  i4 small = m < 0.707106781186547524f;
  e = e + small; /* a true mask is -1 */
  m = f4_select(small, m + m, m) - 1.0f;
  f4 ef = __builtin_convertvector(e, f4);
  f4 z = m * m;
  f4 y = f4_splat(7.0376836292e-2f);
  y = y * m + -1.1514610310e-1f;
  y = y * m + 1.1676998740e-1f;
  y = y * m + -1.2420140846e-1f;
  y = y * m + 1.4249322787e-1f;
  y = y * m + -1.6668057665e-1f;
  y = y * m + 2.0000714765e-1f;
  y = y * m + -2.4999993993e-1f;
  y = y * m + 3.3333331174e-1f;
  y = y * m * z;
  y = y + ef * -2.12194440e-4f;
  y = y - 0.5f * z;
  return m + y + ef * 0.693359375f;
}

/*
 * 1 - e^-d for d >= 0 with full relative precision as d -> 0, given e^-d (only used where
 * d >= 0.35, so 1 - e^-d loses at most a couple of bits).
 */
VM_INLINE f4 f4_one_minus_exp_neg(f4 d, f4 exp_neg_d) {
  /* Taylor series of expm1(y) for |y| <= 0.35: relative error below 2e-8. */
  f4 y = -d;
  f4 p = f4_splat(1.0f / 5040.0f);
  p = p * y + 1.0f / 720.0f;
  p = p * y + 1.0f / 120.0f;
  p = p * y + 1.0f / 24.0f;
  p = p * y + 1.0f / 6.0f;
  p = p * y + 0.5f;
  f4 series = -(p * (y * y) + y);
  return f4_select(d < 0.35f, series, 1.0f - exp_neg_d);
}

/* tanh in float32, absolute error about 1e-7 (used only for sampling). */
VM_INLINE f4 f4_tanh(f4 x) {
  f4 ax = f4_min(f4_abs(x), f4_splat(20.0f));
  f4 t = 1.0f - 2.0f / (f4_exp(ax + ax) + 1.0f);
  return (f4)((i4)t | ((i4)x & (int32_t)0x80000000));
}

/*
 * exp in float64 for x <= 709, relative error 5.2e-11: x = n ln2 + r with |r| <= ln2/2, then
 * 1 + r + r^2 q(r) with q of degree 5 fitted for minimal maximum relative error. That is what
 * the mixture needs (and much cheaper than full double precision): the inverse scale e^-s
 * multiplies the centred value, so its relative error becomes an absolute error of the logistic
 * argument times |a|, about 5e-7 nats at |a| = 10^4.
 */
VM_INLINE d4 d4_exp(d4 x) {
  const d4 magic = d4_splat(6755399441055744.0); /* 1.5 * 2^52 */
  x = d4_min(d4_max(x, d4_splat(-708.0)), d4_splat(709.0));
  d4 t = x * 1.4426950408889634 + magic;
  d4 n = t - magic;
  d4 r = x - n * 6.93147180369123816490e-01; /* ln2 high part: n * hi is exact */
  r = r - n * 1.90821492927058770002e-10;   /* ln2 low part */
  d4 q = d4_splat(0.00019790349185554407);
  q = q * r + 0.0013944649429301374;
  q = q * r + 0.008333497020733752;
  q = q * r + 0.041666295080435276;
  q = q * r + 0.16666665869320035;
  q = q * r + 0.5000000067646811;
  d4 p = q * (r * r) + r + 1.0;
  l4 scale = (((l4)t - (l4)magic) + 1023) << 52;
  return p * (d4)scale;
}

/* tanh in float64 with absolute error about 3e-11 (the coupling coefficients). */
VM_INLINE d4 d4_tanh(d4 x) {
  d4 ax = d4_min(d4_abs(x), d4_splat(20.0)); /* tanh(20) rounds to 1 */
  d4 t = 1.0 - 2.0 / (d4_exp(ax + ax) + 1.0);
  return (d4)((l4)t | ((l4)x & (int64_t)0x8000000000000000ULL));
}

#endif
