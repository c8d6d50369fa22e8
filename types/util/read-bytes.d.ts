/**
 * Bytes from wherever they are: a URL (fetched, with progress), a file path (Node only), or
 * memory. Checkpoints and the mixture module's binaries are read through here.
 */
import type { PixelCNNPPErrorCode } from '../errors.js';
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
/** `true` for strings read with `fetch` rather than from the file system. */
export declare function isUrlString(source: string): boolean;
/**
 * Reads the bytes of `source`. Strings starting with `http:`, `https:`, `blob:` or `data:` and
 * `URL` objects (other than `file:`) are fetched; other strings and `file:` URLs are file paths,
 * read with `node:fs` under Node, while in a browser other strings are fetched relative to the
 * page (as `fetch` resolves them). `ArrayBuffer`s and `Uint8Array`s are returned as they are (as
 * a `Uint8Array` view, no copy).
 */
export declare function readBytes(source: ByteSource, options?: ReadBytesOptions): Promise<Uint8Array>;
