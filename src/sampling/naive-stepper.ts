/**
 * The reference way to generate: the whole network once per pixel. H·W forward passes per
 * image; kept for verification and as `{ method: 'naive' }`.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { PixelCNNNet } from '../network/pixelcnn-net.js';
import type { PixelStepper, StepperOptions } from './stepper.js';

export class NaiveStepper implements PixelStepper {
  private readonly net: PixelCNNNet;
  private readonly n: number;
  private readonly labels: Int32Array | undefined;
  /** The images so far, `[n, H, W, C]` in [-1, 1]; pixels not yet generated are 0. */
  private readonly x: Float32Array;

  constructor(net: PixelCNNNet, options: StepperOptions) {
    const { height, width, channels } = net.config;
    this.net = net;
    this.n = options.n;
    this.labels = options.labels;
    this.x = new Float32Array(options.n * height * width * channels);
  }

  async paramsAt(p: number): Promise<Float32Array> {
    const { height, width, channels } = this.net.config;
    const row = Math.floor(p / width);
    const col = p % width;
    const params = tf.tidy(() => {
      const x = tf.tensor4d(this.x, [this.n, height, width, channels]);
      const out = this.net.forward(x, this.labels);
      return tf.slice(out, [0, row, col, 0], [this.n, 1, 1, out.shape[3]]);
    });
    try {
      return (await params.data()) as Float32Array;
    } finally {
      params.dispose();
    }
  }

  setPixel(p: number, values: Float32Array): void {
    const { height, width, channels } = this.net.config;
    const imageSize = height * width * channels;
    for (let i = 0; i < this.n; i++) {
      for (let c = 0; c < channels; c++) this.x[i * imageSize + p * channels + c] = values[i * channels + c]!;
    }
  }

  dispose(): void {}
}
