// ImageData-like inputs: `data` must hold exactly width x height x 4 bytes; a short (or long)
// buffer is a RangeError naming the image, never missing pixels read as 0.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { toImageBatch } from '../../../src/image.js';

const geometry = { height: 4, width: 4, channels: 1 as const };
const imageData = (bytes: number) => ({ data: new Uint8ClampedArray(bytes).fill(200), width: 4, height: 4 });

describe('ImageData-like input', () => {
  it('reads a complete RGBA buffer', async () => {
    const batch = await toImageBatch(imageData(64), geometry);
    assert.deepEqual([...batch.data], new Array(16).fill(200));
  });

  it('refuses a buffer shorter or longer than width x height x 4, naming the image', async () => {
    for (const bytes of [0, 10, 63, 65]) {
      await assert.rejects(toImageBatch(imageData(bytes), geometry), (e: unknown) =>
        e instanceof RangeError && /images\[0\]\.data: expected 64 bytes \(4x4 RGBA\), got \d+/.test(e.message));
    }
    await assert.rejects(toImageBatch([imageData(64), imageData(48)], geometry), /images\[1\]\.data: expected 64 bytes/);
  });
});
