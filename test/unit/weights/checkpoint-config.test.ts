// A checkpoint's metadata is the file's word about the model: a malformed or absurd entry is
// E_WEIGHTS naming the entry, at load, never an internal TypeError/RangeError or a failure later.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { MAX_IMAGE_SIDE, checkpointConfig, configToMetadata, validateConfig } from '../../../src/config.js';
import { PixelCNNPPError } from '../../../src/errors.js';
import { PixelCNNPP } from '../../../src/pixelcnnpp.js';
import { parseSafetensors, serializeSafetensors } from '../../../src/weights/safetensors.js';
import { randomTensors } from '../../../src/weights/random.js';

const config = { height: 8, width: 8, channels: 1 as const, nrResnet: 1, nrFilters: 4, nrLogisticMix: 2 };

const isWeightsError = (pattern: RegExp) => (e: unknown) =>
  e instanceof PixelCNNPPError && e.code === 'E_WEIGHTS' && pattern.test(e.message);

/** The tiny model's file with some metadata entries replaced. */
function fileWith(patch: Record<string, string>): Uint8Array {
  const metadata = { ...configToMetadata(config), ...patch };
  delete metadata.config; // the per-field strings are then the only source
  for (const key of Object.keys(patch)) if (key === 'config') metadata.config = patch.config!;
  return serializeSafetensors(randomTensors(config, 1), metadata);
}

describe('checkpoint metadata → config', () => {
  it('a malformed entry is E_WEIGHTS naming it, at load', async () => {
    const cases: Array<[Record<string, string>, RegExp]> = [
      [{ height: '6' }, /'height'.*multiple of 4/],
      [{ height: '3' }, /'height'.*>= 4/],
      [{ channels: '2' }, /'channels'.*1 or 3/],
      [{ nr_filters: '-1' }, /'nr_filters'.*>= 1/],
      [{ nr_resnet: '1.5' }, /'nr_resnet'/],
      [{ dropout: '2' }, /'dropout'/],
      [{ num_classes: '-2' }, /'num_classes'/],
      [{ 'pixelcnnpp.training': 'null' }, /training.*not a JSON object/],
    ];
    (await PixelCNNPP.load(fileWith({}), { backend: 'cpu' })).dispose(); // the file itself is good
    const before = tf.memory().numTensors;
    for (const [patch, pattern] of cases) {
      await assert.rejects(PixelCNNPP.load(fileWith(patch), { backend: 'cpu' }), isWeightsError(pattern), JSON.stringify(patch));
    }
    assert.equal(tf.memory().numTensors, before);
  });

  it('an absurd declared image size is refused at load, naming the limit', async () => {
    await assert.rejects(
      PixelCNNPP.load(fileWith({ height: '1000000', width: '1000000' }), { backend: 'cpu' }),
      isWeightsError(new RegExp(`'height'.*at most ${MAX_IMAGE_SIDE}`)),
    );
    assert.throws(() => validateConfig({ ...config, width: 4 * MAX_IMAGE_SIDE }), (e: unknown) => e instanceof RangeError && /config\.width/.test((e as Error).message));
  });

  it('the caller’s fields fill gaps; overrides replace the file’s entries unchecked', () => {
    const metadata = parseSafetensors(fileWith({ height: '3' })).metadata;
    assert.throws(() => checkpointConfig(metadata), isWeightsError(/'height'/));
    assert.equal(checkpointConfig(metadata, { overrides: { height: 12 } }).height, 12);
    const bare = { nr_filters: '4' };
    assert.equal(checkpointConfig(bare, { fill: { nrFilters: 9, height: 16 } }).nrFilters, 4);
    assert.equal(checkpointConfig(bare, { fill: { nrFilters: 9, height: 16 } }).height, 16);
    // The caller's own mistakes stay argument errors.
    assert.throws(() => checkpointConfig(bare, { fill: { height: 5 } }), RangeError);
  });
});
