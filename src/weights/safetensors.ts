/**
 * The safetensors format (https://github.com/huggingface/safetensors): an 8-byte little-endian
 * header length `N`, `N` bytes of JSON
 * `{name: {dtype, shape, data_offsets: [begin, end]}, ..., "__metadata__": {string: string}}`,
 * then the data section, with offsets relative to its start.
 *
 * Parsing is strict, as the reference Rust implementation is: the tensors must tile the data
 * section exactly (no overlap, no gap, nothing left over), and every byte range must match its
 * dtype and shape. Float tensors of any supported dtype come back as float32; F32 data is viewed
 * in place (no copy) whenever its position in the buffer is 4-byte aligned. Writing takes float32
 * and stores F32, or F16 (rounded to nearest) for half the size.
 */
import { PixelCNNPPError } from '../errors.js';
import { floatToHalf, halfToFloat } from './half.js';

/** The dtypes that can be read (all converted to float32). F32 and F16 are written. */
export type SafetensorsDtype = 'F32' | 'F16' | 'BF16' | 'F64';

const DTYPE_BYTES: Readonly<Record<SafetensorsDtype, number>> = Object.freeze({ F32: 4, F16: 2, BF16: 2, F64: 8 });

/** A float32 tensor, row-major. */
export interface Float32TensorData {
  readonly shape: readonly number[];
  readonly data: Float32Array;
}

/** A tensor as read from a file; `dtype` is the one stored there (`data` is float32 whatever it was). */
export interface SafetensorsTensor extends Float32TensorData {
  readonly dtype: SafetensorsDtype;
}

export interface SafetensorsFile {
  /** Tensors in the order of their names. */
  readonly tensors: Map<string, SafetensorsTensor>;
  /** `__metadata__`, `{}` when the file has none. */
  readonly metadata: Record<string, string>;
}

/** The reference implementation refuses headers above 100 MB; so do we, before decoding them. */
export const MAX_HEADER_BYTES = 100_000_000;

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function fail(message: string): never {
  throw new PixelCNNPPError('E_WEIGHTS', `safetensors: ${message}`);
}

const formatShape = (shape: readonly unknown[]) => `[${shape.join(', ')}]`;

function isNonNegativeInteger(x: unknown): x is number {
  return typeof x === 'number' && Number.isSafeInteger(x) && x >= 0;
}

function decode(bytes: Uint8Array, offset: number, dtype: SafetensorsDtype, count: number): Float32Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset + offset, count * DTYPE_BYTES[dtype]);
  switch (dtype) {
    case 'F32': {
      const absolute = bytes.byteOffset + offset;
      if (LITTLE_ENDIAN && absolute % 4 === 0) return new Float32Array(bytes.buffer, absolute, count);
      const out = new Float32Array(count);
      if (LITTLE_ENDIAN) new Uint8Array(out.buffer).set(bytes.subarray(offset, offset + 4 * count));
      else for (let i = 0; i < count; i++) out[i] = view.getFloat32(4 * i, true);
      return out;
    }
    case 'F64': {
      const out = new Float32Array(count);
      for (let i = 0; i < count; i++) out[i] = view.getFloat64(8 * i, true);
      return out;
    }
    case 'F16': {
      const out = new Float32Array(count);
      for (let i = 0; i < count; i++) out[i] = halfToFloat(view.getUint16(2 * i, true));
      return out;
    }
    case 'BF16': {
      // bfloat16 is the top half of a float32.
      const bits = new Uint32Array(count);
      for (let i = 0; i < count; i++) bits[i] = view.getUint16(2 * i, true) << 16;
      return new Float32Array(bits.buffer);
    }
  }
}

interface Entry {
  name: string;
  dtype: SafetensorsDtype;
  shape: number[];
  begin: number;
  end: number;
}

function readEntry(name: string, raw: unknown, dataBytes: number): Entry {
  const where = `tensor '${name}'`;
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) fail(`${where}: header entry is not an object.`);
  const { dtype, shape, data_offsets: offsets } = raw as Record<string, unknown>;
  if (typeof dtype !== 'string') fail(`${where}: 'dtype' is missing or not a string.`);
  if (!Object.hasOwn(DTYPE_BYTES, dtype)) {
    fail(`${where}: unsupported dtype '${dtype}' (supported: ${Object.keys(DTYPE_BYTES).join(', ')}).`);
  }
  if (!Array.isArray(shape) || !shape.every(isNonNegativeInteger)) {
    fail(`${where}: 'shape' must be an array of non-negative integers, got ${JSON.stringify(shape)}.`);
  }
  if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every(isNonNegativeInteger)) {
    fail(`${where}: 'data_offsets' must be [begin, end] with non-negative integers, got ${JSON.stringify(offsets)}.`);
  }
  const [begin, end] = offsets as [number, number];
  if (begin > end) fail(`${where}: data_offsets [${begin}, ${end}] end before they begin.`);
  if (end > dataBytes) {
    fail(
      `${where}: data_offsets [${begin}, ${end}] run past the end of the data section (${dataBytes} bytes); ` +
        'the file is truncated or its header is wrong.',
    );
  }
  const elements = (shape as number[]).reduce((a, b) => a * b, 1);
  const expected = elements * DTYPE_BYTES[dtype as SafetensorsDtype];
  if (expected !== end - begin) {
    fail(
      `${where}: shape ${formatShape(shape)} of ${dtype} needs ${expected} bytes, ` +
        `but data_offsets [${begin}, ${end}] hold ${end - begin}.`,
    );
  }
  return { name, dtype: dtype as SafetensorsDtype, shape: shape as number[], begin, end };
}

/**
 * Parses a safetensors file. The returned F32 arrays may be views into `bytes`: keep `bytes`
 * unchanged while they are in use. Throws `PixelCNNPPError('E_WEIGHTS')` naming the tensor and
 * the problem.
 */
export function parseSafetensors(bytes: ArrayBuffer | Uint8Array): SafetensorsFile {
  if (bytes instanceof ArrayBuffer) bytes = new Uint8Array(bytes);
  else if (!(bytes instanceof Uint8Array)) {
    throw new TypeError(`bytes: expected an ArrayBuffer or Uint8Array, got ${typeof bytes}.`);
  }
  if (bytes.byteLength < 8) fail(`file is ${bytes.byteLength} bytes, too short for the 8-byte header length; it is truncated.`);
  const head = new DataView(bytes.buffer, bytes.byteOffset, 8);
  const headerBytes = head.getUint32(0, true) + head.getUint32(4, true) * 2 ** 32;
  if (headerBytes > MAX_HEADER_BYTES) fail(`header length ${headerBytes} is above the ${MAX_HEADER_BYTES}-byte limit.`);
  if (headerBytes > bytes.byteLength - 8) {
    fail(`header length ${headerBytes} is larger than the ${bytes.byteLength - 8} bytes after it; the file is truncated.`);
  }
  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, 8 + headerBytes)));
  } catch (error) {
    fail(`header is not valid UTF-8 JSON (${(error as Error).message}).`);
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header)) {
    fail(`header must be a JSON object, got ${Array.isArray(header) ? 'an array' : String(header)}.`);
  }

  const dataStart = 8 + headerBytes;
  const dataBytes = bytes.byteLength - dataStart;
  const metadata: Record<string, string> = {};
  const entries: Entry[] = [];
  for (const [name, raw] of Object.entries(header)) {
    if (name === '__metadata__') {
      if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) fail(`__metadata__ must be an object of strings.`);
      for (const [key, value] of Object.entries(raw)) {
        if (typeof value !== 'string') fail(`__metadata__ '${key}' must be a string, got ${JSON.stringify(value)}.`);
        Object.defineProperty(metadata, key, { value, enumerable: true, writable: true, configurable: true });
      }
      continue;
    }
    entries.push(readEntry(name, raw, dataBytes));
  }

  // The tensors must tile the data section.
  const byPosition = [...entries].sort((a, b) => a.begin - b.begin || a.end - b.end);
  let cursor = 0;
  let previous: Entry | undefined;
  for (const entry of byPosition) {
    if (entry.begin < cursor) {
      fail(`tensor '${entry.name}': data_offsets [${entry.begin}, ${entry.end}] overlap tensor '${previous?.name}' (which ends at ${cursor}).`);
    }
    if (entry.begin > cursor) {
      fail(`tensor '${entry.name}': data_offsets begin at ${entry.begin}, leaving bytes [${cursor}, ${entry.begin}) of the data section unused.`);
    }
    cursor = entry.end;
    previous = entry;
  }
  if (cursor !== dataBytes) {
    fail(`the tensors cover ${cursor} bytes of the ${dataBytes}-byte data section; the rest belongs to no tensor.`);
  }

  const tensors = new Map<string, SafetensorsTensor>();
  for (const entry of [...entries].sort((a, b) => compareNames(a.name, b.name))) {
    const count = (entry.end - entry.begin) / DTYPE_BYTES[entry.dtype];
    tensors.set(entry.name, {
      dtype: entry.dtype,
      shape: entry.shape,
      data: decode(bytes, dataStart + entry.begin, entry.dtype, count),
    });
  }
  return { tensors, metadata };
}

/** Byte order of UTF-16 code units, which equals code point order for the names we write. */
function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export interface SerializeOptions {
  /**
   * How the values are stored: `'F32'` exactly, or `'F16'` (IEEE half precision, rounded to
   * nearest, ties to even) in half the bytes. A finite value outside float16's range
   * (|x| > 65504) is a `RangeError` rather than an infinity. @defaultValue 'F32'
   */
  dtype?: 'F32' | 'F16';
}

/**
 * Writes float32 tensors as safetensors: tensors in name order, data in the same order,
 * `__metadata__` last (omitted when empty), the header padded with spaces so the data section
 * starts at a multiple of 8. Throws `TypeError`/`RangeError` naming a malformed tensor.
 */
export function serializeSafetensors(
  tensors: ReadonlyMap<string, Float32TensorData> | Readonly<Record<string, Float32TensorData>>,
  metadata: Readonly<Record<string, string>> = {},
  options: SerializeOptions = {},
): Uint8Array {
  const dtype = options.dtype ?? 'F32';
  if (dtype !== 'F32' && dtype !== 'F16') throw new RangeError(`options.dtype: expected 'F32' or 'F16', got ${JSON.stringify(dtype)}.`);
  const elementBytes = DTYPE_BYTES[dtype];
  const list = [...(tensors instanceof Map ? tensors.entries() : Object.entries(tensors))].sort((a, b) =>
    compareNames(a[0], b[0]),
  );
  const parts: string[] = [];
  let offset = 0;
  for (const [name, tensor] of list) {
    if (name === '__metadata__') throw new RangeError(`tensors: '__metadata__' is reserved and cannot name a tensor.`);
    if (!(tensor?.data instanceof Float32Array)) throw new TypeError(`tensors['${name}'].data: expected a Float32Array.`);
    const shape = [...tensor.shape];
    if (!shape.every(isNonNegativeInteger)) {
      throw new RangeError(`tensors['${name}'].shape: expected non-negative integers, got ${formatShape(shape)}.`);
    }
    const size = shape.reduce((a, b) => a * b, 1);
    if (size !== tensor.data.length) {
      throw new RangeError(`tensors['${name}']: shape ${formatShape(shape)} has ${size} elements, data has ${tensor.data.length}.`);
    }
    const end = offset + elementBytes * size;
    parts.push(`${JSON.stringify(name)}:${JSON.stringify({ dtype, shape, data_offsets: [offset, end] })}`);
    offset = end;
  }
  const metaEntries = Object.entries(metadata);
  for (const [key, value] of metaEntries) {
    if (typeof value !== 'string') throw new TypeError(`metadata['${key}']: expected a string, got ${typeof value}.`);
  }
  if (metaEntries.length > 0) {
    parts.push(`"__metadata__":{${metaEntries.map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`).join(',')}}`);
  }
  const json = new TextEncoder().encode(`{${parts.join(',')}}`);
  const headerBytes = Math.ceil(json.length / 8) * 8;
  const out = new Uint8Array(8 + headerBytes + offset);
  const view = new DataView(out.buffer);
  view.setUint32(0, headerBytes % 2 ** 32, true);
  view.setUint32(4, Math.floor(headerBytes / 2 ** 32), true);
  out.set(json, 8);
  out.fill(0x20, 8 + json.length, 8 + headerBytes);
  let position = 8 + headerBytes;
  for (const [name, { data }] of list) {
    if (dtype === 'F16') writeHalf(view, position, name, data);
    else if (LITTLE_ENDIAN) out.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), position);
    else for (let i = 0; i < data.length; i++) view.setFloat32(position + 4 * i, data[i]!, true);
    position += elementBytes * data.length;
  }
  return out;
}

function writeHalf(view: DataView, position: number, name: string, data: Float32Array): void {
  for (let i = 0; i < data.length; i++) {
    const value = data[i]!;
    const bits = floatToHalf(value);
    if ((bits & 0x7c00) === 0x7c00 && (bits & 0x3ff) === 0 && Number.isFinite(value)) {
      throw new RangeError(
        `tensors['${name}'].data[${i}] = ${value} is outside the float16 range (largest magnitude 65504); save it as F32.`,
      );
    }
    view.setUint16(position + 2 * i, bits, true);
  }
}

/**
 * The size of a whole safetensors file, told by its first bytes: the 8-byte length, the header,
 * and the data section up to the largest `data_offsets` end the header declares. `undefined`
 * while `head` is too short to tell, `null` when the bytes are not a safetensors header (or the
 * header is longer than `maxHeaderBytes`, when the caller would rather not wait for it).
 */
export function safetensorsFileSize(head: Uint8Array, maxHeaderBytes = MAX_HEADER_BYTES): number | null | undefined {
  if (head.byteLength < 8) return undefined;
  const view = new DataView(head.buffer, head.byteOffset, 8);
  const headerBytes = view.getUint32(0, true) + view.getUint32(4, true) * 2 ** 32;
  if (headerBytes < 2 || headerBytes > maxHeaderBytes) return null;
  if (head.byteLength > 8 && head[8] !== 0x7b) return null; // '{'
  if (head.byteLength < 8 + headerBytes) return undefined;
  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(head.subarray(8, 8 + headerBytes)));
  } catch {
    return null;
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header)) return null;
  let end = 0;
  for (const [name, entry] of Object.entries(header)) {
    if (name === '__metadata__') continue;
    const offsets = (entry as { data_offsets?: unknown } | null)?.data_offsets;
    if (!Array.isArray(offsets) || !isNonNegativeInteger(offsets[1])) return null;
    end = Math.max(end, offsets[1]);
  }
  return 8 + headerBytes + end;
}
