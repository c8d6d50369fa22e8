import type { Tensor } from '@tensorflow/tfjs-core';

/** A batch of 8-bit images, NHWC, row-major. */
export interface ImageBatch {
  data: Uint8Array | Uint8ClampedArray;
  shape: readonly [number, number, number, number];
}

/** The `ImageData` fields we read, so the type exists outside browsers too. */
export interface ImageDataLike {
  readonly data: Uint8ClampedArray;
  readonly width: number;
  readonly height: number;
}

/** What `logProb` and friends accept as images. */
export type ImageInput =
  | ImageBatch
  | { data: Uint8Array | Uint8ClampedArray | ArrayLike<number>; shape: readonly number[] }
  | ImageDataLike
  | ImageDataLike[]
  | Tensor;

/** A validated batch, as the model works with it. */
export interface Uint8ImageBatch extends ImageBatch {
  data: Uint8Array;
}

export interface ImageGeometry {
  height: number;
  width: number;
  channels: 1 | 3;
}

const formatShape = (shape: readonly number[]) => `[${shape.join(', ')}]`;

function isTensor(x: unknown): x is Tensor {
  return typeof x === 'object' && x !== null && 'dataId' in x && 'dtype' in x && 'shape' in x && 'rank' in x;
}

function isImageData(x: unknown): x is ImageDataLike {
  return (
    typeof x === 'object' &&
    x !== null &&
    (x as ImageDataLike).data instanceof Uint8ClampedArray &&
    typeof (x as ImageDataLike).width === 'number' &&
    typeof (x as ImageDataLike).height === 'number'
  );
}

function expectGeometry(name: string, shape: readonly number[], geometry: ImageGeometry): void {
  const [, h, w, c] = shape;
  if (shape.length !== 4 || h !== geometry.height || w !== geometry.width || c !== geometry.channels) {
    throw new RangeError(
      `${name}: expected shape [N, ${geometry.height}, ${geometry.width}, ${geometry.channels}] to match the model, ` +
        `got ${formatShape(shape)}.`,
    );
  }
  if (!(shape[0] >= 1)) throw new RangeError(`${name}: the batch is empty (shape ${formatShape(shape)}); pass at least one image.`);
}

/** Copies values that must be integers in [0, 255] into a Uint8Array, naming the first bad one. */
function toUint8(name: string, values: ArrayLike<number>): Uint8Array {
  if (values instanceof Uint8Array || values instanceof Uint8ClampedArray) {
    return values instanceof Uint8Array ? values : new Uint8Array(values.buffer, values.byteOffset, values.length);
  }
  const out = new Uint8Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isInteger(v) || v < 0 || v > 255) {
      throw new RangeError(`${name}: value ${v} at flat index ${i} is not an integer in [0, 255].`);
    }
    out[i] = v;
  }
  return out;
}

function fromImageData(name: string, images: ImageDataLike[], geometry: ImageGeometry): Uint8ImageBatch {
  if (images.length === 0) throw new RangeError(`${name}: the batch is empty; pass at least one image.`);
  const { height, width, channels } = geometry;
  const pixels = height * width;
  const data = new Uint8Array(images.length * pixels * channels);
  images.forEach((image, n) => {
    if (!isImageData(image)) throw new TypeError(`${name}[${n}]: expected an ImageData, got ${typeof image}.`);
    if (image.height !== height || image.width !== width) {
      throw new RangeError(`${name}[${n}]: expected a ${width}x${height} image to match the model, got ${image.width}x${image.height}.`);
    }
    const rgba = image.data;
    if (rgba.length !== pixels * 4) {
      throw new RangeError(`${name}[${n}].data: expected ${pixels * 4} bytes (${width}x${height} RGBA), got ${rgba.length}.`);
    }
    const base = n * pixels * channels;
    for (let p = 0; p < pixels; p++) {
      const r = rgba[4 * p];
      const g = rgba[4 * p + 1];
      const b = rgba[4 * p + 2];
      if (channels === 3) {
        data[base + 3 * p] = r;
        data[base + 3 * p + 1] = g;
        data[base + 3 * p + 2] = b;
      } else {
        // Grey images drawn to a canvas have r = g = b; for colour ones, ITU-R BT.601 luma.
        data[base + p] = r === g && g === b ? r : Math.round(0.299 * r + 0.587 * g + 0.114 * b);
      }
    }
  });
  return { data, shape: [images.length, height, width, channels] };
}

/**
 * Brings any accepted image input to a validated uint8 NHWC batch for a model of the given
 * geometry. A single image may omit the batch axis ([H, W, C]). Alpha in `ImageData` is ignored.
 */
export async function toImageBatch(images: ImageInput, geometry: ImageGeometry, name = 'images'): Promise<Uint8ImageBatch> {
  if (images === null || images === undefined) throw new TypeError(`${name}: expected images, got ${images}.`);
  if (Array.isArray(images)) return fromImageData(name, images, geometry);
  if (isImageData(images)) return fromImageData(name, [images], geometry);

  let values: ArrayLike<number>;
  let shape: number[];
  if (isTensor(images)) {
    if (images.isDisposed) throw new TypeError(`${name}: the tensor has been disposed.`);
    if (images.dtype !== 'int32' && images.dtype !== 'float32') {
      throw new TypeError(`${name}: expected an int32 or float32 tensor of values in [0, 255], got dtype ${images.dtype}.`);
    }
    values = (await images.data()) as Float32Array | Int32Array;
    shape = images.shape.slice();
  } else if (typeof images === 'object' && 'data' in images && 'shape' in images) {
    values = images.data;
    shape = Array.from(images.shape);
    if (!values || typeof (values as ArrayLike<number>).length !== 'number') {
      throw new TypeError(`${name}.data: expected a Uint8Array or Uint8ClampedArray.`);
    }
  } else {
    throw new TypeError(
      `${name}: expected {data: Uint8Array, shape: [N, H, W, C]}, ImageData, ImageData[] or a tensor, got ${typeof images}.`,
    );
  }

  if (shape.length === 3) shape = [1, ...shape];
  if (!shape.every((d) => Number.isInteger(d) && d >= 0)) {
    throw new RangeError(`${name}: shape ${formatShape(shape)} must be non-negative integers.`);
  }
  expectGeometry(name, shape, geometry);
  const expected = shape.reduce((a, b) => a * b, 1);
  if (values.length !== expected) {
    throw new RangeError(`${name}: shape ${formatShape(shape)} needs ${expected} values, data has ${values.length}.`);
  }
  return { data: toUint8(name, values), shape: shape as unknown as Uint8ImageBatch['shape'] };
}

/** Converts uint8 NHWC images to network input in [-1, 1] (0 -> -1, 255 -> +1). */
export function toNetworkInput(data: Uint8Array, out = new Float32Array(data.length)): Float32Array {
  for (let i = 0; i < data.length; i++) out[i] = (data[i] - 127.5) / 127.5;
  return out;
}
