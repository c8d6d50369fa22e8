// Naive raster-order generation, and cached generation on the WebAssembly step kernels, against
// the fixtures' sampled images (explicit noise, values written back quantised): the network, the
// loop and the mixture sampler together.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { resolveConfig } from '../../../src/config.js';
import type { MixtureKernel } from '../../../src/mixture/index.js';
import { loadMixtureKernel } from '../../../src/mixture/index.js';
import { PixelCNNNet } from '../../../src/network/pixelcnn-net.js';
import type { StepperOptions } from '../../../src/sampling/stepper.js';
import { NaiveStepper } from '../../../src/sampling/naive-stepper.js';
import type { PixelStepper } from '../../../src/sampling/stepper.js';
import { WasmCachedStepper } from '../../../src/sampling/wasm-cached-stepper.js';
import { generate } from '../../../src/sampling/sampler.js';
import { configFromMetadata } from '../../../src/config.js';
import { parseSafetensors } from '../../../src/weights/safetensors.js';
import { foldWeights } from '../../../src/weights/weight-map.js';
import type { FixtureName } from '../../helpers/fixtures.js';
import { loadFixture } from '../../helpers/fixtures.js';

interface SampleImage {
  quantized: { u_mix: number[]; u_logistic: number[]; x: number[]; u8: number[] };
}

describe('naive generation', () => {
  let kernel: MixtureKernel;
  before(async () => {
    await tf.setBackend('cpu');
    kernel = await loadMixtureKernel();
  });
  after(() => kernel?.dispose());

  const steppers: Record<string, (net: PixelCNNNet, options: StepperOptions) => Promise<PixelStepper>> = {
    naive: async (net, options) => new NaiveStepper(net, options),
    'cached, wasm step kernels': (net, options) => WasmCachedStepper.create(net, options),
  };
  for (const [method, createStepper] of Object.entries(steppers)) {
    for (const name of ['tiny-rgb', 'tiny-gray'] as FixtureName[]) {
      it(`reproduces the fixture's sampled image (${name}, ${method}, quantised write-back)`, async () => {
        const fixture = await loadFixture(name);
        const file = parseSafetensors(fixture.weights);
        const config = resolveConfig(configFromMetadata(file.metadata));
        const net = new PixelCNNNet(foldWeights(file.tensors, config), config);
        const { u_mix, u_logistic, u8 } = (fixture.expected as unknown as { sample_image: SampleImage }).sample_image.quantized;
        const { channels, nrLogisticMix: nrMix, height, width } = config;
        const start = tf.memory().numTensors;
        const stepper = await createStepper(net, { n: 1 });
        const images = await generate(
          stepper,
          (params, p, out) => {
            const uMix = u_mix.slice(p * nrMix, (p + 1) * nrMix);
            const uLogistic = u_logistic.slice(p * channels, (p + 1) * channels);
            kernel.sampleWithNoise(params, uMix, uLogistic, { pixels: 1, channels, nrMix }, { outU8: out });
          },
          { n: 1, pixels: height * width, channels, width, run: async (fn) => fn() },
        );
        stepper.dispose();
        assert.deepEqual(Array.from(images), u8);
        net.dispose();
        assert.ok(tf.memory().numTensors <= start);
      });
    }
  }
});
