// Safetensors bytes the package itself never writes: tensors of any dtype, for tests of reading them.
import { serializeSafetensors } from '../../src/weights/safetensors.js';
import type { Float32TensorData } from '../../src/weights/safetensors.js';

export interface RawTensor {
  dtype: string;
  shape: number[];
  bytes: Uint8Array;
}

/** A file with float32 `tensors` and `metadata` plus `extra` tensors stored as given. */
export function withRawTensors(
  tensors: ReadonlyMap<string, Float32TensorData>,
  metadata: Record<string, string>,
  extra: Record<string, RawTensor>,
): Uint8Array {
  const base = serializeSafetensors(tensors, metadata);
  const view = new DataView(base.buffer, base.byteOffset);
  const headerBytes = view.getUint32(0, true);
  const header = JSON.parse(new TextDecoder().decode(base.subarray(8, 8 + headerBytes))) as Record<string, unknown>;
  let data = base.subarray(8 + headerBytes);
  for (const [name, { dtype, shape, bytes }] of Object.entries(extra)) {
    header[name] = { dtype, shape, data_offsets: [data.length, data.length + bytes.length] };
    const grown = new Uint8Array(data.length + bytes.length);
    grown.set(data);
    grown.set(bytes, data.length);
    data = grown;
  }
  const json = new TextEncoder().encode(JSON.stringify(header));
  const padded = Math.ceil(json.length / 8) * 8;
  const out = new Uint8Array(8 + padded + data.length).fill(0x20, 8, 8 + padded);
  new DataView(out.buffer).setUint32(0, padded, true);
  out.set(json, 8);
  out.set(data, 8 + padded);
  return out;
}

/** An int64 scalar, as TensorFlow stores `global_step`. */
export const int64Scalar = (value: number): RawTensor => {
  const bytes = new Uint8Array(8);
  new DataView(bytes.buffer).setBigInt64(0, BigInt(value), true);
  return { dtype: 'I64', shape: [], bytes };
};
