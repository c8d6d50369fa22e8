/**
 * Adam and Adamax with the paper's settings (beta1 0.95, beta2 0.9995) and a per-step
 * exponential learning-rate decay, written out so their state (moments, step) can be saved in
 * a checkpoint and restored exactly. Updates run on the backend, one fused tidy per step.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { OptimizerSettings } from '../weights/training-checkpoint.js';
import type { ParameterSet } from './parameters.js';

export const PAPER_OPTIMIZER: Readonly<OptimizerSettings> = Object.freeze({
  name: 'adam',
  learningRate: 1e-3,
  learningRateDecay: 0.999995,
  beta1: 0.95,
  beta2: 0.9995,
  epsilon: 1e-8,
});

export class Optimizer {
  readonly settings: Readonly<OptimizerSettings>;
  /** Steps taken so far (the bias corrections and the decay use it). */
  step: number;
  /** First moments, and second moments (adam) or the infinity norm (adamax), per parameter. */
  readonly m: ParameterSet;
  readonly v: ParameterSet;

  constructor(settings: OptimizerSettings, m: ParameterSet, v: ParameterSet, step = 0) {
    this.settings = Object.freeze({ ...settings });
    this.m = m;
    this.v = v;
    this.step = step;
  }

  /** The learning rate of the next step. */
  get learningRate(): number {
    return this.settings.learningRate * this.settings.learningRateDecay ** this.step;
  }

  /** One update of every parameter in `params` from `grads` (keyed by canonical name). */
  apply(params: ParameterSet, grads: ReadonlyMap<string, tf.Tensor>): void {
    const { name, beta1, beta2, epsilon } = this.settings;
    const lr = this.learningRate;
    const t = this.step + 1;
    const correction1 = 1 - beta1 ** t;
    const correction2 = 1 - beta2 ** t;
    tf.tidy(() => {
      for (const [key, p] of params.variables) {
        const g = grads.get(key);
        if (g === undefined) continue;
        const m = this.m.get(key);
        const v = this.v.get(key);
        const mNew = tf.add(tf.mul(m, beta1), tf.mul(g, 1 - beta1));
        m.assign(mNew);
        if (name === 'adam') {
          const vNew = tf.add(tf.mul(v, beta2), tf.mul(tf.square(g), 1 - beta2));
          v.assign(vNew);
          const denom = tf.add(tf.sqrt(tf.div(vNew, correction2)), epsilon);
          p.assign(tf.sub(p, tf.mul(tf.div(mNew, denom), lr / correction1)));
        } else {
          const uNew = tf.maximum(tf.mul(v, beta2), tf.abs(g));
          v.assign(uNew);
          p.assign(tf.sub(p, tf.mul(tf.div(mNew, tf.add(uNew, epsilon)), lr / correction1)));
        }
      }
    });
    this.step = t;
  }

  dispose(): void {
    this.m.dispose();
    this.v.dispose();
  }
}
