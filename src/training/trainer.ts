/**
 * The training loop's state on the backend: raw parameters, their polyak average, the
 * optimizer; one step = forward with dropout, the mixture negative log-likelihood, gradients,
 * an optimizer update and an EMA update. The first step of a fresh model is preceded by the
 * data-dependent initialisation pass. Callers run every method inside the backend's queue.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { ModelConfig } from '../config.js';
import { discretizedMixLogisticLogProb } from '../mixture/tf-ops.js';
import { runNetwork } from '../network/pixelcnn-net.js';
import type { Float32TensorData } from '../weights/safetensors.js';
import type { TensorMap } from '../weights/weight-map.js';
import type { OptimizerSettings, TrainingState } from '../weights/training-checkpoint.js';
import { registerWasmConv2DBackpropFilter } from './conv2d-backprop-filter-wasm.js';
import { registerTrainingGradients } from './gradients.js';
import { dataDependentInit } from './init.js';
import { Optimizer } from './optimizer.js';
import { ParameterSet, networkParams } from './parameters.js';

/** How a batch's loss is taken: the dropout rate and mask seed, and the factor on the summed NLL. */
export interface LossSettings {
  dropout: number;
  /** Seeds the dropout masks; unseeded without it. */
  dropoutSeed?: string;
  /** Multiplies the summed negative log-likelihood (nats). */
  scale: number;
}

export interface TrainerStart {
  /** Starting parameters (random for a new model, the loaded ones to fine-tune). */
  params: TensorMap;
  /** Run the data-dependent initialisation on the first batch (new models). */
  initialize: boolean;
  /** A checkpoint's state to resume from; overrides `params`. */
  resume?: TrainingState;
  /** The settings to train with (a resumed run's own unless the caller changed them). */
  optimizer: OptimizerSettings;
  /** EMA decay per step. */
  ema: number;
}

export class Trainer {
  readonly config: Required<ModelConfig>;
  readonly emaDecay: number;
  epoch: number;
  private readonly params: ParameterSet;
  private readonly ema: ParameterSet;
  private readonly optimizer: Optimizer;
  private needsInit: boolean;

  /** Creates the variables on the active backend. */
  constructor(config: Required<ModelConfig>, start: TrainerStart) {
    registerTrainingGradients();
    registerWasmConv2DBackpropFilter();
    this.config = config;
    const resume = start.resume;
    this.params = ParameterSet.fromTensors(resume?.params ?? start.params, config);
    this.ema = resume ? ParameterSet.fromTensors(start.params, config, { trainable: false }) : this.params.clone();
    const zeros = () => {
      const set = this.params.clone();
      tf.tidy(() => set.variables.forEach((v) => v.assign(tf.zerosLike(v))));
      return set;
    };
    this.optimizer = resume
      ? new Optimizer(start.optimizer, ParameterSet.fromTensors(resume.m, config, { trainable: false }), ParameterSet.fromTensors(resume.v, config, { trainable: false }), resume.step)
      : new Optimizer(start.optimizer, zeros(), zeros());
    this.emaDecay = start.ema;
    this.epoch = resume?.epoch ?? 0;
    this.needsInit = start.initialize && resume === undefined;
  }

  get step(): number {
    return this.optimizer.step;
  }

  /** True until the first batch has run the data-dependent initialisation. */
  get needsInitialization(): boolean {
    return this.needsInit;
  }

  get learningRate(): number {
    return this.optimizer.learningRate;
  }

  /**
   * The first-batch data-dependent initialisation, on a fresh model's first call; a no-op
   * afterwards. `trainStep` and `gradients` call it themselves.
   */
  initialize(x: tf.Tensor4D, labels: tf.Tensor1D | undefined, { dropout, dropoutSeed }: Omit<LossSettings, 'scale'>): void {
    if (!this.needsInit) return;
    tf.tidy(() => {
      runNetwork(networkParams(this.params, this.config, dataDependentInit), x, labels, {
        dropout,
        ...(dropoutSeed !== undefined ? { dropoutSeed: `${dropoutSeed}/init` } : {}),
      });
    });
    this.ema.assignFrom(this.params);
    this.needsInit = false;
  }

  /**
   * One optimisation step on a batch (`x` in [-1, 1], NHWC). Returns the batch's loss in
   * nats per dimension, before the update, as a scalar tensor the caller disposes.
   */
  trainStep(x: tf.Tensor4D, labels: tf.Tensor1D | undefined, settings: Omit<LossSettings, 'scale'>): tf.Scalar {
    const { loss, grads } = this.gradients(x, labels, { ...settings, scale: 1 / x.size });
    this.applyGradients(grads);
    for (const g of grads.values()) g.dispose();
    return loss;
  }

  /**
   * The batch's negative log-likelihood in nats times `settings.scale`, and its gradient with respect
   * to each raw parameter (canonical names). With `scale = 1 / dims of the whole batch`, the
   * gradients of the parts of a batch, computed apart (by data-parallel workers), add up to
   * the whole batch's. The caller disposes every tensor returned.
   */
  gradients(x: tf.Tensor4D, labels: tf.Tensor1D | undefined, settings: LossSettings): { loss: tf.Scalar; grads: Map<string, tf.Tensor> } {
    this.initialize(x, labels, settings);
    return lossAndGradients(this.params, this.config, x, labels, settings);
  }

  /** An optimizer update from gradients keyed by canonical name, then the EMA update. */
  applyGradients(grads: ReadonlyMap<string, tf.Tensor>): void {
    tf.tidy(() => {
      this.optimizer.apply(this.params, grads);
      // As tf.train.ExponentialMovingAverage with num_updates: a shorter memory for the first
      // steps, so the average does not hold on to the initial parameters for thousands of steps.
      const step = this.optimizer.step;
      const decay = Math.min(this.emaDecay, (1 + step) / (10 + step));
      for (const [name, shadow] of this.ema.variables) {
        shadow.assign(tf.add(tf.mul(shadow, decay), tf.mul(this.params.get(name), 1 - decay)));
      }
    });
  }

  /** The raw parameters, canonical names: what data-parallel workers compute gradients at. */
  async rawParameters(): Promise<Map<string, Float32TensorData>> {
    return this.params.read();
  }

  /** The averaged parameters, for evaluation, sampling and saving. */
  async averaged(): Promise<Map<string, Float32TensorData>> {
    return this.ema.read();
  }

  /** The full state for a checkpoint. */
  async state(): Promise<TrainingState> {
    return {
      params: await this.params.read(),
      m: await this.optimizer.m.read(),
      v: await this.optimizer.v.read(),
      step: this.optimizer.step,
      epoch: this.epoch,
      optimizer: { ...this.optimizer.settings },
      ema: this.emaDecay,
    };
  }

  dispose(): void {
    this.params.dispose();
    this.ema.dispose();
    this.optimizer.dispose();
  }
}

/**
 * The batch's negative log-likelihood in nats times `scale`, and its gradient with respect to
 * each parameter of `params` (canonical names). The caller disposes every tensor returned.
 */
export function lossAndGradients(
  params: ParameterSet,
  config: Required<ModelConfig>,
  x: tf.Tensor4D,
  labels: tf.Tensor1D | undefined,
  { dropout, dropoutSeed, scale }: LossSettings,
): { loss: tf.Scalar; grads: Map<string, tf.Tensor> } {
  const negLogLikelihood = () => {
    const out = runNetwork(networkParams(params, config), x, labels, { dropout, ...(dropoutSeed !== undefined ? { dropoutSeed } : {}) });
    return tf.mul(tf.neg(tf.sum(discretizedMixLogisticLogProb(x, out, config.nrLogisticMix))), scale) as tf.Scalar;
  };
  const { value, grads } = tf.variableGrads(negLogLikelihood, [...params.variables.values()]);
  const byName = new Map<string, tf.Tensor>();
  for (const [name, variable] of params.variables) {
    const grad = grads[variable.name];
    if (grad !== undefined) byName.set(name, grad);
  }
  return { loss: value, grads: byName };
}
