/**
 * Images out: PNG bytes (8-bit grey or RGB, one image or a grid) and `ImageData` for canvases.
 * Compression uses the platform's `CompressionStream('deflate')` (browsers, Node >= 18), whose
 * zlib format is exactly what PNG's IDAT chunk holds.
 */
import type { ImageBatch } from './image.js';

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

async function deflate(bytes: Uint8Array): Promise<Uint8Array> {
  if (typeof CompressionStream === 'undefined') {
    throw new TypeError('PNG encoding needs CompressionStream (browsers, Node >= 18).');
  }
  const stream = new Blob([bytes as BlobPart]).stream().pipeThrough(new CompressionStream('deflate'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

export interface GridOptions {
  /** Images per row of the grid. @defaultValue ceil(sqrt(N)) */
  columns?: number;
  /** Pixels between images. @defaultValue 2 */
  gap?: number;
  /** Value of the gap pixels. @defaultValue 255 */
  background?: number;
}

/** Lays the images of a batch out in a grid: one `[H', W', C]` image. */
export function tileImages(batch: ImageBatch, options: GridOptions = {}): { data: Uint8Array; width: number; height: number; channels: number } {
  const [n, h, w, c] = batch.shape;
  const columns = Math.max(1, Math.min(n, options.columns ?? Math.ceil(Math.sqrt(n))));
  const rows = Math.ceil(n / columns);
  const gap = n === 1 ? 0 : options.gap ?? 2;
  const width = columns * w + (columns - 1) * gap;
  const height = rows * h + (rows - 1) * gap;
  const data = new Uint8Array(width * height * c).fill(options.background ?? 255);
  for (let i = 0; i < n; i++) {
    const top = Math.floor(i / columns) * (h + gap);
    const left = (i % columns) * (w + gap);
    for (let y = 0; y < h; y++) {
      const src = ((i * h + y) * w) * c;
      data.set(batch.data.subarray(src, src + w * c), ((top + y) * width + left) * c);
    }
  }
  return { data, width, height, channels: c };
}

/** PNG bytes of one image (`index`) of a batch, or of all of them as a grid when `index` is omitted. */
export async function toPNG(batch: ImageBatch, options: GridOptions & { index?: number } = {}): Promise<Uint8Array> {
  const [n, h, w, c] = batch.shape;
  if (options.index !== undefined && !(Number.isInteger(options.index) && options.index >= 0 && options.index < n)) {
    throw new RangeError(`index: expected an integer in [0, ${n - 1}], got ${options.index}.`);
  }
  const single = options.index !== undefined
    ? { shape: [1, h, w, c] as const, data: batch.data.subarray(options.index * h * w * c, (options.index + 1) * h * w * c) }
    : batch;
  const image = tileImages(single, options);
  const stride = image.width * image.channels;
  const raw = new Uint8Array(image.height * (stride + 1));
  for (let y = 0; y < image.height; y++) raw.set(image.data.subarray(y * stride, (y + 1) * stride), y * (stride + 1) + 1);
  const header = new Uint8Array(13);
  const view = new DataView(header.buffer);
  view.setUint32(0, image.width);
  view.setUint32(4, image.height);
  header[8] = 8; // bit depth
  header[9] = image.channels === 3 ? 2 : 0; // colour type: RGB or grey
  const parts = [
    new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', await deflate(raw)),
    chunk('IEND', new Uint8Array(0)),
  ];
  const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/**
 * The fields of a DOM `ImageData`, so the type is usable without the DOM library and assignable
 * to `CanvasRenderingContext2D.putImageData`'s parameter where it is.
 */
export interface CanvasImageData {
  readonly data: Uint8ClampedArray<ArrayBuffer>;
  readonly width: number;
  readonly height: number;
  readonly colorSpace: 'srgb';
}

/**
 * RGBA pixels of image `index` for a canvas: a real `ImageData` in browsers (and wherever the
 * platform has one), an object with the same fields elsewhere.
 */
export function toImageData(batch: ImageBatch, index = 0): CanvasImageData {
  const [n, h, w, c] = batch.shape;
  if (!(Number.isInteger(index) && index >= 0 && index < n)) throw new RangeError(`index: expected an integer in [0, ${n - 1}], got ${index}.`);
  const rgba = new Uint8ClampedArray(h * w * 4);
  const base = index * h * w * c;
  for (let p = 0; p < h * w; p++) {
    for (let k = 0; k < 3; k++) rgba[4 * p + k] = batch.data[base + p * c + (c === 3 ? k : 0)]!;
    rgba[4 * p + 3] = 255;
  }
  return typeof ImageData === 'undefined' ? { data: rgba, width: w, height: h, colorSpace: 'srgb' } : (new ImageData(rgba, w, h) as CanvasImageData);
}
