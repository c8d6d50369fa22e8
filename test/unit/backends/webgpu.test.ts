// WebGPU against cpu. In Node the backend runs on Dawn (the optional `webgpu` package); without a
// GPU, Dawn uses SwiftShader through Chromium's Vulkan ICD (scripts/run-node-tests.mjs sets
// VK_ICD_FILENAMES); the Vulkan loader itself comes from Debian's libvulkan1.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import type { ResolvedBackend } from '../../../src/backends/backend.js';
import { resolveBackend } from '../../../src/backends/registry.js';
import { networkOps } from './helpers.js';
import { maxAbsDiff } from '../../helpers/compare.js';

describe('backends: webgpu', () => {
  let cpu: ResolvedBackend;
  let gpu: ResolvedBackend;

  before(async () => {
    cpu = await resolveBackend('cpu');
    gpu = await resolveBackend('webgpu');
    console.log(`webgpu adapter: ${gpu.info}`);
  });

  it('starts webgpu when asked by name and describes the adapter', () => {
    assert.equal(gpu.name, 'webgpu');
    assert.ok(gpu.info.length > 0 && gpu.info !== 'webgpu', gpu.info);
  });

  it("picks webgpu for 'auto' when it is available", async () => {
    const auto = await resolveBackend('auto');
    assert.equal(auto.name, 'webgpu');
    assert.deepEqual(auto.skipped, []);
    assert.equal(auto.info, gpu.info);
  });

  it('computes conv2d, conv2dTranspose, matMul, elu and sigmoid as cpu does, within 1e-4', async () => {
    const expected = await cpu.run(networkOps);
    const got = await gpu.run(networkOps);
    for (const [op, values] of Object.entries(expected)) {
      const diff = maxAbsDiff(got[op], values);
      assert.ok(diff < 1e-4, `${op}: max |webgpu - cpu| = ${diff}`);
    }
  });

  it('alternates with cpu, each run on its own backend', async () => {
    const expected = (await cpu.run(networkOps)).matMul;
    for (const backend of [gpu, cpu, gpu]) {
      const values = await backend.run(async () => {
        assert.equal(tf.getBackend(), backend.name);
        return (await networkOps()).matMul;
      });
      assert.ok(maxAbsDiff(values, expected) < 1e-4, backend.name);
    }
  });

  it('leaks no tensors', async () => {
    const before = tf.memory().numTensors;
    await gpu.run(networkOps);
    await gpu.run(networkOps);
    assert.equal(tf.memory().numTensors, before);
  });
});
