/**
 * A PNG reader for the command line (Node's zlib): 8- and 16-bit grayscale, RGB, palette,
 * with or without alpha, not interlaced. Grayscale gives one channel, everything else three;
 * alpha is dropped (the model has no alpha channel) and 16-bit samples keep their high byte.
 */
import { inflateSync } from 'node:zlib';

export interface DecodedImage {
  width: number;
  height: number;
  channels: 1 | 3;
  /** uint8 HWC. */
  data: Uint8Array;
}

const SIGNATURE = [137, 80, 78, 71, 13, 10, 26, 10];
/** Samples per pixel by colour type. */
const SAMPLES: Readonly<Record<number, number>> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };

export function decodePNG(bytes: Uint8Array, name = 'image'): DecodedImage {
  const fail = (why: string) => new Error(`${name}: not a PNG this reader handles (${why}).`);
  if (bytes.length < 8 || SIGNATURE.some((b, i) => bytes[i] !== b)) throw fail('no PNG signature');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let width = 0;
  let height = 0;
  let depth = 0;
  let colorType = -1;
  let palette: Uint8Array | undefined;
  const idat: Uint8Array[] = [];
  for (let at = 8; at + 8 <= bytes.length; ) {
    const length = view.getUint32(at);
    const type = String.fromCharCode(...bytes.subarray(at + 4, at + 8));
    const body = bytes.subarray(at + 8, at + 8 + length);
    if (body.length !== length) throw fail(`chunk ${type} is truncated`);
    if (type === 'IHDR') {
      width = view.getUint32(at + 8);
      height = view.getUint32(at + 12);
      depth = body[8]!;
      colorType = body[9]!;
      if (body[12] !== 0) throw fail('interlaced images are not supported');
    } else if (type === 'PLTE') palette = body;
    else if (type === 'IDAT') idat.push(body);
    else if (type === 'IEND') break;
    at += 12 + length;
  }
  const samples = SAMPLES[colorType];
  if (samples === undefined || width === 0 || height === 0) throw fail(`colour type ${colorType}, size ${width}x${height}`);
  if (depth !== 8 && depth !== 16) throw fail(`bit depth ${depth}; 8 and 16 are supported`);
  if (colorType === 3 && (palette === undefined || depth !== 8)) throw fail('palette image without an 8-bit palette');

  const sampleBytes = depth / 8;
  const bpp = samples * sampleBytes;
  const stride = width * bpp;
  const raw = inflateSync(Buffer.concat(idat));
  if (raw.length < height * (stride + 1)) throw fail('image data is truncated');
  const rows = new Uint8Array(height * stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    const out = rows.subarray(y * stride, (y + 1) * stride);
    const prev = y > 0 ? rows.subarray((y - 1) * stride, y * stride) : undefined;
    for (let i = 0; i < stride; i++) {
      const a = i >= bpp ? out[i - bpp]! : 0;
      const b = prev ? prev[i]! : 0;
      const c = prev && i >= bpp ? prev[i - bpp]! : 0;
      let predictor = 0;
      if (filter === 1) predictor = a;
      else if (filter === 2) predictor = b;
      else if (filter === 3) predictor = (a + b) >> 1;
      else if (filter === 4) {
        const p = a + b - c;
        const pa = Math.abs(p - a);
        const pb = Math.abs(p - b);
        const pc = Math.abs(p - c);
        predictor = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      } else if (filter !== 0) throw fail(`unknown row filter ${filter}`);
      out[i] = (line[i]! + predictor) & 0xff;
    }
  }
  const gray = colorType === 0 || colorType === 4;
  const channels = gray ? 1 : 3;
  const data = new Uint8Array(width * height * channels);
  for (let p = 0; p < width * height; p++) {
    const sample = (k: number) => rows[p * bpp + k * sampleBytes]!; // high byte of 16-bit samples
    if (colorType === 3) {
      const index = rows[p]!;
      data.set(palette!.subarray(index * 3, index * 3 + 3), p * 3);
    } else if (gray) data[p] = sample(0);
    else for (let k = 0; k < 3; k++) data[p * 3 + k] = sample(k);
  }
  return { width, height, channels, data };
}
