// @node-only: needs a fresh tfjs engine. Dawn's Vulkan driver comes from the environment
// (scripts/run-node-tests.mjs points it at SwiftShader where there is no GPU).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import { resolveBackend } from '../../../src/backends/registry.js';
import { networkOps } from './helpers.js';
import { maxAbsDiff } from '../../helpers/compare.js';

describe('backends: registered by the user first', () => {
  it('reuses a cpu backend instance the user registered', async () => {
    const mine = new MathBackendCPU();
    tf.removeBackend('cpu'); // importing tfjs-backend-cpu registered its own factory
    tf.registerBackend('cpu', () => mine, 1);
    const cpu = await resolveBackend('cpu');
    assert.equal(cpu.name, 'cpu');
    assert.equal(tf.engine().registry['cpu'], mine);
  });

  it("starts the user's own tfjs webgpu registration instead of making another", async () => {
    const { create, globals } = await import('webgpu');
    Object.assign(globalThis, globals);
    (globalThis as { navigator?: unknown }).navigator = { gpu: create([]) };
    // With navigator.gpu present, importing the package registers tfjs's webgpu factory.
    await import('@tensorflow/tfjs-backend-webgpu');
    assert.ok(tf.findBackendFactory('webgpu'));
    const active = tf.getBackend();

    const gpu = await resolveBackend('webgpu');
    assert.equal(gpu.name, 'webgpu');
    assert.match(gpu.info, /\S/);
    assert.equal(tf.getBackend(), active, 'starting a backend does not activate it');
    const instance = tf.engine().registry['webgpu'];
    assert.ok(instance);

    // Dawn's adapter here is SwiftShader: 'auto' passes over it, judging the running instance.
    const auto = await resolveBackend('auto');
    assert.equal(auto.name, 'wasm');
    assert.equal(auto.report[0]?.status, 'passed over');
    assert.match(auto.report[0]?.detail ?? '', /swiftshader.*is a software renderer/i);
    assert.equal((await resolveBackend('webgpu')).name, 'webgpu');
    assert.equal(tf.engine().registry['webgpu'], instance, 'started once');

    const cpu = await resolveBackend('cpu');
    const expected = await cpu.run(networkOps);
    const got = await gpu.run(networkOps);
    assert.ok(maxAbsDiff(got.conv2d, expected.conv2d) < 1e-4);
  });
});
