// PixelCNNPP.load on PyTorch checkpoints written by torch.save: the fixtures' log-likelihoods
// reproduced from their .pth versions on cpu and wasm, the config inferred from the shapes;
// half-precision weights; honest load progress.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { PixelCNNPP, PixelCNNPPError } from '../../../src/index.js';
import type { BackendName, LoadProgress } from '../../../src/index.js';
import { parseSafetensors } from '../../../src/weights/safetensors.js';
import type { Fixture, FixtureName } from '../../helpers/fixtures.js';
import { loadFixture } from '../../helpers/fixtures.js';
import type { PthFixtureName } from '../../helpers/pth-fixtures.js';
import { loadPthFixture } from '../../helpers/pth-fixtures.js';

interface Expected {
  log_likelihood_nats: number[];
}

const BACKENDS: BackendName[] = ['cpu', 'wasm'];
const FIXTURES: FixtureName[] = ['tiny-rgb', 'tiny-gray'];

const imagesOf = (fixture: Fixture) => {
  const { n_images, height, width, channels } = fixture.config;
  return { data: fixture.images, shape: [n_images, height, width, channels] as [number, number, number, number] };
};
const sizeOf = (fixture: Fixture) => ({ height: fixture.config.height, width: fixture.config.width });

function assertExpectedNats(nats: Float64Array, fixture: Fixture): void {
  (fixture.expected as unknown as Expected).log_likelihood_nats.forEach((want, i) => {
    const rel = Math.abs(nats[i]! - want) / Math.abs(want);
    assert.ok(rel < 1e-3, `image ${i}: ${nats[i]} vs ${want} (relative ${rel})`);
  });
}

for (const backend of BACKENDS) {
  for (const name of FIXTURES) {
    for (const format of ['zip', 'legacy'] as const) {
      describe(`load .pth on ${backend}: ${name}, ${format} format`, () => {
        let fixture: Fixture;
        let model: PixelCNNPP;
        before(async () => {
          fixture = await loadFixture(name);
          const bytes = await loadPthFixture(`${name}${format === 'legacy' ? '.legacy' : ''}.pth`);
          model = await PixelCNNPP.load(bytes, { backend, config: sizeOf(fixture) });
        });
        after(() => model?.dispose());

        it("infers the fixture's config from the tensor shapes", () => {
          const c = fixture.config;
          assert.deepEqual(
            { ...model.config },
            { height: c.height, width: c.width, channels: c.channels, nrResnet: c.nr_resnet, nrFilters: c.nr_filters, nrLogisticMix: c.nr_logistic_mix, numClasses: 0, dropout: 0.5 },
          );
        });

        it("reproduces the fixture's log-likelihoods, and exactly those of its safetensors", async () => {
          const { nats } = await model.logProb(imagesOf(fixture));
          assertExpectedNats(nats, fixture);
          const reference = await PixelCNNPP.load(fixture.weights, { backend });
          assert.deepEqual(nats, (await reference.logProb(imagesOf(fixture))).nats);
          reference.dispose();
        });
      });
    }
  }
}

describe('load .pth: variants, half precision, errors', () => {
  let fixture: Fixture;
  let want: Float64Array;
  before(async () => {
    fixture = await loadFixture('tiny-gray');
    const reference = await PixelCNNPP.load(fixture.weights, { backend: 'cpu' });
    want = (await reference.logProb(imagesOf(fixture))).nats;
    reference.dispose();
  });

  for (const variant of ['tiny-gray.module.pth', 'tiny-gray.wrapped.legacy.pth', 'tiny-gray.views.pth', 'tiny-gray.deflate.pth'] as PthFixtureName[]) {
    it(`${variant} scores exactly as the fixture`, async () => {
      const model = await PixelCNNPP.load(await loadPthFixture(variant), { backend: 'cpu', config: sizeOf(fixture) });
      assert.deepEqual((await model.logProb(imagesOf(fixture))).nats, want);
      model.dispose();
    });
  }

  it('float16 weights (torch .half()) change the log-likelihoods by little, and save({dtype}) writes the same weights', async () => {
    const half = await PixelCNNPP.load(await loadPthFixture('tiny-gray.float16.pth'), { backend: 'cpu', config: sizeOf(fixture) });
    const nats = (await half.logProb(imagesOf(fixture))).nats;
    assertExpectedNats(nats, fixture);
    assert.notDeepEqual(nats, want);

    const full = await PixelCNNPP.load(fixture.weights, { backend: 'cpu' });
    const saved = full.save({ dtype: 'float16' });
    assert.ok(saved.byteLength < 0.6 * full.save().byteLength, `${saved.byteLength} vs ${full.save().byteLength} bytes`);
    const file = parseSafetensors(saved);
    const fromTorch = parseSafetensors(half.save());
    for (const [name, tensor] of file.tensors) {
      assert.equal(tensor.dtype, 'F16');
      assert.deepEqual(tensor.data, fromTorch.tensors.get(name)!.data, name);
    }
    const reloaded = await PixelCNNPP.load(saved, { backend: 'cpu' });
    assert.deepEqual({ ...reloaded.config }, { ...full.config });
    assert.deepEqual((await reloaded.logProb(imagesOf(fixture))).nats, nats);
    assert.throws(() => full.save({ dtype: 'bfloat16' as 'float16' }), RangeError);
    for (const model of [half, full, reloaded]) model.dispose();
  });

  it("lets options.config fill the image size and refuses fields that contradict the shapes", async () => {
    const bytes = await loadPthFixture('tiny-gray.pth');
    const model = await PixelCNNPP.load(bytes, { backend: 'cpu' });
    assert.equal(model.config.height, 32, 'the image size defaults to the paper CIFAR-10 model when not given');
    assert.equal(model.config.nrFilters, 8);
    model.dispose();
    await assert.rejects(
      PixelCNNPP.load(bytes, { backend: 'cpu', config: { nrFilters: 12 } }),
      (e: unknown) => e instanceof PixelCNNPPError && e.code === 'E_WEIGHTS' && /nrFilters 12/.test(e.message),
    );
    await assert.rejects(
      PixelCNNPP.load(await loadPthFixture('hostile/os-system.pth'), { backend: 'cpu' }),
      (e: unknown) => e instanceof PixelCNNPPError && e.code === 'E_WEIGHTS' && /'os\.system'/.test(e.message),
    );
  });

  it("reports 'ready' with the bytes read, and leaves no tensors behind", async () => {
    const bytes = await loadPthFixture('tiny-gray.legacy.pth');
    const before = tf.memory().numTensors;
    const events: LoadProgress[] = [];
    const model = await PixelCNNPP.load(bytes, { backend: 'cpu', config: sizeOf(fixture), onProgress: (e) => events.push({ ...e }) });
    assert.deepEqual(events.at(-1), { status: 'ready', loaded: bytes.byteLength, total: bytes.byteLength });
    model.dispose();
    assert.equal(tf.memory().numTensors, before);
  });
});
