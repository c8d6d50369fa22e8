export type WeightSource = string | URL | ArrayBuffer | Uint8Array;
export interface ReadProgress {
    /** Bytes received so far (after any content decoding: the bytes of the file itself). */
    loaded: number;
    /**
     * Bytes expected: the file's size, `Content-Length` of an uncompressed response, or, when the
     * response is compressed or has no length, the size a safetensors header declares once its
     * header has arrived. `undefined` until known.
     */
    total: number | undefined;
}
export interface ReadSourceOptions {
    /** Called as a download progresses; the body is streamed only when this is given. */
    onProgress?: (progress: ReadProgress) => void;
    signal?: AbortSignal;
    /** The `fetch` to use. @defaultValue globalThis.fetch */
    fetch?: typeof fetch;
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
export declare function readSource(source: WeightSource, options?: ReadSourceOptions): Promise<Uint8Array>;
