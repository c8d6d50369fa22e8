/**
 * PyTorch checkpoints (`torch.save(model.state_dict(), path)`) read without Python, in both of
 * PyTorch's formats:
 *
 * - zip (PyTorch >= 1.6): `<archive>/data.pkl` is the pickled object, whose tensors name their
 *   storages by key; each storage's bytes are the entry `<archive>/data/<key>`;
 *   `<archive>/byteorder` says their byte order (little when absent).
 * - legacy (`_use_new_zipfile_serialization=False`, and every file from before 1.6): five pickles
 *   and raw data in a row: a magic number, the protocol version (1001), the writer's system info
 *   (byte order), the object, the list of storage keys; then, for each key in that order, its
 *   element count (8 bytes) and its elements.
 *
 * The pickles are read by a restricted unpickler (`pickle.ts`) that knows only what a state dict
 * is made of: `collections.OrderedDict`, `torch._utils._rebuild_tensor_v2` (and its older and
 * `Parameter` forms) and the `torch.*Storage` types (also `torch.cuda.*`, for files saved from a
 * GPU). Anything else is refused with `E_WEIGHTS` naming it: a checkpoint is data, never code.
 *
 * Tensors may be views (a storage offset, any strides: each is copied out element by element in
 * row-major order) and float32, float16, bfloat16 or float64 (all become float32). Contiguous
 * float32 tensors whose bytes are 4-byte aligned (`torch.save` aligns its zip entries to 64) are
 * viewed in place, as safetensors F32 data are. The state dict may be the whole object or under
 * `'state_dict'` (`'model_state_dict'`, `'model'`) of a dict that holds more (epoch, optimizer
 * state: their tensors are never read); keys prefixed `module.` (`nn.DataParallel`) lose it.
 */
import { PixelCNNPPError } from '../errors.js';
import { bfloat16ToFloat, halfToFloat } from './half.js';
import type { PickleGlobal, PickleObject, PickleValue } from './pickle.js';
import { unpickle } from './pickle.js';
import type { SafetensorsFile, SafetensorsTensor } from './safetensors.js';
import { ZipArchive, isZip } from './zip.js';

/** The legacy format's first pickle: `0x1950a86a20f9469cfc6c`, as protocol-2 `LONG1`. */
const LEGACY_MAGIC = Object.freeze([0x8a, 0x0a, 0x6c, 0xfc, 0x9c, 0x46, 0xf9, 0x20, 0x6a, 0xa8, 0x50, 0x19]);
const LEGACY_PROTOCOL_VERSION = 1001;

/** Dict keys under which training scripts keep the model's state dict next to other things. */
const STATE_DICT_KEYS = Object.freeze(['state_dict', 'model_state_dict', 'model']);
const DATA_PARALLEL_PREFIX = 'module.';

type TorchDtype = 'float32' | 'float16' | 'bfloat16' | 'float64' | 'int64' | 'int32' | 'int16' | 'int8' | 'uint8' | 'bool';

const STORAGE_DTYPES: Readonly<Record<string, TorchDtype>> = Object.freeze({
  FloatStorage: 'float32',
  HalfStorage: 'float16',
  BFloat16Storage: 'bfloat16',
  DoubleStorage: 'float64',
  LongStorage: 'int64',
  IntStorage: 'int32',
  ShortStorage: 'int16',
  CharStorage: 'int8',
  ByteStorage: 'uint8',
  BoolStorage: 'bool',
});

const ELEMENT_BYTES: Readonly<Record<TorchDtype, number>> = Object.freeze({
  float32: 4,
  float16: 2,
  bfloat16: 2,
  float64: 8,
  int64: 8,
  int32: 4,
  int16: 2,
  int8: 1,
  uint8: 1,
  bool: 1,
});

const SAFETENSORS_DTYPE: Partial<Record<TorchDtype, SafetensorsTensor['dtype']>> = {
  float32: 'F32',
  float16: 'F16',
  bfloat16: 'BF16',
  float64: 'F64',
};

/** The most elements one tensor may have (1 GiB of float32). */
const MAX_TENSOR_ELEMENTS = 2 ** 28;

const LITTLE_ENDIAN_PLATFORM = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function fail(message: string): never {
  throw new PixelCNNPPError('E_WEIGHTS', `PyTorch checkpoint: ${message}`);
}

class StorageType implements PickleObject {
  readonly pickleType = 'storage-type';
  constructor(readonly dtype: TorchDtype) {}
}

/** A storage as `torch.save` wrote it; `data` is filled once the file's layout is known. */
class RootStorage {
  data: Uint8Array | undefined;
  constructor(
    readonly key: string,
    readonly dtype: TorchDtype,
    readonly numel: number,
  ) {}
}

/** A storage, or (legacy format) a view `[elementOffset, elementOffset + numel)` of one. */
class Storage implements PickleObject {
  readonly pickleType = 'storage';
  constructor(
    readonly root: RootStorage,
    readonly elementOffset: number,
    readonly numel: number,
  ) {}
}

class TensorRef implements PickleObject {
  readonly pickleType = 'tensor';
  constructor(
    readonly storage: Storage,
    readonly offset: number,
    readonly size: readonly number[],
    readonly stride: readonly number[],
  ) {}
}

const isCount = (x: unknown): x is number => typeof x === 'number' && Number.isSafeInteger(x) && x >= 0;

function countList(value: PickleValue, what: string): number[] {
  if (!Array.isArray(value) || !value.every(isCount)) throw new Error(`${what} is not a tuple of non-negative integers.`);
  return value as number[];
}

function rebuildTensor([storage, offset, size, stride]: readonly PickleValue[]): TensorRef {
  if (!(storage instanceof Storage)) throw new Error('the first argument is not a storage.');
  if (!isCount(offset)) throw new Error('the storage offset is not a non-negative integer.');
  const shape = countList(size!, 'the size');
  const strides = countList(stride!, 'the stride');
  if (shape.length !== strides.length) throw new Error(`size [${shape.join(', ')}] and stride [${strides.join(', ')}] differ in length.`);
  return new TensorRef(storage, offset, shape, strides);
}

/** The globals a state dict is made of; each builds inert data. */
function allowedGlobals(): Map<string, PickleGlobal> {
  const globals = new Map<string, PickleGlobal>();
  globals.set('collections.OrderedDict', {
    call: (args) => {
      const dict = new Map<PickleValue, PickleValue>();
      // Python 2 pickles an OrderedDict as a call with its [key, value] pairs.
      const pairs = args[0];
      if (Array.isArray(pairs)) {
        for (const pair of pairs) {
          if (!Array.isArray(pair) || pair.length !== 2) throw new Error('expects [key, value] pairs.');
          dict.set(pair[0]!, pair[1]!);
        }
      }
      return dict;
    },
  });
  globals.set('torch._utils._rebuild_tensor_v2', { call: rebuildTensor });
  globals.set('torch._utils._rebuild_tensor', { call: rebuildTensor });
  globals.set('torch._utils._rebuild_parameter', {
    call: ([data]) => {
      if (!(data instanceof TensorRef)) throw new Error('the parameter data is not a tensor.');
      return data;
    },
  });
  // Storage types are never called: persistent ids carry them as type tags.
  for (const [name, dtype] of Object.entries(STORAGE_DTYPES)) {
    const type = { value: new StorageType(dtype) };
    globals.set(`torch.${name}`, type);
    globals.set(`torch.cuda.${name}`, type);
  }
  return globals;
}

/** `true` when `bytes` start like a PyTorch checkpoint: a zip archive, or the legacy format's magic number. */
export function isPyTorchCheckpoint(bytes: Uint8Array): boolean {
  if (isZip(bytes)) return true;
  if (bytes[0] !== 0x80 || !(bytes[1]! >= 2 && bytes[1]! <= 5)) return false;
  // Right after PROTO, or (protocol 4 and up, `torch.save(..., pickle_protocol=4)`) after a 9-byte FRAME.
  return [2, 11].some((at) => LEGACY_MAGIC.every((b, i) => bytes[at + i] === b));
}

/**
 * Reads the state dict of a PyTorch checkpoint as float32 tensors, in the shape
 * `parseSafetensors` gives (`metadata` is empty: a `.pth` file holds no config; infer it from the
 * tensors with `inferConfig`). Throws `PixelCNNPPError('E_WEIGHTS')` naming what is wrong.
 */
export async function readPyTorchCheckpoint(bytes: Uint8Array): Promise<SafetensorsFile> {
  if (!(bytes instanceof Uint8Array)) throw new TypeError(`bytes: expected a Uint8Array, got ${typeof bytes}.`);
  const { root, littleEndian } = isZip(bytes) ? await readZipFormat(bytes) : readLegacyFormat(bytes);
  const stateDict = findStateDict(root);
  const tensors = new Map<string, SafetensorsTensor>();
  // A hostile file may describe tensors much larger than their storages (stride 0): never build
  // more float32 values than the file has bytes, which no real checkpoint comes near.
  const budget = { elements: bytes.byteLength + 2 ** 20 };
  for (const [name, tensor] of [...stateDict].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    tensors.set(name, materialise(name, tensor, littleEndian, budget));
  }
  return { tensors, metadata: {} };
}

interface Unpickled {
  root: PickleValue;
  storages: Map<string, RootStorage>;
  littleEndian: boolean;
}

/** Persistent ids name storages: `('storage', type, key, location, numel[, view metadata])`. */
function storageLoader(storages: Map<string, RootStorage>, format: 'zip' | 'legacy') {
  return (pid: PickleValue): Storage => {
    if (!Array.isArray(pid) || pid[0] !== 'storage') fail(`unknown persistent id ${describe(pid)}; only storages are expected.`);
    const [, type, key, , numel, view] = pid;
    const storageType = type instanceof StorageType ? type : undefined;
    if (storageType === undefined) fail(`persistent id ${describe(pid)} does not name a torch storage type.`);
    if (typeof key !== 'string' || !isCount(numel)) fail(`malformed storage id ${describe(pid)}.`);
    let root = storages.get(key);
    if (root === undefined) {
      root = new RootStorage(key, storageType.dtype, numel);
      storages.set(key, root);
    } else if (root.dtype !== storageType.dtype || root.numel !== numel) {
      fail(`storage '${key}' is described twice, as ${root.numel} ${root.dtype} and as ${numel} ${storageType.dtype}.`);
    }
    if (format === 'legacy' && Array.isArray(view)) {
      const [, offset, size] = view;
      if (!isCount(offset) || !isCount(size) || offset + size > numel) {
        fail(`storage view ${describe(view)} of storage '${key}' (${numel} elements) is out of range.`);
      }
      return new Storage(root, offset, size);
    }
    return new Storage(root, 0, numel);
  };
}

function unpickleOptions(storages: Map<string, RootStorage>, format: 'zip' | 'legacy', name: string) {
  return {
    globals: allowedGlobals(),
    persistentLoad: storageLoader(storages, format),
    name: `PyTorch checkpoint ${name}`,
    allowedDescription: 'collections.OrderedDict, torch._utils._rebuild_tensor_v2 (_rebuild_tensor, _rebuild_parameter) and the torch.*Storage types',
    refusalHint: (module: string, name: string) =>
      module === '__main__' || /^[A-Z]/.test(name)
        ? ` It looks like a class: torch.save(model) pickles the model itself; save model.state_dict() instead.`
        : undefined,
  };
}

async function readZipFormat(bytes: Uint8Array): Promise<Unpickled> {
  const archive = ZipArchive.open(bytes);
  const pickles = archive.names().filter((name) => /^[^/]+\/data\.pkl$/.test(name));
  if (pickles.length !== 1) {
    fail(
      pickles.length === 0
        ? `the zip archive has no '<name>/data.pkl' entry (entries: ${archive.names().slice(0, 8).join(', ')}); it is not a torch.save file.`
        : `the zip archive has ${pickles.length} data.pkl entries (${pickles.join(', ')}).`,
    );
  }
  const prefix = pickles[0]!.slice(0, -'data.pkl'.length);
  const byteorder = archive.entry(`${prefix}byteorder`) ? new TextDecoder().decode(await archive.read(`${prefix}byteorder`)).trim() : 'little';
  if (byteorder !== 'little' && byteorder !== 'big') fail(`unknown byte order '${byteorder}' in ${prefix}byteorder.`);
  const storages = new Map<string, RootStorage>();
  const data = await archive.read(`${prefix}data.pkl`);
  const { value, end } = unpickle(data, 0, unpickleOptions(storages, 'zip', `${prefix}data.pkl`));
  if (end !== data.byteLength) fail(`${prefix}data.pkl has ${data.byteLength - end} bytes after its pickle.`);
  for (const storage of storages.values()) {
    const entry = `${prefix}data/${storage.key}`;
    if (archive.entry(entry) === undefined) fail(`storage '${storage.key}' has no entry '${entry}' in the archive.`);
    const stored = await archive.read(entry);
    const needed = storage.numel * ELEMENT_BYTES[storage.dtype];
    if (stored.byteLength < needed) {
      fail(`storage '${storage.key}' holds ${stored.byteLength} bytes, but ${storage.numel} ${storage.dtype} elements need ${needed}.`);
    }
    storage.data = stored.subarray(0, needed);
  }
  return { root: value, storages, littleEndian: byteorder === 'little' };
}

function readLegacyFormat(bytes: Uint8Array): Unpickled {
  const storages = new Map<string, RootStorage>();
  const plain = { globals: new Map<string, PickleGlobal>(), name: 'PyTorch checkpoint (legacy header)' };
  const magic = unpickle(bytes, 0, plain);
  if (magic.value !== 0x1950a86a20f9469cfc6cn) fail('not a legacy checkpoint (wrong magic number).');
  const protocol = unpickle(bytes, magic.end, plain);
  if (protocol.value !== LEGACY_PROTOCOL_VERSION) fail(`legacy protocol version ${describe(protocol.value)}; only ${LEGACY_PROTOCOL_VERSION} is known.`);
  const systemInfo = unpickle(bytes, protocol.end, plain);
  const littleEndian = systemInfo.value instanceof Map ? systemInfo.value.get('little_endian') !== false : true;
  const object = unpickle(bytes, systemInfo.end, unpickleOptions(storages, 'legacy', '(legacy format)'));
  const keys = unpickle(bytes, object.end, { ...plain, name: 'PyTorch checkpoint (legacy storage list)' });
  if (!Array.isArray(keys.value) || !keys.value.every((k) => typeof k === 'string')) fail('the legacy storage list is not a list of keys.');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let offset = keys.end;
  for (const key of keys.value as string[]) {
    const storage = storages.get(key);
    if (storage === undefined) fail(`storage '${key}' is listed but no tensor refers to it, so its element type is unknown.`);
    if (offset + 8 > bytes.byteLength) fail(`storage '${key}' starts past the end of the file (byte ${offset}); the file is truncated.`);
    const low = view.getUint32(offset, littleEndian);
    const high = view.getUint32(offset + 4, littleEndian);
    const numel = littleEndian ? low + high * 2 ** 32 : high + low * 2 ** 32;
    if (numel !== storage.numel) fail(`storage '${key}' holds ${numel} elements, but its tensors say ${storage.numel}.`);
    const length = numel * ELEMENT_BYTES[storage.dtype];
    if (offset + 8 + length > bytes.byteLength) {
      fail(`storage '${key}' (${length} bytes at byte ${offset + 8}) runs past the end of the file (${bytes.byteLength} bytes); the file is truncated.`);
    }
    storage.data = bytes.subarray(offset + 8, offset + 8 + length);
    offset += 8 + length;
  }
  return { root: object.value, storages, littleEndian };
}

function isTensorDict(value: PickleValue): value is Map<PickleValue, PickleValue> {
  return value instanceof Map && value.size > 0 && [...value.values()].every((v) => v instanceof TensorRef);
}

/** The state dict: the object itself, or under one of `STATE_DICT_KEYS`; `module.` prefixes removed. */
function findStateDict(root: PickleValue): Map<string, TensorRef> {
  let dict: Map<PickleValue, PickleValue> | undefined;
  if (isTensorDict(root)) dict = root;
  else if (root instanceof Map) {
    for (const key of STATE_DICT_KEYS) {
      const inner = root.get(key);
      if (inner !== undefined && isTensorDict(inner)) {
        dict = inner;
        break;
      }
    }
  }
  if (dict === undefined) {
    const found = root instanceof Map ? `a dict with keys ${[...root.keys()].slice(0, 10).map(describe).join(', ')}` : describe(root);
    fail(`expected a state dict (a dict of tensors), or a dict holding one under ${STATE_DICT_KEYS.map((k) => `'${k}'`).join(', ')}; found ${found}.`);
  }
  const names = [...dict.keys()];
  const bad = names.find((name) => typeof name !== 'string');
  if (bad !== undefined) fail(`state dict key ${describe(bad)} is not a string.`);
  const strip = (names as string[]).every((name) => name.startsWith(DATA_PARALLEL_PREFIX));
  const out = new Map<string, TensorRef>();
  for (const [name, tensor] of dict as Map<string, TensorRef>) out.set(strip ? name.slice(DATA_PARALLEL_PREFIX.length) : name, tensor);
  return out;
}

/** A tensor's values in row-major order, as float32. */
function materialise(name: string, tensor: TensorRef, littleEndian: boolean, budget: { elements: number }): SafetensorsTensor {
  const { storage, offset, size, stride } = tensor;
  const { root } = storage;
  const dtype = SAFETENSORS_DTYPE[root.dtype];
  if (dtype === undefined) fail(`tensor '${name}' is ${root.dtype}; only float tensors (float32, float16, bfloat16, float64) are read.`);
  const shape = `[${size.join(', ')}]`;
  let count = 1;
  for (const d of size) count *= d;
  if (count > MAX_TENSOR_ELEMENTS) fail(`tensor '${name}' of shape ${shape} has more than ${MAX_TENSOR_ELEMENTS} elements.`);
  if (count > 0) {
    let last = offset;
    for (let i = 0; i < size.length; i++) last += (size[i]! - 1) * stride[i]!;
    if (last >= storage.numel) {
      fail(
        `tensor '${name}' (shape ${shape}, offset ${offset}, stride [${stride.join(', ')}]) reaches element ${last} ` +
          `of storage '${root.key}', which has ${storage.numel}.`,
      );
    }
  }
  budget.elements -= count;
  if (budget.elements < 0) fail(`tensor '${name}' would take the values read past the file's own size; its strides repeat storage elements.`);
  const bytes = root.data;
  if (bytes === undefined) fail(`storage '${root.key}' of tensor '${name}' has no data in the file.`);

  const start = storage.elementOffset + offset;
  const elementBytes = ELEMENT_BYTES[root.dtype];
  if (isContiguous(size, stride) && root.dtype === 'float32' && littleEndian === LITTLE_ENDIAN_PLATFORM) {
    const at = bytes.byteOffset + start * 4;
    if (at % 4 === 0) return { dtype, shape: [...size], data: new Float32Array(bytes.buffer, at, count) };
    const copy = new Float32Array(count);
    new Uint8Array(copy.buffer).set(bytes.subarray(start * 4, (start + count) * 4));
    return { dtype, shape: [...size], data: copy };
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const read = elementReader(root.dtype, view, littleEndian);
  const out = new Float32Array(count);
  if (count === 0) return { dtype, shape: [...size], data: out };
  // Walk the index space in row-major order (an odometer over the dims), following the strides.
  const rank = size.length;
  const index = new Array<number>(rank).fill(0);
  let element = start;
  for (let i = 0; i < count; i++) {
    out[i] = read(element * elementBytes);
    for (let d = rank - 1; d >= 0; d--) {
      if (++index[d]! < size[d]!) {
        element += stride[d]!;
        break;
      }
      element -= (size[d]! - 1) * stride[d]!;
      index[d] = 0;
    }
  }
  return { dtype, shape: [...size], data: out };
}

function isContiguous(size: readonly number[], stride: readonly number[]): boolean {
  let expected = 1;
  for (let d = size.length - 1; d >= 0; d--) {
    if (size[d] !== 1 && stride[d] !== expected) return false;
    expected *= size[d]!;
  }
  return true;
}

function elementReader(dtype: TorchDtype, view: DataView, littleEndian: boolean): (at: number) => number {
  switch (dtype) {
    case 'float32':
      return (at) => view.getFloat32(at, littleEndian);
    case 'float64':
      return (at) => view.getFloat64(at, littleEndian);
    case 'float16':
      return (at) => halfToFloat(view.getUint16(at, littleEndian));
    case 'bfloat16':
      return (at) => bfloat16ToFloat(view.getUint16(at, littleEndian));
    default:
      return fail(`no float reader for ${dtype}.`);
  }
}

function describe(value: PickleValue | undefined): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}...` : value);
  if (value === null || value === undefined || typeof value !== 'object') return String(value);
  if (value instanceof Map) return `a dict of ${value.size}`;
  if (Array.isArray(value)) return `(${value.slice(0, 6).map(describe).join(', ')}${value.length > 6 ? ', ...' : ''})`;
  if (value instanceof Uint8Array) return `${value.byteLength} bytes`;
  return `a ${(value as PickleObject).pickleType}`;
}
