/**
 * A class-conditional model used without labels: the classes summed out under a uniform prior,
 * p(x) = (1/K) sum_c p(x | c).
 *
 * Per pixel the same holds in raster order: p(x_p | x_<p) = sum_c p(c | x_<p) p(x_p | x_<p, c),
 * where p(c | x_<p) is proportional to the likelihood of the pixels before p under class c.
 * Written with running sums a_c(p) = log p(c) + sum_{q <= p} log p(x_q | x_<q, c), each pixel's
 * term is LSE_c a_c(p) - LSE_c a_c(p - 1), so the per-pixel terms add up to log p(x) exactly.
 */

export interface ClassMarginal {
  /** log p(x) per image, nats. */
  nats: Float64Array;
  /** log p(x_p | x_<p) per pixel with the classes summed out, `[n, pixels]`; sums to `nats`. */
  perPixel: Float64Array;
  /** argmax_c p(c | x) per image (ties: the smaller class). */
  mostLikelyLabels: Int32Array;
}

/**
 * Combines per-class per-pixel conditionals: `perClass[c]` holds log p(x_p | x_<p, c), `[n, pixels]`.
 */
export function marginalizeClasses(perClass: readonly Float64Array[], n: number, pixels: number): ClassMarginal {
  const numClasses = perClass.length;
  const logPrior = -Math.log(numClasses);
  const nats = new Float64Array(n);
  const perPixel = new Float64Array(n * pixels);
  const mostLikelyLabels = new Int32Array(n);
  const running = new Float64Array(numClasses);
  for (let i = 0; i < n; i++) {
    running.fill(logPrior);
    let before = 0; // LSE_c of the prior alone: log 1
    for (let p = i * pixels; p < (i + 1) * pixels; p++) {
      for (let c = 0; c < numClasses; c++) running[c]! += perClass[c]![p]!;
      const after = logSumExp(running);
      perPixel[p] = after - before;
      before = after;
    }
    nats[i] = before;
    mostLikelyLabels[i] = argmax(running);
  }
  return { nats, perPixel, mostLikelyLabels };
}

/** log sum_i exp(v_i), stable for large magnitudes; -Infinity for all -Infinity. */
export function logSumExp(values: ArrayLike<number>): number {
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) if (values[i]! > max) max = values[i]!;
  if (max === -Infinity) return -Infinity;
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += Math.exp(values[i]! - max);
  return max + Math.log(sum);
}

function argmax(values: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i]! > values[best]!) best = i;
  return best;
}

/**
 * Draws a class from p(c | known pixels) given each class's log-likelihood of those pixels,
 * with `u` uniform in [0, 1): inverse CDF of the posterior.
 */
export function drawFromPosterior(logLikelihoods: ArrayLike<number>, u: number): number {
  const norm = logSumExp(logLikelihoods);
  let cumulative = 0;
  for (let c = 0; c < logLikelihoods.length; c++) {
    cumulative += Math.exp(logLikelihoods[c]! - norm);
    if (u < cumulative) return c;
  }
  return logLikelihoods.length - 1;
}
