// The browser build's test/helpers/fixtures.ts: the same cases, inlined into the bundle.
import type { Fixture, FixtureName } from '../helpers/fixtures.types.js';
import grayConfig from '../fixtures/tiny-gray/config.json';
import grayExpected from '../fixtures/tiny-gray/expected.json';
import grayImages from '../fixtures/tiny-gray/images.u8';
import grayWeights from '../fixtures/tiny-gray/weights.safetensors';
import rgbConfig from '../fixtures/tiny-rgb/config.json';
import rgbExpected from '../fixtures/tiny-rgb/expected.json';
import rgbImages from '../fixtures/tiny-rgb/images.u8';
import rgbWeights from '../fixtures/tiny-rgb/weights.safetensors';

export type { Fixture, FixtureConfig, FixtureName } from '../helpers/fixtures.types.js';

const FIXTURES = {
  'tiny-rgb': { config: rgbConfig, images: rgbImages, weights: rgbWeights, expected: rgbExpected },
  'tiny-gray': { config: grayConfig, images: grayImages, weights: grayWeights, expected: grayExpected },
} as unknown as Record<FixtureName, Fixture>;

export function loadFixture(name: FixtureName): Fixture {
  const { config, images, weights, expected } = FIXTURES[name];
  // Fresh copies, as the Node loader gives, so a test may write into them.
  return { config, images: images.slice(), weights: weights.slice(), expected };
}
