/**
 * The mixture log-likelihood written with @tensorflow/tfjs-core ops: differentiable, so it can
 * serve as a training loss, and the tfjs line of the mixture benchmark. Same layout, branches and
 * stable forms as wasm/src/mixture.c (float32 throughout, as tfjs computes):
 *   log(sigmoid(a) - sigmoid(b)) = log sigmoid(a) + log sigmoid(-b) + log(1 - e^-(a - b)),
 * three non-positive terms, instead of subtracting two CDFs that may both be close to 1.
 */
import * as tf from '@tensorflow/tfjs-core';

const LOG_127_5 = Math.log(127.5);
const LOG_DENSITY_THRESHOLD = Math.log(1e-5);

/**
 * `log sigmoid(x) = -softplus(-x)`, as `tf.logSigmoid` computes it, but from plain ops: the
 * latter's custom gradient reads its input after the enclosing tidy has freed it.
 */
const logSigmoid = (x: tf.Tensor) => tf.neg(tf.softplus(tf.neg(x)));

/**
 * Per-pixel log p (nats) of `x` (`[N, H, W, C]`, values `(v - 127.5) / 127.5`) under the mixture
 * `params` (`[N, H, W, P]`, `P = 10 nrMix` for C = 3, `3 nrMix` for C = 1). Returns `[N, H, W]`.
 */
export function discretizedMixLogisticLogProb(x: tf.Tensor4D, params: tf.Tensor4D, nrMix: number): tf.Tensor3D {
  const [N, H, W, C] = x.shape;
  const M = nrMix;
  const P = C === 3 ? 10 * M : 3 * M;
  if (C !== 1 && C !== 3) throw new RangeError(`x: expected 1 or 3 channels, got shape [${x.shape.join(', ')}].`);
  if (params.shape[0] !== N || params.shape[1] !== H || params.shape[2] !== W || params.shape[3] !== P)
    throw new RangeError(`params: expected shape [${N}, ${H}, ${W}, ${P}] for ${C} channels and nrMix=${M}, got [${params.shape.join(', ')}].`);
  // Pixels flattened to one axis: every tensor below has rank <= 3, which all backends support
  // for every op used (WebGPU's select stops at rank 4).
  const R = N * H * W;
  return tf.tidy(() => {
    const p2 = tf.reshape(params, [R, P]);
    const logits = tf.slice(p2, [0, 0], [R, M]);
    // [R, C, 3M]: per channel, means | log-scales | coefficients (C = 1: means | log-scales)
    const rest = tf.reshape(tf.slice(p2, [0, M], [R, P - M]), [R, C, (P - M) / C]);
    const part = (j: number) => tf.slice(rest, [0, 0, j * M], [R, C, M]);
    const xc = tf.reshape(x, [R, C, 1]);
    let means = part(0);
    if (C === 3) {
      const coef = tf.tanh(part(2));
      const at = (t: tf.Tensor, c: number) => tf.slice(t, [0, c, 0], [R, 1, -1]);
      const xR = at(xc, 0);
      const xG = at(xc, 1);
      means = tf.concat(
        [at(means, 0), tf.add(at(means, 1), tf.mul(at(coef, 0), xR)), tf.add(tf.add(at(means, 2), tf.mul(at(coef, 1), xR)), tf.mul(at(coef, 2), xG))],
        1,
      );
    }
    const logScales = tf.maximum(part(1), -7);
    const centred = tf.sub(xc, means);
    const inv = tf.exp(tf.neg(logScales));
    const plus = tf.mul(inv, tf.add(centred, 1 / 255));
    const minus = tf.mul(inv, tf.sub(centred, 1 / 255));
    const mid = tf.mul(inv, centred);
    const logCdfPlus = logSigmoid(plus);
    const logOneMinusCdfMinus = tf.neg(tf.softplus(minus));
    const logOneMinusExpNegD = tf.log(tf.neg(tf.expm1(tf.mul(inv, -2 / 255))));
    const logDelta = tf.add(tf.add(logCdfPlus, logSigmoid(tf.neg(minus))), logOneMinusExpNegD);
    const logPdfMid = tf.sub(tf.sub(tf.sub(mid, logScales), tf.mul(2, tf.softplus(mid))), LOG_127_5);
    const isLow = tf.broadcastTo(tf.less(xc, -0.999), [R, C, M]);
    const isHigh = tf.broadcastTo(tf.greater(xc, 0.999), [R, C, M]);
    const logProbs = tf.where(
      isLow,
      logCdfPlus,
      tf.where(isHigh, logOneMinusCdfMinus, tf.where(tf.greater(logDelta, LOG_DENSITY_THRESHOLD), logDelta, logPdfMid)),
    );
    const joint = tf.add(tf.sum(logProbs, 1), tf.logSoftmax(logits));
    return tf.reshape(tf.logSumExp(joint, 1), [N, H, W]) as tf.Tensor3D;
  });
}
