// The restricted unpickler on hand-written pickles: the data opcodes of protocols 0-5, globals
// only through the allow-list, and the limits that keep a hostile pickle small.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { PixelCNNPPError } from '../../../src/errors.js';
import type { PickleGlobal, PickleValue, UnpickleOptions } from '../../../src/weights/pickle.js';
import { unpickle } from '../../../src/weights/pickle.js';

/** Bytes from a mix of strings (latin-1) and byte arrays. */
function bytes(...parts: Array<string | number[]>): Uint8Array {
  const out: number[] = [];
  for (const part of parts) {
    if (typeof part === 'string') for (const c of part) out.push(c.charCodeAt(0));
    else out.push(...part);
  }
  return new Uint8Array(out);
}

const u32 = (n: number) => [n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, (n >>> 24) & 0xff];
const binunicode = (s: string) => {
  const utf8 = [...new TextEncoder().encode(s)];
  return ['X'.charCodeAt(0), ...u32(utf8.length), ...utf8];
};

const plain: UnpickleOptions = { globals: new Map() };
const load = (data: Uint8Array, options: UnpickleOptions = plain) => unpickle(data, 0, options).value;

function rejects(fn: () => unknown, pattern: RegExp): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof PixelCNNPPError, `expected a PixelCNNPPError, got ${String(e)}`);
    assert.equal(e.code, 'E_WEIGHTS');
    assert.match(e.message, pattern);
    return true;
  });
}

describe('restricted unpickler', () => {
  it('reads the binary data opcodes (protocol 2)', () => {
    // {'a': [1, -2, 300, 70000, 1.5, None, True, False, 'é', b'xy', (1,), ()], 'big': 2**70}
    const data = bytes(
      [0x80, 2], '}', 'q', [0], '(', binunicode('a'), ']', '(',
      'K', [1], 'J', u32(-2 >>> 0), 'M', [0x2c, 0x01], 'J', u32(70000),
      'G', [0x3f, 0xf8, 0, 0, 0, 0, 0, 0], 'N', [0x88], [0x89], binunicode('é'),
      'C', [2], 'xy', 'K', [1], [0x85], ')', 'e',
      [0x8c, 3], 'big', [0x8a, 9, 0, 0, 0, 0, 0, 0, 0, 0, 0x40], 'u.',
    );
    const value = load(data) as Map<string, PickleValue>;
    assert.ok(value instanceof Map);
    const list = value.get('a') as PickleValue[];
    assert.deepEqual(list.slice(0, 9), [1, -2, 300, 70000, 1.5, null, true, false, 'é']);
    assert.deepEqual([...(list[9] as Uint8Array)], [0x78, 0x79]);
    assert.deepEqual(list[10], [1]);
    assert.ok(Object.isFrozen(list[10]), 'tuples are frozen');
    assert.deepEqual(list[11], []);
    assert.equal(value.get('big'), 2n ** 70n);
  });

  it('reads the text opcodes of protocol 0 (Python 2 files)', () => {
    // (dp0\nS'k'\np1\n(lp2\nI5\naL-7L\naF0.25\naI01\naVcaf\\u00e9\nas.
    const data = bytes("(dp0\nS'k'\np1\n(lp2\nI5\naL-7L\naF0.25\naI01\naVcaf\\u00e9\naS'it\\'s'\nas.");
    const value = load(data) as Map<string, PickleValue>;
    assert.deepEqual(value.get('k'), [5, -7, 0.25, true, 'café', "it's"]);
  });

  it('shares memoised values (BINPUT/BINGET, MEMOIZE) and reads protocol 4 framing', () => {
    const data = bytes([0x80, 4, 0x95], [9, 0, 0, 0, 0, 0, 0, 0], ']', [0x94], 'h', [0], [0x86], '.');
    const [a, b] = load(data) as PickleValue[][];
    assert.equal(a, b);
  });

  it('calls only allowed globals, with their arguments', () => {
    const calls: PickleValue[][] = [];
    const globals = new Map<string, PickleGlobal>([
      ['collections.OrderedDict', { call: (args) => (calls.push([...args]), new Map()) }],
      ['torch.FloatStorage', { value: { pickleType: 'storage-type' } }],
    ]);
    const data = bytes([0x80, 2], 'ccollections\nOrderedDict\n', 'K', [7], [0x85], 'R', 'ctorch\nFloatStorage\n', [0x86], '.');
    const [dict, tag] = load(data, { globals }) as PickleValue[];
    assert.ok(dict instanceof Map);
    assert.deepEqual(calls, [[7]]);
    assert.deepEqual(tag, { pickleType: 'storage-type' });
    // A type tag may not be called, a callable not used as data.
    rejects(() => load(bytes([0x80, 2], 'ctorch\nFloatStorage\n)R.'), { globals }), /may not be called/);
    rejects(() => load(bytes([0x80, 2], 'ccollections\nOrderedDict\n', [0x85], '.'), { globals }), /used as a value/);
  });

  it('refuses any other global before calling anything, naming it', () => {
    let called = false;
    const globals = new Map<string, PickleGlobal>([['collections.OrderedDict', { call: () => ((called = true), new Map()) }]]);
    const cases: Array<[Uint8Array, RegExp]> = [
      [bytes([0x80, 2], "cos\nsystem\nX", u32(2), "ls", [0x85], 'R.'), /refusing the global 'os\.system'/],
      [bytes([0x80, 2], "cposix\nsystem\n(S'ls'\ntR."), /'posix\.system'/],
      [bytes([0x80, 4], [0x8c, 8], 'builtins', [0x8c, 4], 'eval', [0x93], ')R.'), /'builtins\.eval'/],
      [bytes("(S'ls'\nios\nsystem\n."), /INST of 'os\.system'/],
      [bytes([0x80, 2], 'ccollections\nOrderedDict\n(o.'), /OBJ .*not allowed/],
      [bytes([0x80, 2, 0x82, 1], '.'), /extension-registry/],
      [bytes([0x80, 5, 0x97], '.'), /out-of-band/],
      [bytes('K', [1], 'Q.'), /persistent id/],
      [bytes([0x80, 9], '.'), /protocol 9/],
      [bytes([0xff]), /unknown opcode 0xff/],
    ];
    for (const [data, pattern] of cases) rejects(() => load(data, { globals, name: 'test.pkl' }), pattern);
    assert.equal(called, false);
  });

  it('refuses deep nesting, too many marks, memo entries and items, by limit', () => {
    const nested = (n: number) => bytes([0x80, 2], ']'.repeat(n), 'a'.repeat(n - 1), '.');
    assert.ok(Array.isArray(load(nested(50))));
    rejects(() => load(nested(101)), /nested more than 100 deep/);
    rejects(() => load(bytes([0x80, 2], '('.repeat(101), '.')), /more than 100 nested marks/);
    const memo = bytes([0x80, 2], 'N', ...Array.from({ length: 20 }, (_, i) => [0x72 /* LONG_BINPUT */, ...u32(i * 1_000_003)]), '.');
    assert.equal(load(memo), null);
    rejects(() => load(memo, { globals: new Map(), limits: { maxMemo: 10 } }), /more than 10 memo entries/);
    const many = bytes([0x80, 2], ']', '(', 'N'.repeat(50), 'e.');
    rejects(() => load(many, { globals: new Map(), limits: { maxElements: 40 } }), /more than 40 container items/);
  });

  it('refuses lengths beyond the bytes left without allocating them, and truncation anywhere', () => {
    rejects(() => load(bytes([0x80, 2], 'X', [0xff, 0xff, 0xff, 0x7f], 'ab')), /needs 2147483647 more bytes.*truncated/);
    rejects(() => load(bytes([0x80, 4, 0x8e], [0, 0, 0, 0, 0, 1, 0, 0])), /more bytes.*truncated/);
    rejects(() => load(bytes([0x80, 2, 0x8b], u32(1_000_000), [1, 2])), /longer than the 64 bytes/);
    const whole = bytes([0x80, 2], '}q', [0], '(', binunicode('key'), ']q', [1], '(K', [1], 'K', [2], 'eu.');
    assert.ok(load(whole) instanceof Map);
    for (let cut = 0; cut < whole.length; cut++) rejects(() => load(whole.subarray(0, cut)), /./);
  });

  it('throws nothing but E_WEIGHTS on corrupted pickles', () => {
    const whole = bytes([0x80, 2], '}q', [0], '(', binunicode('key'), ']q', [1], '(K', [1], 'G', [0x3f, 0xf8, 0, 0, 0, 0, 0, 0], 'eh', [1], 'u.');
    let state = 12345;
    const random = () => ((state = (Math.imul(state, 1103515245) + 12345) >>> 0) / 2 ** 32);
    for (let trial = 0; trial < 2000; trial++) {
      const data = whole.slice();
      for (let k = 0; k < 3; k++) data[Math.floor(random() * data.length)] = Math.floor(random() * 256);
      try {
        load(data);
      } catch (error) {
        assert.ok(error instanceof PixelCNNPPError && error.code === 'E_WEIGHTS', `trial ${trial}: ${String(error)}`);
      }
    }
  });

  it('reports where the pickle ends, so several can follow one another', () => {
    const data = bytes([0x80, 2], 'K', [1], '.', [0x80, 2], 'K', [2], '.');
    const first = unpickle(data, 0, plain);
    assert.deepEqual(first, { value: 1, end: 5 });
    assert.deepEqual(unpickle(data, first.end, plain), { value: 2, end: 10 });
  });
});
