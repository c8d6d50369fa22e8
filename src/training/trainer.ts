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
import type { TrainingState } from './checkpoint.js';
import { registerWasmConv2DBackpropFilter } from './conv2d-backprop-filter-wasm.js';
import { registerTrainingGradients } from './gradients.js';
import { dataDependentInit } from './init.js';
import type { OptimizerSettings } from './optimizer.js';
import { Optimizer } from './optimizer.js';
import { ParameterSet, networkParams } from './parameters.js';

export interface TrainerStart {
  /** Starting parameters (random for a new model, the loaded ones to fine-tune). */
  params: TensorMap;
  /** Run the data-dependent initialisation on the first batch (new models). */
  initialize: boolean;
  /** A checkpoint's state to resume from; overrides `params`. */
  resume?: TrainingState;
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
    this.ema = resume ? ParameterSet.fromTensors(start.params, config, false) : this.params.clone();
    const zeros = () => {
      const set = this.params.clone();
      tf.tidy(() => set.variables.forEach((v) => v.assign(tf.zerosLike(v))));
      return set;
    };
    this.optimizer = resume
      ? new Optimizer(resume.optimizer, ParameterSet.fromTensors(resume.m, config, false), ParameterSet.fromTensors(resume.v, config, false), resume.step)
      : new Optimizer(start.optimizer, zeros(), zeros());
    this.emaDecay = resume?.ema ?? start.ema;
    this.epoch = resume?.epoch ?? 0;
    this.needsInit = start.initialize && resume === undefined;
  }

  get step(): number {
    return this.optimizer.step;
  }

  get learningRate(): number {
    return this.optimizer.learningRate;
  }

  /**
   * One optimisation step on a batch (`x` in [-1, 1], NHWC). Returns the batch's loss in
   * nats per dimension, before the update, as a scalar tensor the caller disposes.
   */
  trainStep(x: tf.Tensor4D, labels: tf.Tensor1D | undefined, dropout: number): tf.Scalar {
    return tf.tidy(() => {
      if (this.needsInit) {
        tf.tidy(() => {
          runNetwork(networkParams(this.params, this.config, dataDependentInit), x, labels, { dropout });
        });
        this.ema.assignFrom(this.params);
        this.needsInit = false;
      }
      const trainable = [...this.params.variables.values()];
      const { value, grads } = tf.variableGrads(() => this.loss(this.params, x, labels, dropout), trainable);
      this.optimizer.apply(this.params, grads);
      // As tf.train.ExponentialMovingAverage with num_updates: a shorter memory for the first
      // steps, so the average does not hold on to the initial parameters for thousands of steps.
      const step = this.optimizer.step;
      const decay = Math.min(this.emaDecay, (1 + step) / (10 + step));
      for (const [name, shadow] of this.ema.variables) {
        shadow.assign(tf.add(tf.mul(shadow, decay), tf.mul(this.params.get(name), 1 - decay)));
      }
      return value;
    });
  }

  /** Mean negative log-likelihood in nats per dimension. */
  private loss(set: ParameterSet, x: tf.Tensor4D, labels: tf.Tensor1D | undefined, dropout: number): tf.Scalar {
    const out = runNetwork(networkParams(set, this.config), x, labels, { dropout });
    const logp = discretizedMixLogisticLogProb(x, out, this.config.nrLogisticMix);
    return tf.div(tf.neg(tf.sum(logp)), x.size) as tf.Scalar;
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
