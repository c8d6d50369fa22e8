// @node-only: reads files through node:fs.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { PixelCNNPPError } from '../../../src/errors.js';
import { readBytes } from '../../../src/util/read-bytes.js';

const path = fileURLToPath(new URL('../../fixtures/tiny-gray/weights.safetensors', import.meta.url));

describe('readBytes (Node files)', () => {
  it('reads file paths and file: URLs, reporting progress once', async () => {
    const expected = new Uint8Array(readFileSync(path));
    const events: number[] = [];
    const got = await readBytes(path, { onProgress: (e) => events.push(e.loaded) });
    assert.deepEqual(got, expected);
    assert.deepEqual(events, [expected.length]);
    assert.deepEqual(await readBytes(pathToFileURL(path)), expected);
    assert.deepEqual(await readBytes(pathToFileURL(path).href), expected);
  });

  it('names a file it cannot read', async () => {
    await assert.rejects(
      readBytes('/nonexistent/weights.safetensors'),
      (e: unknown) => e instanceof PixelCNNPPError && e.code === 'E_WEIGHTS' && /nonexistent\/weights\.safetensors/.test(e.message),
    );
  });
});
