/**
 * Data-dependent initialisation of the weight-normalised layers (Salimans & Kingma 2016, as in
 * openai/pixel-cnn `nn.py`): one forward pass over the first batch in which every layer, in
 * order, sets `g = initScale / std` and `b = -mean * g` from its own output statistics, so each
 * layer starts with outputs of zero mean and standard deviation `initScale` given the layers
 * before it.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { LayerInitializer } from '../network/layers.js';
import type { LayerSpec } from '../network/architecture.js';
import type { InitializerFactory, ParameterSet } from './parameters.js';

/** The reference scales the last convolution of each gated block down to 0.1. */
const initScaleOf = (spec: LayerSpec) => (spec.name.endsWith('.conv_out.conv') ? 0.1 : 1);

export const dataDependentInit: InitializerFactory = (spec: LayerSpec, set: ParameterSet): LayerInitializer => (y) => {
  const g = set.get(`${spec.name}.weight_g`);
  const b = set.get(`${spec.name}.bias`);
  const initScale = initScaleOf(spec);
  const { mean, variance } = tf.moments(y, [0, 1, 2]);
  let scale: tf.Tensor;
  if (spec.kind === 'deconv') {
    // The PyTorch layout normalises transposed convolutions per input channel, so `g` cannot
    // scale output channels one by one: one common scale normalises their mean variance.
    scale = tf.div(initScale, tf.sqrt(tf.add(tf.mean(variance), 1e-10)));
    g.assign(tf.mul(tf.onesLike(g), scale));
  } else {
    scale = tf.div(initScale, tf.sqrt(tf.add(variance, 1e-10)));
    g.assign(tf.reshape(scale, g.shape));
  }
  b.assign(tf.neg(tf.mul(mean, scale)) as tf.Tensor1D);
  return tf.mul(tf.sub(y, mean), scale) as tf.Tensor4D;
};
