// Reads a test case from test/fixtures/<name>/ (Node). The browser build swaps this module for
// one with the fixtures inlined, so tests should `await` the result.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import type { Fixture, FixtureConfig, FixtureName } from './fixtures.types.js';

export type { Fixture, FixtureConfig, FixtureName };

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
