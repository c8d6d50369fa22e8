/*
 * Public interface of the pixelcnnpp mixture module (wasm32, no imports).
 *
 * Every export is named pcnn_<noun>_<verb>. Pointers are byte offsets into the module's exported
 * memory; the caller places its arrays in the workspace of pcnn_workspace_reserve. Functions
 * that can fail return a pcnn_status; for PCNN_E_NONFINITE and PCNN_E_RANGE, pcnn_error_index() gives the offending
 * element's index in the array named by the status.
 */
#ifndef PCNN_H
#define PCNN_H

#include <stddef.h>
#include <stdint.h>

#define PCNN_EXPORT __attribute__((visibility("default")))

/* The largest nr_mix the kernels accept (their per-pixel scratch lives on the stack). */
#define PCNN_MAX_MIX 64

typedef enum {
  PCNN_OK = 0,
  /* params[pcnn_error_index()] is NaN or infinite. */
  PCNN_E_NONFINITE = 1,
  /* A uniform (u_mix, then u_logistic, indexed as one array) is not in the open interval (0, 1). */
  PCNN_E_RANGE = 2,
  /* channels, nr_mix, n or temperature is out of range. */
  PCNN_E_ARG = 3,
} pcnn_status;

/* The module's one workspace, 16-byte aligned, grown to at least `bytes` bytes (its address
 * never changes; what it held is kept), or 0 when memory cannot grow. */
PCNN_EXPORT void *pcnn_workspace_reserve(uint32_t bytes);

PCNN_EXPORT uint32_t pcnn_error_index(void);

/*
 * Log-likelihood of n pixels under the discretized logistic mixture.
 * params: n * P floats, P = 10 * nr_mix (channels 3) or 3 * nr_mix (channels 1).
 * pixels: n * channels bytes.
 * out_subpixel: n * channels doubles, log p(x_c | x_<c) in nats (they sum to the pixel's log p).
 * out_pixel: n doubles, log p(x) in nats. Either output may be 0 (not written).
 */
PCNN_EXPORT pcnn_status pcnn_mixture_logprob(const float *params, const uint8_t *pixels, uint32_t n,
                                             uint32_t channels, uint32_t nr_mix, double *out_subpixel,
                                             double *out_pixel);

/*
 * Sampling with caller-supplied uniforms: u_mix n * nr_mix and u_logistic n * channels values in
 * (0, 1). Writes the clamped continuous values (n * channels, may be 0) and their 8-bit
 * quantisation round((x + 1) * 127.5) (n * channels, may be 0).
 */
PCNN_EXPORT pcnn_status pcnn_mixture_sample_noise(const float *params, const float *u_mix,
                                                  const float *u_logistic, uint32_t n, uint32_t channels,
                                                  uint32_t nr_mix, float temperature, float *out_x,
                                                  uint8_t *out_u8);

/*
 * Sampling with Philox4x32-10 uniforms keyed by (seed, image_index[i], pixel_index[i]); see
 * mixture.c for the counter layout.
 */
PCNN_EXPORT pcnn_status pcnn_mixture_sample(const float *params, uint32_t n, uint32_t channels,
                                            uint32_t nr_mix, uint32_t seed_lo, uint32_t seed_hi,
                                            const uint32_t *image_index, const uint32_t *pixel_index,
                                            float temperature, float *out_x, uint8_t *out_u8);

#endif
