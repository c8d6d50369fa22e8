import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { PixelCNNPPError } from '../../../src/errors.js';
import { floatToHalf, halfToFloat } from '../../../src/weights/half.js';
import { MAX_HEADER_BYTES, parseSafetensors, safetensorsFileSize, serializeSafetensors } from '../../../src/weights/safetensors.js';
import type { FixtureName } from '../../helpers/fixtures.js';
import { loadFixture } from '../../helpers/fixtures.js';

/** A file from a header (object or raw text) and data bytes, header padded to 8 like ours. */
function craft(header: unknown, data: Uint8Array = new Uint8Array(0), lengthOverride?: number): Uint8Array {
  const text = typeof header === 'string' ? header : JSON.stringify(header);
  const json = new TextEncoder().encode(text);
  const padded = Math.ceil(json.length / 8) * 8;
  const out = new Uint8Array(8 + padded + data.length);
  new DataView(out.buffer).setUint32(0, lengthOverride ?? padded, true);
  out.set(json, 8);
  out.fill(0x20, 8 + json.length, 8 + padded);
  out.set(data, 8 + padded);
  return out;
}

const bytesOf = (values: number[]) => new Uint8Array(new Float32Array(values).buffer);

/** Asserts an E_WEIGHTS error whose message matches every pattern. */
function rejects(bytes: Uint8Array, ...patterns: RegExp[]): void {
  assert.throws(
    () => parseSafetensors(bytes),
    (error: unknown) => {
      assert.ok(error instanceof PixelCNNPPError, `expected PixelCNNPPError, got ${String(error)}`);
      assert.equal(error.code, 'E_WEIGHTS');
      for (const pattern of patterns) assert.match(error.message, pattern);
      return true;
    },
  );
}

const a = { dtype: 'F32', shape: [2], data_offsets: [0, 8] };
const b = { dtype: 'F32', shape: [1, 1], data_offsets: [8, 12] };
const data12 = bytesOf([1, 2, 3]);

describe('safetensors', () => {
  for (const name of ['tiny-rgb', 'tiny-gray'] as FixtureName[]) {
    it(`${name}: parses all 171 tensors as float32 and serialises back byte for byte`, async () => {
      const { weights } = await loadFixture(name);
      const file = parseSafetensors(weights);
      assert.equal(file.tensors.size, 171);
      assert.equal(file.metadata.format, 'pt');
      assert.equal(JSON.parse(file.metadata.config!).nr_resnet, 1);
      const v = file.tensors.get('u_init.conv.weight_v')!;
      assert.equal(v.dtype, 'F32');
      assert.equal(v.data.length, v.shape.reduce((x, y) => x * y, 1));
      const again = serializeSafetensors(file.tensors, file.metadata);
      assert.equal(again.length, weights.length);
      assert.ok(again.every((byte, i) => byte === weights[i]), 'serialize(parse(file)) differs from file');
    });
  }

  it('views aligned F32 data in place and copies unaligned data', async () => {
    const { weights } = await loadFixture('tiny-rgb');
    const aligned = new Uint8Array(weights.length + 4);
    aligned.set(weights, 4);
    const inPlace = parseSafetensors(aligned.subarray(4)).tensors.get('nin_out.lin_a.bias')!.data;
    assert.equal(inPlace.buffer, aligned.buffer);
    const shifted = new Uint8Array(weights.length + 1);
    shifted.set(weights, 1);
    const copied = parseSafetensors(shifted.subarray(1)).tensors.get('nin_out.lin_a.bias')!.data;
    assert.notEqual(copied.buffer, shifted.buffer);
    assert.deepEqual(copied, inPlace);
  });

  it('accepts an ArrayBuffer, zero-size tensors and files without metadata', () => {
    const file = parseSafetensors(craft({ a, b, e: { dtype: 'F32', shape: [0, 3], data_offsets: [12, 12] } }, data12).slice().buffer);
    assert.deepEqual([...file.tensors.keys()], ['a', 'b', 'e']);
    assert.deepEqual(Array.from(file.tensors.get('a')!.data), [1, 2]);
    assert.deepEqual(file.tensors.get('b')!.shape, [1, 1]);
    assert.equal(file.tensors.get('e')!.data.length, 0);
    assert.deepEqual(file.metadata, {});
  });

  it('converts F16, BF16 and F64 to float32', () => {
    const f16 = new Uint8Array(new Uint16Array([0x3c00, 0xc000, 0x7bff, 0x0001, 0x7c00, 0x3555]).buffer);
    const bf16 = new Uint8Array(new Uint16Array([0x3f80, 0xc040]).buffer);
    const f64 = new Uint8Array(new Float64Array([0.1, -1e300]).buffer);
    const data = new Uint8Array(16 + 12 + 4);
    data.set(f64, 0);
    data.set(f16, 16);
    data.set(bf16, 28);
    const file = parseSafetensors(
      craft(
        {
          d: { dtype: 'F64', shape: [2], data_offsets: [0, 16] },
          h: { dtype: 'F16', shape: [2, 3], data_offsets: [16, 28] },
          bf: { dtype: 'BF16', shape: [2], data_offsets: [28, 32] },
        },
        data,
      ),
    );
    assert.deepEqual(Array.from(file.tensors.get('h')!.data), [1, -2, 65504, 2 ** -24, Infinity, Math.fround(0.333251953125)]);
    assert.deepEqual(Array.from(file.tensors.get('bf')!.data), [1, -3]);
    assert.deepEqual(Array.from(file.tensors.get('d')!.data), [Math.fround(0.1), -Infinity]);
    assert.equal(file.tensors.get('h')!.dtype, 'F16');
  });

  describe('rejects malformed files, naming the problem', () => {
    it('truncated before the header length', () => rejects(new Uint8Array(5), /5 bytes/, /truncated/));
    it('header length larger than the file', () => rejects(craft({ a, b }, data12, 4096), /header length 4096/, /truncated/));
    it('header length above the limit', () => {
      const bytes = craft({ a, b }, data12);
      new DataView(bytes.buffer).setUint32(4, 1, true); // 2^32 + n
      rejects(bytes, new RegExp(`${MAX_HEADER_BYTES}-byte limit`));
    });
    it('header that is not JSON', () => rejects(craft('{"a": [1, 2', data12), /not valid UTF-8 JSON/));
    it('header that is not UTF-8', () => {
      const bytes = craft('{"a":"  "}');
      bytes[14] = 0xff;
      rejects(bytes, /not valid UTF-8 JSON/);
    });
    it('header that is not an object', () => rejects(craft('[1, 2]'), /must be a JSON object/));
    it('entry that is not an object', () => rejects(craft({ a: 3 }), /tensor 'a': header entry is not an object/));
    it('missing dtype', () => rejects(craft({ a: { shape: [2], data_offsets: [0, 8] } }, data12), /tensor 'a'.*dtype/));
    it('bad shape', () => rejects(craft({ a: { ...a, shape: [2, -1] } }, data12), /tensor 'a'.*'shape'/));
    it('bad data_offsets', () => rejects(craft({ a: { ...a, data_offsets: [0] } }, data12), /tensor 'a'.*'data_offsets'/));
    it('offsets that end before they begin', () => rejects(craft({ a: { ...a, data_offsets: [8, 0] } }, data12), /tensor 'a'.*end before/));
    it('unsupported dtype', () =>
      rejects(craft({ a: { ...a, dtype: 'I64', data_offsets: [0, 16] } }, bytesOf([0, 0, 0, 0])), /tensor 'a': unsupported dtype 'I64'/));
    it('dtype/shape that do not match the byte size', () =>
      rejects(craft({ a: { ...a, shape: [3] }, b }, data12), /tensor 'a': shape \[3\] of F32 needs 12 bytes.*hold 8/));
    it('offsets past the end of the data (truncated data)', () =>
      rejects(craft({ a, b }, data12.subarray(0, 10)), /tensor 'b'.*\[8, 12\] run past the end of the data section \(10 bytes\)/));
    it('overlapping tensors', () =>
      rejects(craft({ a, b: { ...b, data_offsets: [4, 8] }, c: { ...b, data_offsets: [8, 12] } }, data12), /tensor 'b'.*overlap tensor 'a'/));
    it('a gap between tensors', () =>
      rejects(craft({ a: { ...a, shape: [1], data_offsets: [0, 4] }, b }, data12), /tensor 'b'.*unused/));
    it('data not covered by any tensor', () => rejects(craft({ a }, data12), /cover 8 bytes of the 12-byte data section/));
    it('metadata that is not string to string', () =>
      rejects(craft({ a, b, __metadata__: { format: 'pt', n: 3 } }, data12), /__metadata__ 'n' must be a string/));
    it('metadata that is not an object', () => rejects(craft({ a, b, __metadata__: 'pt' }, data12), /__metadata__ must be an object/));
  });

  it('serialises in name order with metadata last and an 8-byte aligned data section', () => {
    const bytes = serializeSafetensors(
      { z: { shape: [1], data: new Float32Array([5]) }, '10': { shape: [2], data: new Float32Array([1, 2]) } },
      { format: 'pt' },
    );
    const n = new DataView(bytes.buffer).getUint32(0, true);
    assert.equal((8 + n) % 8, 0);
    const header = new TextDecoder().decode(bytes.subarray(8, 8 + n));
    assert.equal(
      header.trimEnd(),
      '{"10":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"z":{"dtype":"F32","shape":[1],"data_offsets":[8,12]},"__metadata__":{"format":"pt"}}',
    );
    const file = parseSafetensors(bytes);
    assert.deepEqual(Array.from(file.tensors.get('z')!.data), [5]);
  });

  it('refuses to serialise malformed tensors', () => {
    assert.throws(() => serializeSafetensors({ a: { shape: [3], data: new Float32Array(2) } }), /tensors\['a'\]: shape \[3\] has 3 elements, data has 2/);
    assert.throws(() => serializeSafetensors({ a: { shape: [2], data: [1, 2] as unknown as Float32Array } }), TypeError);
    assert.throws(() => serializeSafetensors({ a: { shape: [2], data: new Float32Array(2) } }, { n: 3 as unknown as string }), TypeError);
  });

  it('writes F16 in half the data bytes, rounded to nearest, and reads it back as float32', async () => {
    const { tensors } = parseSafetensors((await loadFixture('tiny-rgb')).weights);
    const f32 = serializeSafetensors(tensors);
    const f16 = serializeSafetensors(tensors, {}, { dtype: 'F16' });
    const dataBytes = (file: Uint8Array) => file.byteLength - 8 - new DataView(file.buffer, file.byteOffset).getUint32(0, true);
    assert.equal(dataBytes(f16) * 2, dataBytes(f32));
    const back = parseSafetensors(f16);
    for (const [name, tensor] of tensors) {
      const got = back.tensors.get(name)!;
      assert.equal(got.dtype, 'F16');
      assert.deepEqual(got.shape, tensor.shape);
      tensor.data.forEach((x, i) => assert.equal(got.data[i], halfToFloat(floatToHalf(x)), `${name}[${i}]`));
    }
    assert.throws(
      () => serializeSafetensors({ w: { shape: [2], data: new Float32Array([1, 70000]) } }, {}, { dtype: 'F16' }),
      /tensors\['w'\]\.data\[1\] = 70000 is outside the float16 range/,
    );
    assert.throws(() => serializeSafetensors(tensors, {}, { dtype: 'F64' as 'F32' }), RangeError);
  });

  it("tells a file's size from its first bytes", async () => {
    const file = (await loadFixture('tiny-gray')).weights;
    const n = new DataView(file.buffer, file.byteOffset).getUint32(0, true);
    assert.equal(safetensorsFileSize(file.subarray(0, 7)), undefined);
    assert.equal(safetensorsFileSize(file.subarray(0, 8 + n - 1)), undefined);
    assert.equal(safetensorsFileSize(file.subarray(0, 8 + n)), file.byteLength);
    assert.equal(safetensorsFileSize(file.subarray(0, 8 + n), n - 1), null);
    assert.equal(safetensorsFileSize(new TextEncoder().encode('PK\x03\x04 not a header at all')), null);
  });
});
