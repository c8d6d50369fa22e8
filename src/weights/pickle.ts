/**
 * A restricted unpickler: Python's pickle format (protocols 0-5) read as data, never as code.
 *
 * The data opcodes build plain values (numbers, strings, bytes, lists, tuples, dicts). The opcodes
 * that call something (`GLOBAL`/`STACK_GLOBAL` then `REDUCE`, `NEWOBJ`, `BUILD`) go through an
 * allow-list the caller gives: a global it does not name is refused with
 * `PixelCNNPPError('E_WEIGHTS')` naming it, before anything is built; `INST`, `OBJ`, the extension
 * registry and out-of-band buffers are refused outright. Limits on nesting, memo size and element
 * counts, and lengths checked against the bytes left, keep a hostile pickle from allocating more
 * than a small multiple of its own size.
 *
 * Values: `None` is `null`, `bool` a boolean, `int` a number (a `bigint` beyond 2^53), `float` a
 * number, `str` a string, `bytes` a `Uint8Array`, `list` an array, `tuple` a frozen array, `dict`
 * a `Map`, and an allowed global whatever its `call` returns.
 */
import { PixelCNNPPError } from '../errors.js';

export type PickleValue =
  | null
  | boolean
  | number
  | bigint
  | string
  | Uint8Array
  | PickleValue[]
  | Map<PickleValue, PickleValue>
  | PickleObject;

/** A value made by an allowed global (a tensor, a storage type, ...). */
export interface PickleObject {
  readonly pickleType: string;
}

/** What an allowed global may do in a pickle. */
export interface PickleGlobal {
  /** `REDUCE`/`NEWOBJ`: called with the argument tuple's items. Absent: calling it is refused. */
  call?(args: readonly PickleValue[]): PickleValue;
  /** What the global stands for where the pickle uses it as data (a type tag). Absent: that is refused. */
  value?: PickleObject;
}

export interface UnpickleLimits {
  /** Containers inside containers. @defaultValue 100 */
  maxDepth: number;
  /** Distinct memo entries. @defaultValue 1_000_000 */
  maxMemo: number;
  /** Items put into containers, all together. @defaultValue 10_000_000 */
  maxElements: number;
  /** Open marks at once. @defaultValue 100 */
  maxMarks: number;
}

export interface UnpickleOptions {
  /** The allowed globals, by `'module.name'`; any other global is refused. */
  globals: ReadonlyMap<string, PickleGlobal>;
  /** Resolves persistent ids (`PERSID`/`BINPERSID`); without it they are refused. */
  persistentLoad?: (pid: PickleValue) => PickleValue;
  limits?: Partial<UnpickleLimits>;
  /** Names the pickle in error messages, e.g. `'archive/data.pkl'`. */
  name?: string;
  /** Says what is allowed, in the message refusing a global. @defaultValue the allowed names */
  allowedDescription?: string;
  /** A sentence added to the message refusing the global `module.name`, if it has one to say. */
  refusalHint?: (module: string, name: string) => string | undefined;
}

export interface UnpickleResult {
  value: PickleValue;
  /** The offset just after the `STOP` opcode (several pickles may follow one another). */
  end: number;
}

export const DEFAULT_UNPICKLE_LIMITS: Readonly<UnpickleLimits> = Object.freeze({
  maxDepth: 100,
  maxMemo: 1_000_000,
  maxElements: 10_000_000,
  maxMarks: 100,
});

/** Opcodes, by their byte. */
const OP = Object.freeze({
  MARK: 0x28, // (
  STOP: 0x2e, // .
  POP: 0x30, // 0
  POP_MARK: 0x31, // 1
  DUP: 0x32, // 2
  FLOAT: 0x46, // F
  INT: 0x49, // I
  BININT: 0x4a, // J
  BININT1: 0x4b, // K
  LONG: 0x4c, // L
  BININT2: 0x4d, // M
  NONE: 0x4e, // N
  PERSID: 0x50, // P
  BINPERSID: 0x51, // Q
  REDUCE: 0x52, // R
  STRING: 0x53, // S
  BINSTRING: 0x54, // T
  SHORT_BINSTRING: 0x55, // U
  UNICODE: 0x56, // V
  BINUNICODE: 0x58, // X
  APPEND: 0x61, // a
  BUILD: 0x62, // b
  GLOBAL: 0x63, // c
  DICT: 0x64, // d
  EMPTY_DICT: 0x7d, // }
  APPENDS: 0x65, // e
  GET: 0x67, // g
  BINGET: 0x68, // h
  INST: 0x69, // i
  LONG_BINGET: 0x6a, // j
  LIST: 0x6c, // l
  EMPTY_LIST: 0x5d, // ]
  OBJ: 0x6f, // o
  PUT: 0x70, // p
  BINPUT: 0x71, // q
  LONG_BINPUT: 0x72, // r
  SETITEM: 0x73, // s
  TUPLE: 0x74, // t
  EMPTY_TUPLE: 0x29, // )
  SETITEMS: 0x75, // u
  BINFLOAT: 0x47, // G
  BINBYTES: 0x42, // B
  SHORT_BINBYTES: 0x43, // C
  PROTO: 0x80,
  NEWOBJ: 0x81,
  EXT1: 0x82,
  EXT2: 0x83,
  EXT4: 0x84,
  TUPLE1: 0x85,
  TUPLE2: 0x86,
  TUPLE3: 0x87,
  NEWTRUE: 0x88,
  NEWFALSE: 0x89,
  LONG1: 0x8a,
  LONG4: 0x8b,
  SHORT_BINUNICODE: 0x8c,
  BINUNICODE8: 0x8d,
  BINBYTES8: 0x8e,
  EMPTY_SET: 0x8f,
  ADDITEMS: 0x90,
  FROZENSET: 0x91,
  NEWOBJ_EX: 0x92,
  STACK_GLOBAL: 0x93,
  MEMOIZE: 0x94,
  FRAME: 0x95,
  BYTEARRAY8: 0x96,
  NEXT_BUFFER: 0x97,
  READONLY_BUFFER: 0x98,
});

/** Longest `LONG1`/`LONG4`/`LONG` integer read, in bytes: enough for any real field, too short to cost time. */
const MAX_LONG_BYTES = 64;

const MARK = Symbol('mark');
type StackItem = PickleValue | typeof MARK | GlobalRef;

/** A global named by the pickle and found in the allow-list, waiting to be called. */
class GlobalRef {
  constructor(
    readonly qualifiedName: string,
    readonly global: PickleGlobal,
  ) {}
}

const utf8 = new TextDecoder('utf-8', { fatal: true });
const latin1 = new TextDecoder('latin1');

/** Reads one pickle from `bytes` at `offset`. */
export function unpickle(bytes: Uint8Array, offset: number, options: UnpickleOptions): UnpickleResult {
  return new Unpickler(bytes, offset, options).run();
}

class Unpickler {
  private readonly view: DataView;
  private position: number;
  private stack: StackItem[] = [];
  private readonly marks: StackItem[][] = [];
  private readonly memo = new Map<number, StackItem>();
  private readonly depth = new WeakMap<object, number>();
  private elements = 0;
  private readonly limits: UnpickleLimits;
  private readonly label: string;

  constructor(
    private readonly bytes: Uint8Array,
    offset: number,
    private readonly options: UnpickleOptions,
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.position = offset;
    this.limits = { ...DEFAULT_UNPICKLE_LIMITS, ...options.limits };
    this.label = options.name ?? 'pickle';
  }

  private fail(message: string): never {
    throw new PixelCNNPPError('E_WEIGHTS', `${this.label}: ${message}`);
  }

  run(): UnpickleResult {
    for (;;) {
      if (this.position >= this.bytes.byteLength) this.fail('ends before its STOP opcode; the file is truncated.');
      const at = this.position;
      const op = this.bytes[this.position++]!;
      if (op === OP.STOP) {
        if (this.stack.length !== 1 || this.marks.length !== 0) this.fail(`STOP at byte ${at} with ${this.stack.length} values on the stack.`);
        const value = this.stack[0]!;
        if (value === MARK || value instanceof GlobalRef) this.fail(`STOP at byte ${at} leaves a ${value === MARK ? 'mark' : 'global'}, not a value.`);
        return { value, end: this.position };
      }
      this.step(op, at);
    }
  }

  private step(op: number, at: number): void {
    switch (op) {
      case OP.PROTO: {
        const protocol = this.u8();
        if (protocol > 5) this.fail(`pickle protocol ${protocol} is not supported (0-5 are).`);
        return;
      }
      case OP.FRAME:
        this.take(8);
        return;
      case OP.MARK:
        if (this.marks.length >= this.limits.maxMarks) this.fail(`more than ${this.limits.maxMarks} nested marks; refusing a pickle nested this deep.`);
        this.marks.push(this.stack);
        this.stack = [];
        return;
      case OP.POP:
        if (this.stack.length > 0) this.stack.pop();
        else this.popMark();
        return;
      case OP.POP_MARK:
        this.popMark();
        return;
      case OP.DUP:
        this.push(this.top());
        return;

      case OP.NONE:
        return this.push(null);
      case OP.NEWTRUE:
        return this.push(true);
      case OP.NEWFALSE:
        return this.push(false);
      case OP.BININT:
        return this.push(this.view.getInt32(this.advance(4), true));
      case OP.BININT1:
        return this.push(this.u8());
      case OP.BININT2:
        return this.push(this.view.getUint16(this.advance(2), true));
      case OP.LONG1:
        return this.push(this.littleEndianInt(this.u8()));
      case OP.LONG4: {
        const n = this.view.getInt32(this.advance(4), true);
        if (n < 0) this.fail(`negative LONG4 length at byte ${at}.`);
        return this.push(this.littleEndianInt(n));
      }
      case OP.INT: {
        const text = this.line();
        if (text === '01' || text === '00') return this.push(text === '01');
        return this.push(this.decimal(text, at));
      }
      case OP.LONG:
        return this.push(this.decimal(this.line().replace(/L$/, ''), at));
      case OP.BINFLOAT:
        return this.push(this.view.getFloat64(this.advance(8), false));
      case OP.FLOAT: {
        const value = Number(this.line());
        if (Number.isNaN(value)) this.fail(`malformed FLOAT at byte ${at}.`);
        return this.push(value);
      }

      case OP.SHORT_BINUNICODE:
        return this.push(this.text(this.u8(), utf8));
      case OP.BINUNICODE:
        return this.push(this.text(this.view.getUint32(this.advance(4), true), utf8));
      case OP.BINUNICODE8:
        return this.push(this.text(this.u64(), utf8));
      case OP.UNICODE:
        return this.push(this.rawUnicodeEscape(this.line()));
      // Python 2 `str`: bytes, read as latin-1 text (what `encoding='latin1'` gives torch.load).
      case OP.SHORT_BINSTRING:
        return this.push(this.text(this.u8(), latin1));
      case OP.BINSTRING: {
        const n = this.view.getInt32(this.advance(4), true);
        if (n < 0) this.fail(`negative BINSTRING length at byte ${at}.`);
        return this.push(this.text(n, latin1));
      }
      case OP.STRING:
        return this.push(this.quoted(this.line(), at));
      case OP.SHORT_BINBYTES:
        return this.push(this.take(this.u8()).slice());
      case OP.BINBYTES:
        return this.push(this.take(this.view.getUint32(this.advance(4), true)).slice());
      case OP.BINBYTES8:
      case OP.BYTEARRAY8:
        return this.push(this.take(this.u64()).slice());

      case OP.EMPTY_LIST:
        return this.push([]);
      case OP.EMPTY_TUPLE:
        return this.push(this.tuple([]));
      case OP.EMPTY_DICT:
        return this.push(new Map());
      case OP.EMPTY_SET:
        return this.push([]);
      case OP.LIST:
        return this.push(this.container([], this.popMark()));
      case OP.TUPLE:
        return this.push(this.tuple(this.popMark()));
      case OP.FROZENSET:
        return this.push(this.tuple(this.popMark()));
      case OP.TUPLE1:
        return this.push(this.tuple(this.popValues(1)));
      case OP.TUPLE2:
        return this.push(this.tuple(this.popValues(2)));
      case OP.TUPLE3:
        return this.push(this.tuple(this.popValues(3)));
      case OP.DICT: {
        const items = this.popMark();
        return this.push(this.setItems(new Map(), items, at));
      }
      case OP.APPEND: {
        const value = this.popValue();
        this.append(this.topList(at), [value]);
        return;
      }
      case OP.APPENDS:
      case OP.ADDITEMS: {
        const values = this.popMark();
        this.append(this.topList(at), values);
        return;
      }
      case OP.SETITEM: {
        const value = this.popValue();
        const key = this.popValue();
        this.setItems(this.topDict(at), [key, value], at);
        return;
      }
      case OP.SETITEMS: {
        const items = this.popMark();
        this.setItems(this.topDict(at), items, at);
        return;
      }

      case OP.PUT:
        return this.put(this.decimalIndex(this.line(), at));
      case OP.BINPUT:
        return this.put(this.u8());
      case OP.LONG_BINPUT:
        return this.put(this.view.getUint32(this.advance(4), true));
      case OP.MEMOIZE:
        return this.put(this.memo.size);
      case OP.GET:
        return this.get(this.decimalIndex(this.line(), at), at);
      case OP.BINGET:
        return this.get(this.u8(), at);
      case OP.LONG_BINGET:
        return this.get(this.view.getUint32(this.advance(4), true), at);

      case OP.GLOBAL: {
        const module = this.line();
        const name = this.line();
        return this.push(this.findGlobal(module, name));
      }
      case OP.STACK_GLOBAL: {
        const name = this.popValue();
        const module = this.popValue();
        if (typeof module !== 'string' || typeof name !== 'string') this.fail(`STACK_GLOBAL at byte ${at} without a module and name.`);
        return this.push(this.findGlobal(module, name));
      }
      case OP.REDUCE: {
        const args = this.popValue();
        const callable = this.popItem();
        return this.push(this.call(callable, args, at));
      }
      case OP.NEWOBJ: {
        const args = this.popValue();
        const cls = this.popItem();
        return this.push(this.call(cls, args, at));
      }
      case OP.NEWOBJ_EX: {
        const kwargs = this.popValue();
        const args = this.popValue();
        const cls = this.popItem();
        if (!(kwargs instanceof Map) || kwargs.size > 0) this.fail(`NEWOBJ_EX at byte ${at} with keyword arguments.`);
        return this.push(this.call(cls, args, at));
      }
      case OP.BUILD: {
        // Object state (an OrderedDict's `_metadata`, say). Plain data only; it is not applied.
        this.popValue();
        const target = this.top();
        if (target instanceof GlobalRef) this.fail(`BUILD at byte ${at} on the global '${target.qualifiedName}' itself.`);
        return;
      }
      case OP.BINPERSID:
        return this.push(this.persistent(this.popValue(), at));
      case OP.PERSID:
        return this.push(this.persistent(this.line(), at));

      case OP.INST: {
        const module = this.line();
        const name = this.line();
        this.fail(`INST of '${module}.${name}' at byte ${at}: instantiating classes is not allowed; a checkpoint is data.`);
      }
      case OP.OBJ:
        this.fail(`OBJ at byte ${at}: instantiating classes is not allowed; a checkpoint is data.`);
      case OP.EXT1:
      case OP.EXT2:
      case OP.EXT4:
        this.fail(`extension-registry opcode at byte ${at} (it names code by number); not allowed.`);
      case OP.NEXT_BUFFER:
      case OP.READONLY_BUFFER:
        this.fail(`out-of-band buffer opcode at byte ${at}; not supported.`);
      default:
        this.fail(`unknown opcode 0x${op.toString(16).padStart(2, '0')} at byte ${at}.`);
    }
  }

  // --- the byte stream -----------------------------------------------------------------------

  private advance(n: number): number {
    if (n > this.bytes.byteLength - this.position) {
      this.fail(`needs ${n} more bytes at byte ${this.position} but only ${this.bytes.byteLength - this.position} are left; the file is truncated.`);
    }
    const at = this.position;
    this.position += n;
    return at;
  }

  private take(n: number): Uint8Array {
    const at = this.advance(n);
    return this.bytes.subarray(at, at + n);
  }

  private u8(): number {
    return this.bytes[this.advance(1)]!;
  }

  private u64(): number {
    const at = this.advance(8);
    const value = this.view.getUint32(at, true) + this.view.getUint32(at + 4, true) * 2 ** 32;
    if (!Number.isSafeInteger(value)) this.fail(`length ${value} at byte ${at} is too large.`);
    return value;
  }

  /** A text-protocol argument: the bytes up to the next newline (at most 1 MB of them). */
  private line(): string {
    const limit = Math.min(this.bytes.byteLength, this.position + 1_000_000);
    const start = this.position;
    let end = start;
    while (end < limit && this.bytes[end] !== 0x0a) end++;
    if (end >= limit) this.fail(`text argument at byte ${start} has no end of line; the file is truncated or corrupt.`);
    this.position = end + 1;
    return latin1.decode(this.bytes.subarray(start, end));
  }

  private text(n: number, decoder: TextDecoder): string {
    const data = this.take(n);
    try {
      return decoder.decode(data);
    } catch {
      this.fail(`string at byte ${this.position - n} is not valid UTF-8.`);
    }
  }

  private littleEndianInt(n: number): number | bigint {
    if (n > MAX_LONG_BYTES) this.fail(`a ${n}-byte integer is longer than the ${MAX_LONG_BYTES} bytes allowed.`);
    const data = this.take(n);
    if (n === 0) return 0;
    let value = 0n;
    for (let i = n - 1; i >= 0; i--) value = (value << 8n) | BigInt(data[i]!);
    if (data[n - 1]! & 0x80) value -= 1n << BigInt(8 * n);
    return Number.isSafeInteger(Number(value)) && BigInt(Number(value)) === value ? Number(value) : value;
  }

  private decimal(text: string, at: number): number | bigint {
    if (!/^[-+]?\d+$/.test(text) || text.length > 3 * MAX_LONG_BYTES) this.fail(`malformed integer '${text.slice(0, 40)}' at byte ${at}.`);
    const value = BigInt(text);
    return Number.isSafeInteger(Number(value)) ? Number(value) : value;
  }

  private decimalIndex(text: string, at: number): number {
    const value = this.decimal(text, at);
    if (typeof value !== 'number' || value < 0) this.fail(`malformed memo index '${text}' at byte ${at}.`);
    return value;
  }

  private quoted(text: string, at: number): string {
    const quote = text[0];
    if ((quote !== "'" && quote !== '"') || text.length < 2 || text[text.length - 1] !== quote) {
      this.fail(`malformed STRING at byte ${at}.`);
    }
    return text.slice(1, -1).replace(/\\(x[0-9a-fA-F]{2}|[\\'"nrt0])/g, (_, e: string) => {
      if (e[0] === 'x') return String.fromCharCode(parseInt(e.slice(1), 16));
      return ({ n: '\n', r: '\r', t: '\t', '0': '\0' } as Record<string, string>)[e] ?? e;
    });
  }

  private rawUnicodeEscape(text: string): string {
    return text.replace(/\\u([0-9a-fA-F]{4})|\\U([0-9a-fA-F]{8})/g, (_, u4?: string, u8?: string) =>
      String.fromCodePoint(parseInt((u4 ?? u8)!, 16)),
    );
  }

  // --- the stack -----------------------------------------------------------------------------

  private push(value: StackItem): void {
    this.stack.push(value);
  }

  private top(): StackItem {
    if (this.stack.length === 0) this.fail(`stack underflow at byte ${this.position - 1}.`);
    return this.stack[this.stack.length - 1]!;
  }

  private popItem(): StackItem {
    if (this.stack.length === 0) this.fail(`stack underflow at byte ${this.position - 1}.`);
    return this.stack.pop()!;
  }

  private popValue(): PickleValue {
    return this.asValue(this.popItem());
  }

  private popValues(n: number): PickleValue[] {
    if (this.stack.length < n) this.fail(`stack underflow at byte ${this.position - 1}.`);
    const items = this.stack.splice(this.stack.length - n, n);
    return items.map((item) => this.asValue(item));
  }

  private popMark(): PickleValue[] {
    const items = this.stack;
    const previous = this.marks.pop();
    if (previous === undefined) this.fail(`no mark to pop at byte ${this.position - 1}.`);
    this.stack = previous;
    return items.map((item) => this.asValue(item));
  }

  private asValue(item: StackItem): PickleValue {
    if (item === MARK) this.fail(`a mark is used as a value at byte ${this.position - 1}.`);
    if (item instanceof GlobalRef) {
      if (item.global.value === undefined) this.fail(`the global '${item.qualifiedName}' is used as a value at byte ${this.position - 1}; it may only be called.`);
      return item.global.value;
    }
    return item;
  }

  private topList(at: number): PickleValue[] {
    const target = this.top();
    if (!Array.isArray(target) || Object.isFrozen(target)) this.fail(`append at byte ${at} to something that is not a list.`);
    return target;
  }

  private topDict(at: number): Map<PickleValue, PickleValue> {
    const target = this.top();
    if (!(target instanceof Map)) this.fail(`setitem at byte ${at} on something that is not a dict.`);
    return target;
  }

  // --- containers and limits -----------------------------------------------------------------

  private count(n: number): void {
    this.elements += n;
    if (this.elements > this.limits.maxElements) this.fail(`more than ${this.limits.maxElements} container items; refusing to build more.`);
  }

  /** Records that `children` now sit inside `parent`, refusing nesting beyond the limit. */
  private nest(parent: object, children: readonly PickleValue[]): void {
    let depth = this.depth.get(parent) ?? 1;
    for (const child of children) {
      if (typeof child === 'object' && child !== null) depth = Math.max(depth, (this.depth.get(child) ?? 1) + 1);
    }
    if (depth > this.limits.maxDepth) this.fail(`containers nested more than ${this.limits.maxDepth} deep; refusing the pickle.`);
    this.depth.set(parent, depth);
  }

  private container(list: PickleValue[], values: PickleValue[]): PickleValue[] {
    this.append(list, values);
    return list;
  }

  private append(list: PickleValue[], values: PickleValue[]): void {
    this.count(values.length);
    this.nest(list, values);
    for (const value of values) list.push(value);
  }

  private tuple(values: PickleValue[]): PickleValue[] {
    this.count(values.length);
    this.nest(values, values);
    return Object.freeze(values) as PickleValue[];
  }

  private setItems(dict: Map<PickleValue, PickleValue>, items: PickleValue[], at: number): Map<PickleValue, PickleValue> {
    if (items.length % 2 !== 0) this.fail(`odd number of items for a dict at byte ${at}.`);
    this.count(items.length / 2);
    this.nest(dict, items);
    for (let i = 0; i < items.length; i += 2) dict.set(items[i]!, items[i + 1]!);
    return dict;
  }

  private put(index: number): void {
    if (!this.memo.has(index) && this.memo.size >= this.limits.maxMemo) {
      this.fail(`more than ${this.limits.maxMemo} memo entries; refusing to keep more.`);
    }
    this.memo.set(index, this.top());
  }

  private get(index: number, at: number): void {
    const value = this.memo.get(index);
    if (value === undefined) this.fail(`memo entry ${index} read at byte ${at} was never stored.`);
    this.push(value);
  }

  // --- what calls code -----------------------------------------------------------------------

  private findGlobal(module: string, name: string): GlobalRef {
    const qualifiedName = `${module}.${name}`;
    const global = this.options.globals.get(qualifiedName);
    if (global === undefined) {
      this.fail(
        `refusing the global '${qualifiedName}': a checkpoint is read as data, and only ` +
          `${this.options.allowedDescription ?? [...this.options.globals.keys()].join(', ')} may appear in it.` +
          (this.options.refusalHint?.(module, name) ?? ''),
      );
    }
    return new GlobalRef(qualifiedName, global);
  }

  private call(callable: StackItem, args: PickleValue, at: number): PickleValue {
    if (!(callable instanceof GlobalRef)) this.fail(`REDUCE at byte ${at} calls something that is not an allowed global.`);
    if (!Array.isArray(args)) this.fail(`REDUCE at byte ${at}: the arguments of '${callable.qualifiedName}' are not a tuple.`);
    const call = callable.global.call;
    if (call === undefined) this.fail(`REDUCE at byte ${at} calls '${callable.qualifiedName}', which may not be called.`);
    try {
      return call(args);
    } catch (error) {
      if (error instanceof PixelCNNPPError) throw error;
      this.fail(`${callable.qualifiedName}: ${(error as Error).message}`);
    }
  }

  private persistent(pid: PickleValue, at: number): PickleValue {
    if (this.options.persistentLoad === undefined) this.fail(`persistent id at byte ${at}, but this pickle may not have any.`);
    return this.options.persistentLoad(pid);
  }
}
