// Reads a test case from test/fixtures/<name>/ (Node). The browser build swaps this module for
// one with the fixtures inlined, so tests should `await` the result.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export type FixtureName = 'tiny-rgb' | 'tiny-gray';

export interface FixtureConfig {
  channels: 1 | 3;
  height: number;
  width: number;
  n_images: number;
  nr_resnet: number;
  nr_filters: number;
  nr_logistic_mix: number;
  output_channels: number;
  [key: string]: unknown;
}

export interface Fixture {
  config: FixtureConfig;
  /** uint8 pixels, NHWC. */
  images: Uint8Array;
  /** The bytes of weights.safetensors. */
  weights: Uint8Array;
  /** expected.json. */
  expected: {
    output_image0: { shape: number[]; data: number[] };
    [key: string]: unknown;
  };
}

const root = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures');

export function loadFixture(name: FixtureName): Fixture {
  const dir = join(root, name);
  const read = (file: string) => new Uint8Array(readFileSync(join(dir, file)));
  return {
    config: JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8')) as FixtureConfig,
    images: read('images.u8'),
    weights: read('weights.safetensors'),
    expected: JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')) as Fixture['expected'],
  };
}
