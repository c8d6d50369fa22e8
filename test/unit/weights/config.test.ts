import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ModelConfig } from '../../../src/config.js';
import {
  DEFAULT_CONFIG,
  configFromMetadata,
  configToMetadata,
  outputChannels,
  resolveConfig,
  validateConfig,
} from '../../../src/config.js';
import { PixelCNNPPError } from '../../../src/errors.js';
import { parseSafetensors } from '../../../src/weights/safetensors.js';
import { loadFixture } from '../../helpers/fixtures.js';

const tiny: ModelConfig = { height: 8, width: 8, channels: 3, nrResnet: 1, nrFilters: 16, nrLogisticMix: 3 };

describe('model config', () => {
  it('fills defaults and counts output channels', () => {
    assert.deepEqual(resolveConfig(), { ...DEFAULT_CONFIG });
    assert.deepEqual(resolveConfig(tiny), { ...tiny, numClasses: 0, dropout: 0.5 });
    assert.equal(outputChannels(tiny), 30);
    assert.equal(outputChannels({ channels: 1, nrLogisticMix: 2 }), 6);
  });

  it('names the field in every validation error', () => {
    const bad = (patch: Record<string, unknown>, type: ErrorConstructor, pattern: RegExp) =>
      assert.throws(
        () => validateConfig({ ...tiny, ...patch } as ModelConfig),
        (e: unknown) => e instanceof type && pattern.test((e as Error).message),
      );
    bad({ height: 30 }, RangeError, /config\.height: expected a multiple of 4.*got 30/);
    bad({ width: '8' }, TypeError, /config\.width: expected an integer, got "8"/);
    bad({ channels: 2 }, RangeError, /config\.channels: expected 1 or 3, got 2/);
    bad({ channels: 'rgb' }, TypeError, /config\.channels/);
    bad({ nrResnet: 0 }, RangeError, /config\.nrResnet: expected an integer >= 1, got 0/);
    bad({ nrFilters: 1.5 }, RangeError, /config\.nrFilters/);
    bad({ nrLogisticMix: undefined }, TypeError, /config\.nrLogisticMix/);
    bad({ numClasses: -1 }, RangeError, /config\.numClasses/);
    bad({ dropout: 1 }, RangeError, /config\.dropout/);
    assert.throws(
      () => validateConfig({ ...tiny, nrFilter: 3 } as unknown as ModelConfig),
      (e: unknown) => e instanceof PixelCNNPPError && e.code === 'E_CONFIG' && /'nrFilter'/.test(e.message),
    );
  });

  it('reads the config from the fixtures’ metadata', async () => {
    const { weights } = await loadFixture('tiny-gray');
    const config = configFromMetadata(parseSafetensors(weights).metadata);
    assert.deepEqual(config, { height: 12, width: 12, channels: 1, nrResnet: 1, nrFilters: 8, nrLogisticMix: 2 });
  });

  it('reads per-field strings, camelCase keys, and the JSON object first', () => {
    assert.deepEqual(configFromMetadata({ nr_filters: '16', nrResnet: '2', height: '8', width: '8' }), {
      height: 8,
      width: 8,
      nrResnet: 2,
      nrFilters: 16,
    });
    assert.deepEqual(configFromMetadata({ config: '{"nr_filters": 4, "size": [12, 16]}', nr_filters: '9' }), {
      height: 12,
      width: 16,
      nrFilters: 4,
    });
    assert.equal(configFromMetadata({ format: 'pt' }), undefined);
    assert.throws(() => configFromMetadata({ config: '{' }), (e: unknown) => e instanceof PixelCNNPPError && e.code === 'E_WEIGHTS');
    assert.throws(() => configFromMetadata({ nr_filters: 'many' }), /'nr_filters' is not a number/);
    assert.throws(() => configFromMetadata({ resnet_nonlinearity: 'relu' }), /only 'concat_elu'/);
  });

  it('writes metadata that reads back to the same config', () => {
    const config = { ...tiny, numClasses: 10, dropout: 0.2 };
    const metadata = configToMetadata(config);
    assert.equal(metadata.format, 'pt');
    assert.equal(metadata.nr_filters, '16');
    assert.equal(metadata.output_channels, '30');
    assert.deepEqual(resolveConfig(configFromMetadata(metadata)), config);
    assert.equal(configToMetadata(tiny).num_classes, undefined);
  });
});
