// The same seed on different backends: images agree on nearly every sub-pixel (float
// differences between backends can flip a draw that sits on a bin boundary, after which the
// rest of that image legitimately diverges).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { PixelCNNPP } from '../../../src/index.js';
import type { BackendName } from '../../../src/index.js';
import type { FixtureName } from '../../helpers/fixtures.js';
import { loadFixture } from '../../helpers/fixtures.js';

const BACKENDS: BackendName[] = ['cpu', 'wasm', 'webgpu'];

describe('sampling across backends', () => {
  for (const name of ['tiny-rgb', 'tiny-gray'] as FixtureName[]) {
    it(`agrees on at least 99% of sub-pixels (${name})`, async () => {
      const fixture = await loadFixture(name);
      const images: Record<string, Uint8Array> = {};
      for (const backend of BACKENDS) {
        const model = await PixelCNNPP.load(fixture.weights, { backend });
        images[backend] = (await model.sample({ seed: 2024, count: 4 })).data;
        model.dispose();
      }
      for (const backend of BACKENDS.slice(1)) {
        const a = images.cpu!;
        const b = images[backend]!;
        let same = 0;
        for (let i = 0; i < a.length; i++) if (a[i] === b[i]) same++;
        const agreement = same / a.length;
        console.log(`${name}: cpu vs ${backend}: ${(100 * agreement).toFixed(2)}% of ${a.length} sub-pixels agree`);
        assert.ok(agreement >= 0.99, `${backend}: ${agreement}`);
      }
    });
  }
});
