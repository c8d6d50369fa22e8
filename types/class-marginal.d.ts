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
export declare function marginalizeClasses(perClass: readonly Float64Array[], n: number, pixels: number): ClassMarginal;
/** log sum_i exp(v_i), stable for large magnitudes; -Infinity for all -Infinity. */
export declare function logSumExp(values: ArrayLike<number>): number;
/**
 * Draws a class from p(c | known pixels) given each class's log-likelihood of those pixels,
 * with `u` uniform in [0, 1): inverse CDF of the posterior.
 */
export declare function drawFromPosterior(logLikelihoods: ArrayLike<number>, u: number): number;
