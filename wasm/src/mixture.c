/*
 * Discretized logistic mixture of PixelCNN++ (Salimans et al. 2017, eqs. 2-3), the likelihood of
 * the original `discretized_mix_logistic_loss` and its sampler, four pixels at a time.
 *
 * Parameter layout per pixel (M = nr_mix): 3 channels: [0, M) logits, then for colour c,
 * base = M + 3Mc: means [base, base+M), log-scales [base+M, base+2M), raw coupling coefficients
 * [base+2M, base+3M). The coefficient block of colour j feeds coupling term j:
 * mean_G = mu_G + tanh(coef_0) x_R, mean_B = mu_B + tanh(coef_1) x_R + tanh(coef_2) x_G.
 * 1 channel: logits, means, log-scales.
 *
 * Bin log-probability with s = max(log_scale, -7), a = e^-s (x - mean + 1/255),
 * b = e^-s (x - mean - 1/255), d = a - b = 2 e^-s / 255:
 *   value 0:    log sigmoid(a)       = min(a, 0) - log(1 + e^-|a|)
 *   value 255:  log(1 - sigmoid(b))  = min(-b, 0) - log(1 + e^-|b|)
 *   otherwise:  log(sigmoid(a) - sigmoid(b))
 *                 = log sigmoid(a) + log sigmoid(-b) + log(1 - e^-d)
 *                 = min(a, 0) + min(-b, 0) + log((1 - e^-d) / ((1 + e^-|a|)(1 + e^-|b|)))
 *     (three terms that are all <= 0, so nothing cancels), unless the bin mass
 *     sigmoid(a) - sigmoid(b) = e^min(a,0) e^min(-b,0) (1 - e^-d) / (...) is <= 1e-5, where the
 *     reference switches to the density at the bin centre m = (a + b) / 2:
 *       m - s - 2 softplus(m) - log 127.5 = -|m| - s - log 127.5 - 2 log(1 + e^-|m|).
 * Each case is a "linear part" that can be arbitrarily large, kept in float64, plus a bounded
 * logarithm in (-1.4, 0] or log of the mass ratio, computed in float32. The per-channel sums and
 * the log-sum-exp over components stay in float64 so the conditional log p(x_c | x_<c), a
 * difference of two such sums, keeps its absolute precision when the sums are large.
 */
#include "pcnn.h"
#include "philox.h"
#include "vecmath.h"

#define LOG_127_5 4.8481163645984813
#define LOG_SCALE_MIN (-7.0)
#define DENSITY_THRESHOLD 1e-5f

static uint32_t error_index;

PCNN_EXPORT uint32_t pcnn_error_index(void) { return error_index; }

/* ---- workspace: one region above the stack, grown on demand ---- */

extern unsigned char __heap_base;

PCNN_EXPORT void *pcnn_workspace_reserve(uint32_t bytes) {
  uint32_t base = ((uint32_t)(uintptr_t)&__heap_base + 15u) & ~15u;
  uint64_t end = (uint64_t)base + bytes;
  uint64_t have = (uint64_t)__builtin_wasm_memory_size(0) << 16;
  if (end > have) {
    uint64_t pages = (end - have + 65535u) >> 16;
    if (end > 0xFFFF0000ull || __builtin_wasm_memory_grow(0, (uint32_t)pages) == (size_t)-1) return 0;
  }
  return (void *)(uintptr_t)base;
}

/* ---- shared helpers ---- */

static uint32_t params_per_pixel(uint32_t channels, uint32_t nr_mix) {
  return channels == 3 ? 10 * nr_mix : 3 * nr_mix;
}

static int valid_shape(uint32_t channels, uint32_t nr_mix) {
  return (channels == 1 || channels == 3) && nr_mix >= 1 && nr_mix <= PCNN_MAX_MIX;
}

/* First non-finite value (exponent bits all ones), or -1. */
static int64_t find_nonfinite(const float *values, uint32_t count) {
  const uint32_t *bits = (const uint32_t *)values;
  for (uint32_t start = 0; start < count; start += 1024) {
    uint32_t end = count - start < 1024 ? count : start + 1024;
    uint32_t any = 0;
    for (uint32_t i = start; i < end; i++) any |= (uint32_t)((bits[i] & 0x7f800000u) == 0x7f800000u);
    if (any) {
      for (uint32_t i = start; i < end; i++)
        if ((bits[i] & 0x7f800000u) == 0x7f800000u) return i;
    }
  }
  return -1;
}

/* What every entry point checks first: a shape it can take, and finite parameters. */
static pcnn_status check_params(const float *params, uint32_t n, uint32_t channels, uint32_t nr_mix) {
  if (!valid_shape(channels, nr_mix)) return PCNN_E_ARG;
  int64_t bad = find_nonfinite(params, n * params_per_pixel(channels, nr_mix));
  if (bad >= 0) {
    error_index = (uint32_t)bad;
    return PCNN_E_NONFINITE;
  }
  return PCNN_OK;
}

/* Pointers to the four pixels of a group; lanes past the end repeat the last pixel. */
typedef struct {
  const float *p[4];
} group_params;

static group_params group_at(const float *params, uint32_t first, uint32_t n, uint32_t stride) {
  group_params g;
  for (uint32_t j = 0; j < 4; j++) {
    uint32_t i = first + j < n ? first + j : n - 1;
    g.p[j] = params + (size_t)i * stride;
  }
  return g;
}

#define LOAD4(g, off) ((f4){(g).p[0][off], (g).p[1][off], (g).p[2][off], (g).p[3][off]})

/* ---- log-likelihood ---- */

static void logprob_group(group_params g, const uint8_t *pixels, uint32_t first, uint32_t count,
                          uint32_t channels, uint32_t nr_mix, double *out_subpixel, double *out_pixel) {
  const uint32_t M = nr_mix;
  d4 acc[PCNN_MAX_MIX];     /* log pi_k + sum over channels so far of log p_c,k */
  d4 coupling[3][PCNN_MAX_MIX];
  d4 xs[3];

  /* log-softmax of the logits */
  f4 lmax = LOAD4(g, 0);
  for (uint32_t k = 1; k < M; k++) lmax = f4_max(lmax, LOAD4(g, k));
  f4 lsum = f4_splat(0.0f);
  for (uint32_t k = 0; k < M; k++) lsum += f4_exp(LOAD4(g, k) - lmax);
  d4 log_norm = d4_from_f4(lmax) + d4_from_f4(f4_log(lsum));
  for (uint32_t k = 0; k < M; k++) acc[k] = d4_from_f4(LOAD4(g, k)) - log_norm;

  if (channels == 3) {
    for (uint32_t j = 0; j < 3; j++)
      for (uint32_t k = 0; k < M; k++) coupling[j][k] = d4_tanh(d4_from_f4(LOAD4(g, M + 3 * M * j + 2 * M + k)));
  }

  uint32_t pix[4];
  for (uint32_t j = 0; j < 4; j++) pix[j] = (first + (j < count ? j : count - 1)) * channels;

  d4 lse_prev = d4_splat(0.0);
  for (uint32_t c = 0; c < channels; c++) {
    i4 v = {pixels[pix[0] + c], pixels[pix[1] + c], pixels[pix[2] + c], pixels[pix[3] + c]};
    d4 x = (d4_from_i4(v) - 127.5) / 127.5;
    xs[c] = x;
    i4 is0 = v == 0, is255 = v == 255;
    i4 interior = ~(is0 | is255);
    l4 is0_d = l4_from_i4(is0), is255_d = l4_from_i4(is255);
    const uint32_t base = channels == 3 ? M + 3 * M * c : M;

    for (uint32_t k = 0; k < M; k++) {
      d4 mean = d4_from_f4(LOAD4(g, base + k));
      if (c == 1) mean = mean + coupling[0][k] * xs[0];
      if (c == 2) mean = mean + coupling[1][k] * xs[0] + coupling[2][k] * xs[1];
      d4 s = d4_from_f4(f4_max(LOAD4(g, base + M + k), f4_splat((float)LOG_SCALE_MIN)));
      d4 inv = d4_exp(-s);
      d4 centred = x - mean;
      d4 a = inv * (centred + 1.0 / 255.0);
      d4 b = inv * (centred - 1.0 / 255.0);
      d4 mid = inv * centred;
      d4 d = inv * (2.0 / 255.0);

      f4 af = f4_from_d4(a), bf = f4_from_d4(b);
      f4 ea = f4_exp(-f4_abs(af)), eb = f4_exp(-f4_abs(bf));
      f4 one_plus_ea = 1.0f + ea, one_plus_eb = 1.0f + eb;
      /* e^-d from e^-|a| and e^-|b|: their product across 0, else their ratio. Where the ratio
       * meets the clamp of f4_exp (|a|, |b| > 87) the mass is far below 1e-5 and unused. */
      i4 straddle = (af > 0.0f) & (bf < 0.0f);
      f4 exp_neg_d = f4_select(straddle, ea * eb, f4_select(af > 0.0f, ea / eb, eb / ea));
      f4 ratio = f4_one_minus_exp_neg(f4_from_d4(d), exp_neg_d) / (one_plus_ea * one_plus_eb);
      f4 mass = f4_select(af < 0.0f, ea, f4_splat(1.0f)) * f4_select(bf > 0.0f, eb, f4_splat(1.0f)) * ratio;
      i4 density = i4_select(mass > DENSITY_THRESHOLD, (i4){0, 0, 0, 0}, interior);
      /* e^-|m|: with a and b on one side of 0, |m| = (|a| + |b|) / 2; across 0 the density
       * branch needs d < 5e-5, so |m| < 3e-5 and two Taylor terms are exact in float32. */
      f4 am = f4_abs(f4_from_d4(mid));
      f4 em = f4_select(straddle, 1.0f - am * (1.0f - 0.5f * am), f4_sqrt(ea * eb));
      f4 one_plus_em = 1.0f + em;
      f4 arg = f4_select(is0, one_plus_ea,
                         f4_select(is255, one_plus_eb, f4_select(density, one_plus_em * one_plus_em, ratio)));
      f4 lg = f4_log(arg);
      f4 corr = f4_select(interior & ~density, lg, -lg);

      d4 lin_a = d4_min(a, d4_splat(0.0)), lin_b = d4_min(-b, d4_splat(0.0));
      d4 lin_density = -d4_abs(mid) - s - LOG_127_5;
      d4 lin = d4_select(is0_d, lin_a,
                         d4_select(is255_d, lin_b, d4_select(l4_from_i4(density), lin_density, lin_a + lin_b)));
      acc[k] += lin + d4_from_f4(corr);
    }

    /* log-sum-exp over components: the log-probability of channels 0..c */
    d4 m = acc[0];
    for (uint32_t k = 1; k < M; k++) m = d4_max(m, acc[k]);
    f4 sum = f4_splat(0.0f);
    for (uint32_t k = 0; k < M; k++) sum += f4_exp(f4_from_d4(acc[k] - m));
    d4 lse = m + d4_from_f4(f4_log(sum));
    if (out_subpixel) {
      d4 cond = lse - lse_prev;
      for (uint32_t j = 0; j < count; j++) out_subpixel[(size_t)(first + j) * channels + c] = cond[j];
    }
    lse_prev = lse;
  }
  if (out_pixel)
    for (uint32_t j = 0; j < count; j++) out_pixel[first + j] = lse_prev[j];
}

PCNN_EXPORT pcnn_status pcnn_mixture_logprob(const float *params, const uint8_t *pixels, uint32_t n,
                                             uint32_t channels, uint32_t nr_mix, double *out_subpixel,
                                             double *out_pixel) {
  pcnn_status status = check_params(params, n, channels, nr_mix);
  if (status != PCNN_OK) return status;
  const uint32_t P = params_per_pixel(channels, nr_mix);
  for (uint32_t first = 0; first < n; first += 4) {
    uint32_t count = n - first < 4 ? n - first : 4;
    logprob_group(group_at(params, first, n, P), pixels, first, count, channels, nr_mix, out_subpixel, out_pixel);
  }
  return PCNN_OK;
}

/* ---- sampling ---- */

/* Gumbel-max on logits / T for four pixels (lane j: u_mix[k][j]), one component at a time. */
static i4 choose_group(group_params g, const f4 *u_mix, uint32_t nr_mix, float temperature) {
  f4 best = LOAD4(g, 0) / temperature - f4_log(-f4_log(u_mix[0]));
  i4 chosen = {0, 0, 0, 0};
  for (uint32_t k = 1; k < nr_mix; k++) {
    f4 score = LOAD4(g, k) / temperature - f4_log(-f4_log(u_mix[k]));
    i4 better = score > best;
    best = f4_select(better, score, best);
    chosen = i4_select(better, (i4){(int32_t)k, (int32_t)k, (int32_t)k, (int32_t)k}, chosen);
  }
  return chosen;
}

/*
 * Gumbel-max for one pixel, four components at a time, each block of its stream (1 + k / 4)
 * made as it is used. A score is the same operations as in a lane of choose_group, and ties go
 * to the first component as there, so the choice is the same; a group of one pixel evaluates a
 * quarter of choose_group's logarithms.
 */
static uint32_t choose_one(const float *logits, uint32_t image, uint32_t pixel, uint32_t seed_lo, uint32_t seed_hi,
                           uint32_t nr_mix, float temperature) {
  uint32_t chosen = 0;
  float best = 0.0f;
  for (uint32_t k0 = 0; k0 < nr_mix; k0 += 4) {
    uint32_t ctr[4] = {image, pixel, 1 + k0 / 4, 0}, words[4];
    philox4x32_10(ctr, seed_lo, seed_hi, words);
    const uint32_t lanes = nr_mix - k0 < 4 ? nr_mix - k0 : 4;
    f4 u, logit = f4_splat(0.0f);
    for (uint32_t w = 0; w < 4; w++) u[w] = philox_uniform(words[w]);
    for (uint32_t w = 0; w < lanes; w++) logit[w] = logits[k0 + w];
    f4 score = logit / temperature - f4_log(-f4_log(u));
    for (uint32_t w = 0; w < lanes; w++) {
      if (k0 + w == 0 || score[w] > best) {
        best = score[w];
        chosen = k0 + w;
      }
    }
  }
  return chosen;
}

/*
 * Given each pixel's component (lane j: pixel first + j) and its logistic uniforms u_log[c],
 * draws each channel from its logistic with scale e^s T (inverse CDF: mean + scale (log u -
 * log(1 - u))), couples G and B to the drawn R and G as the likelihood does, clamps to [-1, 1]
 * and quantises.
 */
static void draw_channels(group_params g, i4 chosen, const f4 *u_log, uint32_t first, uint32_t count,
                          uint32_t channels, uint32_t nr_mix, float temperature, float *out_x, uint8_t *out_u8) {
  const uint32_t M = nr_mix;
  f4 xs[3];
  f4 t[3];
  if (channels == 3) {
    for (uint32_t j = 0; j < 3; j++) {
      f4 coef;
      for (uint32_t lane = 0; lane < 4; lane++) coef[lane] = g.p[lane][M + 3 * M * j + 2 * M + chosen[lane]];
      t[j] = f4_tanh(coef);
    }
  }
  for (uint32_t c = 0; c < channels; c++) {
    const uint32_t base = channels == 3 ? M + 3 * M * c : M;
    f4 mean, log_scale;
    for (uint32_t lane = 0; lane < 4; lane++) {
      mean[lane] = g.p[lane][base + chosen[lane]];
      log_scale[lane] = g.p[lane][base + M + chosen[lane]];
    }
    f4 scale = f4_exp(f4_max(log_scale, f4_splat((float)LOG_SCALE_MIN)));
    f4 logit = f4_log(u_log[c]) - f4_log(1.0f - u_log[c]);
    f4 z = mean + (scale * logit) * temperature;
    if (c == 1) z = z + t[0] * xs[0];
    if (c == 2) z = z + t[1] * xs[0] + t[2] * xs[1];
    xs[c] = f4_min(f4_max(z, f4_splat(-1.0f)), f4_splat(1.0f));
  }
  for (uint32_t j = 0; j < count; j++) {
    for (uint32_t c = 0; c < channels; c++) {
      float x = xs[c][j];
      size_t at = (size_t)(first + j) * channels + c;
      if (out_x) out_x[at] = x;
      /* round((x + 1) * 127.5): exact in float64, and never a tie since x is dyadic */
      double level = (double)x * 127.5 + 128.0;
      if (out_u8) out_u8[at] = (uint8_t)(level >= 255.0 ? 255.0 : __builtin_floor(level));
    }
  }
}

static int valid_temperature(float temperature) {
  return temperature > 0.0f && temperature <= 3.40282347e38f;
}

PCNN_EXPORT pcnn_status pcnn_mixture_sample_noise(const float *params, const float *u_mix,
                                                  const float *u_logistic, uint32_t n, uint32_t channels,
                                                  uint32_t nr_mix, float temperature, float *out_x,
                                                  uint8_t *out_u8) {
  if (!valid_temperature(temperature)) return PCNN_E_ARG;
  pcnn_status status = check_params(params, n, channels, nr_mix);
  if (status != PCNN_OK) return status;
  const uint32_t P = params_per_pixel(channels, nr_mix);
  for (uint32_t i = 0; i < n * nr_mix; i++) {
    if (!(u_mix[i] > 0.0f && u_mix[i] < 1.0f)) {
      error_index = i;
      return PCNN_E_RANGE;
    }
  }
  for (uint32_t i = 0; i < n * channels; i++) {
    if (!(u_logistic[i] > 0.0f && u_logistic[i] < 1.0f)) {
      error_index = n * nr_mix + i;
      return PCNN_E_RANGE;
    }
  }
  f4 um[PCNN_MAX_MIX], ul[3];
  for (uint32_t first = 0; first < n; first += 4) {
    uint32_t count = n - first < 4 ? n - first : 4;
    for (uint32_t j = 0; j < 4; j++) {
      uint32_t i = first + j < n ? first + j : n - 1;
      for (uint32_t k = 0; k < nr_mix; k++) um[k][j] = u_mix[(size_t)i * nr_mix + k];
      for (uint32_t c = 0; c < channels; c++) ul[c][j] = u_logistic[(size_t)i * channels + c];
    }
    group_params g = group_at(params, first, n, P);
    draw_channels(g, choose_group(g, um, nr_mix, temperature), ul, first, count, channels, nr_mix, temperature, out_x, out_u8);
  }
  return PCNN_OK;
}

/*
 * The uniforms of a group's `count` pixels (lane j: image_index[j], pixel_index[j]): block 0 of
 * a pixel's stream to ul[c], block 1 + k / 4 to um[k]. Lanes past `count` repeat the last
 * pixel's uniforms, as its parameters are repeated there, without generating them again.
 */
static void group_uniforms(const uint32_t *image_index, const uint32_t *pixel_index, uint32_t count,
                           uint32_t nr_mix, uint32_t seed_lo, uint32_t seed_hi, f4 *um, f4 *ul) {
  for (uint32_t j = 0; j < count; j++) {
    uint32_t ctr[4] = {image_index[j], pixel_index[j], 0, 0};
    uint32_t words[4];
    philox4x32_10(ctr, seed_lo, seed_hi, words);
    for (uint32_t c = 0; c < 4; c++) ul[c][j] = philox_uniform(words[c]);
    for (uint32_t k = 0; k < nr_mix; k += 4) {
      ctr[2] = 1 + k / 4;
      philox4x32_10(ctr, seed_lo, seed_hi, words);
      for (uint32_t w = 0; w < 4; w++) um[k + w][j] = philox_uniform(words[w]);
    }
  }
  for (uint32_t j = count; j < 4; j++) {
    for (uint32_t c = 0; c < 4; c++) ul[c][j] = ul[c][count - 1];
    for (uint32_t k = 0; k < nr_mix; k++) um[k][j] = um[k][count - 1];
  }
}

/*
 * Random stream of a pixel: Philox4x32-10 with key = (seed_lo, seed_hi) (the 64-bit seed) and
 * counter = (image_index, pixel_index, block, 0). Block 0 holds the logistic uniforms (word c for
 * channel c); block 1 + floor(k / 4), word k % 4, holds the Gumbel uniform of component k. A
 * pixel's draw therefore depends only on (seed, image, pixel), never on the batch it is in.
 */
PCNN_EXPORT pcnn_status pcnn_mixture_sample(const float *params, uint32_t n, uint32_t channels,
                                            uint32_t nr_mix, uint32_t seed_lo, uint32_t seed_hi,
                                            const uint32_t *image_index, const uint32_t *pixel_index,
                                            float temperature, float *out_x, uint8_t *out_u8) {
  if (!valid_temperature(temperature)) return PCNN_E_ARG;
  pcnn_status status = check_params(params, n, channels, nr_mix);
  if (status != PCNN_OK) return status;
  const uint32_t P = params_per_pixel(channels, nr_mix);
  f4 um[PCNN_MAX_MIX + 3], ul[4];
  for (uint32_t first = 0; first < n; first += 4) {
    uint32_t count = n - first < 4 ? n - first : 4;
    group_params g = group_at(params, first, n, P);
    i4 chosen;
    if (count == 1) {
      /* One pixel (a batch of one, or a batch's last): its components share the vectors. */
      uint32_t ctr[4] = {image_index[first], pixel_index[first], 0, 0}, words[4];
      philox4x32_10(ctr, seed_lo, seed_hi, words);
      for (uint32_t c = 0; c < 4; c++) ul[c] = f4_splat(philox_uniform(words[c]));
      uint32_t k = choose_one(g.p[0], image_index[first], pixel_index[first], seed_lo, seed_hi, nr_mix, temperature);
      chosen = (i4){(int32_t)k, (int32_t)k, (int32_t)k, (int32_t)k};
    } else {
      group_uniforms(image_index + first, pixel_index + first, count, nr_mix, seed_lo, seed_hi, um, ul);
      chosen = choose_group(g, um, nr_mix, temperature);
    }
    draw_channels(g, chosen, ul, first, count, channels, nr_mix, temperature, out_x, out_u8);
  }
  return PCNN_OK;
}
