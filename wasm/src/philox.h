/*
 * Philox4x32-10 (Salmon et al., "Parallel random numbers: as easy as 1, 2, 3", SC 2011), as in
 * Random123's philox4x32: 10 rounds, multipliers 0xD2511F53 / 0xCD9E8D57, Weyl key increments
 * 0x9E3779B9 / 0xBB67AE85. A counter-based generator: block i is a pure function of
 * (key, counter), so any draw can be made without generating the ones before it.
 */
#ifndef PCNN_PHILOX_H
#define PCNN_PHILOX_H

#include <stdint.h>

#define PHILOX_M0 0xD2511F53u
#define PHILOX_M1 0xCD9E8D57u
#define PHILOX_W0 0x9E3779B9u
#define PHILOX_W1 0xBB67AE85u

static inline void philox4x32_10(const uint32_t ctr_in[4], uint32_t key0, uint32_t key1, uint32_t out[4]) {
  uint32_t c0 = ctr_in[0], c1 = ctr_in[1], c2 = ctr_in[2], c3 = ctr_in[3];
  for (int round = 0; round < 10; round++) {
    if (round > 0) {
      key0 += PHILOX_W0;
      key1 += PHILOX_W1;
    }
    uint64_t p0 = (uint64_t)PHILOX_M0 * c0;
    uint64_t p1 = (uint64_t)PHILOX_M1 * c2;
    uint32_t hi0 = (uint32_t)(p0 >> 32), lo0 = (uint32_t)p0;
    uint32_t hi1 = (uint32_t)(p1 >> 32), lo1 = (uint32_t)p1;
    c0 = hi1 ^ c1 ^ key0;
    c1 = lo1;
    c2 = hi0 ^ c3 ^ key1;
    c3 = lo0;
  }
  out[0] = c0;
  out[1] = c1;
  out[2] = c2;
  out[3] = c3;
}

/*
 * A uniform in the open interval (0, 1) from the top 23 bits of a word: (j + 0.5) * 2^-23.
 * Both u and 1 - u are exact in float32 (odd multiples of 2^-24 below 1), so u is never 0 or 1
 * and log(u) - log(1 - u) needs no guard.
 */
static inline float philox_uniform(uint32_t word) {
  return ((float)(word >> 9) + 0.5f) * 0x1p-23f;
}

#endif
