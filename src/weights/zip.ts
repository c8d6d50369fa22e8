/**
 * A reader for zip archives held in memory, as `torch.save` writes them since PyTorch 1.6: the
 * end-of-central-directory record (ZIP64 too), the central directory, and each entry's data
 * behind its local header. PyTorch stores entries uncompressed, so their data are views into the
 * archive (no copy); deflated entries (an archive re-packed by a zip tool) are inflated with
 * `DecompressionStream` where the platform has it. Every offset and length is checked against the
 * archive before use; problems are `PixelCNNPPError('E_WEIGHTS')`.
 */
import { PixelCNNPPError } from '../errors.js';

export interface ZipEntry {
  readonly name: string;
  /** 0 stored, 8 deflated. */
  readonly method: number;
  readonly compressedSize: number;
  readonly size: number;
  readonly localHeaderOffset: number;
}

const SIGNATURE = Object.freeze({
  localHeader: 0x04034b50,
  centralHeader: 0x02014b50,
  end: 0x06054b50,
  end64: 0x06064b50,
  end64Locator: 0x07064b50,
});

const STORED = 0;
const DEFLATED = 8;
/** The end record is 22 bytes plus a comment of at most 65535. */
const MAX_END_SEARCH = 22 + 0xffff;

function fail(message: string): never {
  throw new PixelCNNPPError('E_WEIGHTS', `zip: ${message}`);
}

/** `true` when `bytes` start with a zip local file header. */
export function isZip(bytes: Uint8Array): boolean {
  return bytes.byteLength >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

export class ZipArchive {
  private readonly bytes: Uint8Array;
  private readonly view: DataView;
  private readonly entries: Map<string, ZipEntry>;

  private constructor(bytes: Uint8Array, entries: Map<string, ZipEntry>) {
    this.bytes = bytes;
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.entries = entries;
  }

  /** Reads the central directory of the archive in `bytes`. */
  static open(bytes: Uint8Array): ZipArchive {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const u16 = (at: number) => view.getUint16(at, true);
    const u32 = (at: number) => view.getUint32(at, true);
    const u64 = (at: number) => {
      const value = view.getUint32(at, true) + view.getUint32(at + 4, true) * 2 ** 32;
      if (!Number.isSafeInteger(value)) fail(`a 64-bit field at byte ${at} is too large (${value}).`);
      return value;
    };

    let end = -1;
    for (let at = bytes.byteLength - 22; at >= Math.max(0, bytes.byteLength - MAX_END_SEARCH); at--) {
      if (u32(at) === SIGNATURE.end) {
        end = at;
        break;
      }
    }
    if (end < 0) fail('no end-of-central-directory record; the file is truncated or not a zip archive.');
    let count = u16(end + 10);
    let directorySize = u32(end + 12);
    let directoryOffset = u32(end + 16);
    if (count === 0xffff || directorySize === 0xffffffff || directoryOffset === 0xffffffff) {
      const locator = end - 20;
      if (locator < 0 || u32(locator) !== SIGNATURE.end64Locator) fail('ZIP64 end record expected but its locator is missing.');
      const end64 = u64(locator + 8);
      if (end64 + 56 > bytes.byteLength || u32(end64) !== SIGNATURE.end64) fail('ZIP64 end record is missing or out of range.');
      count = u64(end64 + 32);
      directorySize = u64(end64 + 40);
      directoryOffset = u64(end64 + 48);
    }
    if (directoryOffset + directorySize > bytes.byteLength) {
      fail(`central directory [${directoryOffset}, ${directoryOffset + directorySize}) runs past the end (${bytes.byteLength} bytes); the file is truncated.`);
    }
    // Each central header is at least 46 bytes: a count beyond that is a lie, not a reason to allocate.
    if (count > directorySize / 46) fail(`${count} entries cannot fit in a ${directorySize}-byte central directory.`);

    const entries = new Map<string, ZipEntry>();
    const decoder = new TextDecoder('utf-8');
    let at = directoryOffset;
    for (let i = 0; i < count; i++) {
      if (at + 46 > directoryOffset + directorySize || u32(at) !== SIGNATURE.centralHeader) {
        fail(`central directory entry ${i} at byte ${at} is malformed.`);
      }
      const flags = u16(at + 8);
      const method = u16(at + 10);
      let compressedSize = u32(at + 20);
      let size = u32(at + 24);
      const nameLength = u16(at + 28);
      const extraLength = u16(at + 30);
      const commentLength = u16(at + 32);
      let localHeaderOffset = u32(at + 42);
      const next = at + 46 + nameLength + extraLength + commentLength;
      if (next > directoryOffset + directorySize) fail(`central directory entry ${i} runs past the directory.`);
      const name = decoder.decode(bytes.subarray(at + 46, at + 46 + nameLength));
      if (flags & 1) fail(`entry '${name}' is encrypted.`);
      // ZIP64 sizes and offset live in extra field 0x0001, in this order, for the fields marked 0xffffffff.
      let extra = at + 46 + nameLength;
      const extraEnd = extra + extraLength;
      while (extra + 4 <= extraEnd) {
        const id = u16(extra);
        const length = u16(extra + 2);
        let field = extra + 4;
        if (field + length > extraEnd) fail(`entry '${name}' has a malformed extra field.`);
        if (id === 0x0001) {
          const take = () => {
            if (field + 8 > extra + 4 + length) fail(`entry '${name}' has a short ZIP64 extra field.`);
            const value = u64(field);
            field += 8;
            return value;
          };
          if (size === 0xffffffff) size = take();
          if (compressedSize === 0xffffffff) compressedSize = take();
          if (localHeaderOffset === 0xffffffff) localHeaderOffset = take();
        }
        extra += 4 + length;
      }
      entries.set(name, { name, method, compressedSize, size, localHeaderOffset });
      at = next;
    }
    return new ZipArchive(bytes, entries);
  }

  /** Entry names in directory order. */
  names(): string[] {
    return [...this.entries.keys()];
  }

  entry(name: string): ZipEntry | undefined {
    return this.entries.get(name);
  }

  /**
   * The bytes of an entry: a view into the archive when stored, a new array when deflated.
   * Throws `E_WEIGHTS` for a missing entry, an unsupported compression method, or data that run
   * past the archive or inflate to another size than the directory says.
   */
  async read(name: string): Promise<Uint8Array> {
    const entry = this.entries.get(name);
    if (entry === undefined) fail(`no entry '${name}' in the archive.`);
    const data = this.rawData(entry);
    if (entry.method === STORED) {
      if (entry.size !== entry.compressedSize) fail(`stored entry '${name}' has size ${entry.size} but ${entry.compressedSize} stored bytes.`);
      return data;
    }
    if (entry.method === DEFLATED) return inflate(data, entry);
    fail(`entry '${name}' uses compression method ${entry.method}; only stored (0) and deflate (8) are supported.`);
  }

  private rawData(entry: ZipEntry): Uint8Array {
    const at = entry.localHeaderOffset;
    if (at + 30 > this.bytes.byteLength || this.view.getUint32(at, true) !== SIGNATURE.localHeader) {
      fail(`entry '${entry.name}': no local header at byte ${at}; the file is truncated or corrupt.`);
    }
    const start = at + 30 + this.view.getUint16(at + 26, true) + this.view.getUint16(at + 28, true);
    const end = start + entry.compressedSize;
    if (end > this.bytes.byteLength) {
      fail(`entry '${entry.name}': data [${start}, ${end}) run past the end of the archive (${this.bytes.byteLength} bytes); the file is truncated.`);
    }
    return this.bytes.subarray(start, end);
  }
}

async function inflate(data: Uint8Array, entry: ZipEntry): Promise<Uint8Array> {
  const Decompression = (globalThis as { DecompressionStream?: typeof DecompressionStream }).DecompressionStream;
  if (Decompression === undefined) {
    fail(`entry '${entry.name}' is deflated and this platform has no DecompressionStream; store the archive uncompressed (as torch.save does).`);
  }
  let stream: ReadableStream<Uint8Array>;
  try {
    stream = new Blob([data as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new Decompression('deflate-raw' as CompressionFormat));
  } catch (error) {
    fail(`entry '${entry.name}' is deflated and this platform cannot inflate raw deflate (${(error as Error).message}).`);
  }
  // Never hold more than the directory promised: a bomb stops at the first chunk past the size.
  const out = new Uint8Array(entry.size);
  let filled = 0;
  const reader = stream.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (filled + value.byteLength > entry.size) fail(`entry '${entry.name}' inflates to more than its declared ${entry.size} bytes.`);
      out.set(value, filled);
      filled += value.byteLength;
    }
  } catch (error) {
    await reader.cancel().catch(() => {});
    if (error instanceof PixelCNNPPError) throw error;
    fail(`entry '${entry.name}' is not valid deflate data (${(error as Error).message}).`);
  }
  if (filled !== entry.size) fail(`entry '${entry.name}' inflates to ${filled} bytes, not its declared ${entry.size}.`);
  return out;
}
