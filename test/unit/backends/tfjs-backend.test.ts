// tfjsBackend(): any tfjs backend as a pixelcnnpp backend. Here a cpu backend registered under a
// name of its own, with tfjs's cpu kernels copied to it, the way a custom backend is made.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import { PixelCNNPP, PixelCNNPPError, tfjsBackend } from '../../../src/index.js';
import { resolveBackend } from '../../../src/backends/registry.js';
import { loadFixture } from '../../helpers/fixtures.js';

const NAME = 'my-cpu';

describe('backends: tfjsBackend', () => {
  it('rejects a name that is not a tfjs backend name, and a factory that is not a function', () => {
    assert.throws(() => tfjsBackend(''), { name: 'TypeError', message: /^tfjsBackend: name must be the tfjs name of a backend/ });
    assert.throws(() => tfjsBackend('auto'), { name: 'TypeError' });
    assert.throws(() => tfjsBackend('x', { factory: 42 as never }), { name: 'TypeError', message: /options\.factory must be a function/ });
  });

  it('says what to import when nothing is registered under the name', async () => {
    await assert.rejects(resolveBackend([tfjsBackend('not-registered-yet')]), (err: unknown) => {
      assert.ok(err instanceof PixelCNNPPError);
      assert.equal(err.code, 'E_BACKEND_UNAVAILABLE');
      assert.match(err.message, /\[not-registered-yet\] no tfjs backend is registered under 'not-registered-yet' \(import its package/);
      return true;
    });
  });

  it('reports a factory that throws', async () => {
    const failing = tfjsBackend('failing-backend', {
      factory: () => {
        throw new Error('no device (simulated)');
      },
    });
    const resolved = await resolveBackend([failing, 'cpu']);
    assert.equal(resolved.name, 'cpu');
    assert.deepEqual(resolved.report[0], {
      name: 'failing-backend',
      status: 'unavailable',
      detail: "the 'failing-backend' backend's factory failed: no device (simulated)",
    });
  });

  it('runs a model on a backend made from a factory, as the cpu backend does, and by name once registered', async () => {
    for (const kernel of tf.getKernelsForBackend('cpu')) tf.registerKernel({ ...kernel, backendName: NAME });
    const fixture = await loadFixture('tiny-gray');
    const { height, width, channels, n_images } = fixture.config;
    const images = { data: fixture.images, shape: [n_images, height, width, channels] as [number, number, number, number] };

    const mine = await PixelCNNPP.load(fixture.weights, { backend: [tfjsBackend(NAME, { factory: () => new MathBackendCPU(), describe: () => 'my cpu' })] });
    const cpu = await PixelCNNPP.load(fixture.weights, { backend: 'cpu' });
    try {
      assert.equal(mine.backend, NAME);
      assert.equal(mine.backendInfo, 'my cpu');
      assert.deepEqual(mine.backendReport, [{ name: NAME, status: 'chosen', detail: 'my cpu' }]);
      assert.deepEqual((await mine.logProb(images)).nats, (await cpu.logProb(images)).nats);
      assert.deepEqual((await mine.sample(7, { count: 2 })).data, (await cpu.sample(7, { count: 2 })).data);
      // Registered with tfjs now, so its name alone finds it.
      const byName = await PixelCNNPP.load(fixture.weights, { backend: NAME });
      assert.equal(byName.backend, NAME);
      byName.dispose();
    } finally {
      mine.dispose();
      cpu.dispose();
    }
  });
});
