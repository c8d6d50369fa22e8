/**
 * Bytes from wherever they are: a URL (fetched, with progress), a file path (Node only), or
 * memory. Checkpoints and the mixture module's binaries are read through here.
 */
import type { PixelCNNPPErrorCode } from '../errors.js';
import { PixelCNNPPError } from '../errors.js';
import { IS_NODE } from '../platform.js';

export type ByteSource = string | URL | ArrayBuffer | Uint8Array;

export interface ReadProgress {
  /** Bytes received so far (after any content decoding: the bytes of the file itself). */
  loaded: number;
  /**
   * Bytes expected: the file's size, `Content-Length` of an uncompressed response, or, when the
   * response is compressed or has no length, what `sizeFromHead` reads from the first bytes
   * once they have arrived. `undefined` until known.
   */
  total: number | undefined;
}

export interface ReadBytesOptions {
  /** Called as a download progresses; the body is streamed only when this is given. */
  onProgress?: (progress: ReadProgress) => void;
  signal?: AbortSignal;
  /** The `fetch` to use. @defaultValue globalThis.fetch */
  fetch?: typeof fetch;
  /** The code of the `PixelCNNPPError` thrown when the bytes cannot be read. @defaultValue 'E_WEIGHTS' */
  errorCode?: PixelCNNPPErrorCode;
  /**
   * For a download whose response does not give its size (compressed, or no `Content-Length`):
   * the file's size read from its first bytes, `undefined` while more bytes are needed, `null`
   * when they cannot tell (a safetensors file declares it in its header).
   */
  sizeFromHead?: (head: Uint8Array) => number | null | undefined;
}

const URL_PATTERN = /^(https?|blob|data|file):/i;

/** `true` for strings read with `fetch` rather than from the file system. */
export function isUrlString(source: string): boolean {
  return URL_PATTERN.test(source) && !/^file:/i.test(source);
}

/**
 * Reads the bytes of `source`. Strings starting with `http:`, `https:`, `blob:` or `data:` and
 * `URL` objects (other than `file:`) are fetched; other strings and `file:` URLs are file paths,
 * read with `node:fs` under Node, while in a browser other strings are fetched relative to the
 * page (as `fetch` resolves them). `ArrayBuffer`s and `Uint8Array`s are returned as they are (as
 * a `Uint8Array` view, no copy).
 */
export async function readBytes(source: ByteSource, options: ReadBytesOptions = {}): Promise<Uint8Array> {
  if (source instanceof Uint8Array) return source;
  if (source instanceof ArrayBuffer) return new Uint8Array(source);
  if (source instanceof URL) {
    return source.protocol === 'file:' ? readFile(source, options) : fetchBytes(source.href, options);
  }
  if (typeof source !== 'string') {
    throw new TypeError(`source: expected a URL, a file path, an ArrayBuffer or a Uint8Array, got ${typeof source}.`);
  }
  if (source.length === 0) throw new TypeError('source: expected a URL or file path, got an empty string.');
  if (isUrlString(source)) return fetchBytes(source, options);
  const page = (globalThis as { location?: { href?: string } }).location?.href;
  if (!IS_NODE && page !== undefined && !/^file:/i.test(source)) return fetchBytes(new URL(source, page).href, options);
  return readFile(/^file:/i.test(source) ? new URL(source) : source, options);
}

async function readFile(path: string | URL, options: ReadBytesOptions): Promise<Uint8Array> {
  if (!IS_NODE) {
    throw new TypeError(
      `source: '${String(path)}' is not an http(s):, blob: or data: URL, and file paths can only be read under Node.`,
    );
  }
  // A variable specifier keeps bundlers from trying to resolve node:fs for browser builds.
  const specifier = 'node:fs/promises';
  const fs = (await import(/* @vite-ignore */ /* webpackIgnore: true */ specifier)) as typeof import('node:fs/promises');
  options.signal?.throwIfAborted();
  let bytes: Uint8Array;
  try {
    const buffer = await fs.readFile(path, { signal: options.signal });
    // A plain view, not a Buffer: callers compare and slice it like any other Uint8Array.
    bytes = new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  } catch (error) {
    if (options.signal?.aborted) throw options.signal.reason;
    throw new PixelCNNPPError(options.errorCode ?? 'E_WEIGHTS', `could not read '${String(path)}': ${(error as Error).message}`, { cause: error });
  }
  options.onProgress?.({ loaded: bytes.byteLength, total: bytes.byteLength });
  return bytes;
}

async function fetchBytes(url: string, options: ReadBytesOptions): Promise<Uint8Array> {
  const fetchFn = options.fetch ?? globalThis.fetch;
  if (typeof fetchFn !== 'function') throw new TypeError(`no fetch available to load '${url}'; pass options.fetch.`);
  let response: Response;
  try {
    response = await fetchFn(url, { signal: options.signal });
  } catch (error) {
    if (options.signal?.aborted) throw options.signal.reason;
    throw new PixelCNNPPError(options.errorCode ?? 'E_WEIGHTS', `could not fetch '${url}': ${(error as Error).message}`, { cause: error });
  }
  if (!response.ok) {
    throw new PixelCNNPPError(options.errorCode ?? 'E_WEIGHTS', `could not fetch '${url}': HTTP ${response.status} ${response.statusText}`.trim() + '.');
  }
  const header = response.headers.get('content-length');
  // Under a content encoding, Content-Length counts the compressed bytes, not those the body yields.
  const encoding = (response.headers.get('content-encoding') ?? 'identity').trim().toLowerCase();
  let total = header !== null && /^\d+$/.test(header) && encoding === 'identity' ? Number(header) : undefined;
  const onProgress = options.onProgress;
  if (onProgress === undefined || response.body === null) {
    const bytes = new Uint8Array(await response.arrayBuffer());
    onProgress?.({ loaded: bytes.byteLength, total: total ?? bytes.byteLength });
    return bytes;
  }
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let loaded = 0;
  // Without a usable length, the body may tell its own size in its first bytes.
  const sizeFromHead = total === undefined ? options.sizeFromHead : undefined;
  let sizing = sizeFromHead !== undefined;
  onProgress({ loaded, total });
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    loaded += value.byteLength;
    if (sizing) {
      const head = concat(chunks, loaded);
      chunks.splice(0, chunks.length, head);
      const size = sizeFromHead!(head);
      if (size !== undefined) {
        sizing = false;
        if (size !== null && size >= loaded) total = size;
      }
    }
    onProgress({ loaded, total });
  }
  return concat(chunks, loaded);
}

function concat(chunks: readonly Uint8Array[], length: number): Uint8Array {
  if (chunks.length === 1) return chunks[0]!;
  const bytes = new Uint8Array(length);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}
