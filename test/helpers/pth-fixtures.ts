// Reads a PyTorch checkpoint from test/fixtures/pth/ (Node). The browser build swaps this module
// for one with the files inlined.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PthFixtureName } from './pth-fixtures.types.js';

export { PTH_FIXTURES } from './pth-fixtures.types.js';
export type { PthFixtureName };

const root = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'pth');

export function loadPthFixture(name: PthFixtureName): Uint8Array {
  return new Uint8Array(readFileSync(join(root, name)));
}
