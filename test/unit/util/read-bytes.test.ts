import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { PixelCNNPPError } from '../../../src/errors.js';
import type { ReadProgress } from '../../../src/util/read-bytes.js';
import { isUrlString, readBytes } from '../../../src/util/read-bytes.js';
import { safetensorsFileSize } from '../../../src/weights/safetensors.js';
import { loadFixture } from '../../helpers/fixtures.js';
import { loadPthFixture } from '../../helpers/pth-fixtures.js';

const bytes = new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);

/**
 * A fetch that serves `body` in chunks (4 bytes by default), with or without Content-Length. With
 * `gzipLength` it answers as a server sending the body gzip-compressed to that many bytes:
 * `Content-Encoding: gzip`, `Content-Length` the compressed size, the body already decoded (as
 * fetch yields it).
 */
function chunkedFetch(body: Uint8Array, options: { status?: number; length?: boolean; chunk?: number; gzipLength?: number } = {}): typeof fetch {
  const chunk = options.chunk ?? 4;
  return (async () => {
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < body.length; i += chunk) controller.enqueue(body.slice(i, i + chunk));
        controller.close();
      },
    });
    const headers: Record<string, string> =
      options.gzipLength !== undefined
        ? { 'content-length': String(options.gzipLength), 'content-encoding': 'gzip' }
        : options.length === false
          ? {}
          : { 'content-length': String(body.length) };
    return new Response(stream, { status: options.status ?? 200, headers });
  }) as typeof fetch;
}

describe('readBytes', () => {
  it('returns in-memory bytes without copying', async () => {
    assert.equal(await readBytes(bytes), bytes);
    const fromBuffer = await readBytes(bytes.buffer);
    assert.equal(fromBuffer.buffer, bytes.buffer);
  });

  it('tells URLs from paths', () => {
    for (const url of ['http://x/w.safetensors', 'HTTPS://x', 'blob:https://x/1', 'data:,abc']) assert.ok(isUrlString(url), url);
    for (const path of ['weights.safetensors', '/abs/w', 'C:\\w', 'file:///w']) assert.ok(!isUrlString(path), path);
  });

  it('fetches data: URLs', async () => {
    const got = await readBytes('data:application/octet-stream;base64,AQIDBA==');
    assert.deepEqual(Array.from(got), [1, 2, 3, 4]);
  });

  it('streams with progress when asked, through an injected fetch', async () => {
    const events: ReadProgress[] = [];
    const got = await readBytes(new URL('https://example.test/w.safetensors'), {
      fetch: chunkedFetch(bytes),
      onProgress: (e) => events.push({ ...e }),
    });
    assert.deepEqual(got, bytes);
    assert.deepEqual(events.at(-1), { loaded: 10, total: 10 });
    assert.deepEqual(events.map((e) => e.loaded), [0, 4, 8, 10]);

    const unknownLength: ReadProgress[] = [];
    await readBytes('https://example.test/w', { fetch: chunkedFetch(bytes, { length: false }), onProgress: (e) => unknownLength.push(e) });
    assert.equal(unknownLength.at(-1)!.total, undefined);
    assert.deepEqual(await readBytes('https://example.test/w', { fetch: chunkedFetch(bytes) }), bytes);
  });

  it('reports HTTP errors and bad arguments', async () => {
    await assert.rejects(
      readBytes('https://example.test/missing', { fetch: chunkedFetch(bytes, { status: 404 }) }),
      (e: unknown) => e instanceof PixelCNNPPError && e.code === 'E_WEIGHTS' && /missing.*HTTP 404/.test(e.message),
    );
    await assert.rejects(readBytes(42 as unknown as string), TypeError);
    await assert.rejects(readBytes(''), TypeError);
  });

  it('takes the total from the safetensors header when Content-Length is the compressed size or absent', async () => {
    const file = (await loadFixture('tiny-gray')).weights;
    for (const options of [{ gzipLength: 9000 }, { length: false }]) {
      const events: ReadProgress[] = [];
      const got = await readBytes('https://example.test/w.safetensors', {
        fetch: chunkedFetch(file, { ...options, chunk: 1000 }),
        sizeFromHead: (head) => safetensorsFileSize(head),
        onProgress: (e) => events.push({ ...e }),
      });
      assert.deepEqual(got, file);
      // Unknown exactly until the whole header has arrived, then the file's size.
      const headerEnd = 8 + new DataView(file.buffer, file.byteOffset).getUint32(0, true);
      for (const e of events) assert.equal(e.total, e.loaded < headerEnd ? undefined : file.byteLength, JSON.stringify(e));
      assert.ok(events.filter((e) => e.total !== undefined).length > 100);
      assert.deepEqual(events.at(-1), { loaded: file.byteLength, total: file.byteLength });
    }
  });

  it('leaves the total unknown for a compressed body that does not say its size', async () => {
    const file = await loadPthFixture('tiny-gray.pth');
    const events: ReadProgress[] = [];
    await readBytes('https://example.test/w.pth', {
      fetch: chunkedFetch(file, { gzipLength: 9000, chunk: 4096 }),
      sizeFromHead: (head) => safetensorsFileSize(head),
      onProgress: (e) => events.push(e),
    });
    assert.ok(events.every((e) => e.total === undefined));
    assert.equal(events.at(-1)!.loaded, file.byteLength);
  });
});
