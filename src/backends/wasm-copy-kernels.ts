/**
 * `Concat` and `Slice` for tfjs-backend-wasm that copy within the backend's heap without
 * allocating. Its own (4.22) copy row by row with `out.set(in.subarray(...))` in JavaScript,
 * one allocation per row: at this network's shapes (tens of thousands of rows of 32 to 320
 * floats) that costs more than an elementwise op over the whole tensor, and concat_elu and the
 * gate's split run them in every block, forward and backward. These move the same floats with
 * `copyWithin` on the heap, so outputs are identical; other dtypes, one-input concats and
 * contiguous slices go to the backend's own kernels. `SplitV` is rebuilt on the new `Slice`.
 */
import * as tf from '@tensorflow/tfjs-core';

/** The parts of tfjs-backend-wasm's `BackendWasm` these kernels use. */
interface WasmBackendInternals {
  dataIdMap: { get(dataId: tf.DataId): { memoryOffset: number } };
  wasm: { HEAPF32: Float32Array };
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
}

type KernelArgs = Parameters<tf.KernelFunc>[0];

/** Index of a float32 tensor's first element in `HEAPF32`. */
function heapIndex(backend: WasmBackendInternals, t: tf.TensorInfo): number {
  return backend.dataIdMap.get(t.dataId).memoryOffset / 4;
}

function concat(args: KernelArgs): tf.TensorInfo | undefined {
  const inputs = (args.inputs as unknown as tf.TensorInfo[]).filter((t) => tf.util.sizeFromShape(t.shape) > 0);
  if (inputs.length < 2 || inputs.some((t) => t.dtype !== 'float32')) return undefined;
  const backend = args.backend as unknown as WasmBackendInternals;
  const axis = tf.util.parseAxisParam(args.attrs!['axis'] as number, inputs[0]!.shape)[0]!;
  const outShape = tf.backend_util.computeOutShape(inputs.map((t) => t.shape), axis);
  const out = backend.makeOutput(outShape, 'float32');
  // Rows: everything before the axis; each input contributes `inner` contiguous floats per row.
  const rows = tf.util.sizeFromShape(outShape.slice(0, axis));
  const inner = inputs.map((t) => tf.util.sizeFromShape(t.shape.slice(axis)));
  const rowLength = inner.reduce((a, b) => a + b, 0);
  const heap = backend.wasm.HEAPF32; // after makeOutput, which may have grown the memory
  const outStart = heapIndex(backend, out);
  let column = 0;
  inputs.forEach((t, i) => {
    const length = inner[i]!;
    let source = heapIndex(backend, t);
    let target = outStart + column;
    for (let r = 0; r < rows; r++, source += length, target += rowLength) heap.copyWithin(target, source, source + length);
    column += length;
  });
  return out;
}

function slice(args: KernelArgs): tf.TensorInfo | undefined {
  const x = (args.inputs as { x: tf.TensorInfo }).x;
  if (x.dtype !== 'float32') return undefined;
  const [begin, size] = tf.slice_util.parseSliceParams(x as tf.Tensor, args.attrs!['begin'] as number[], args.attrs!['size'] as number[]);
  if (tf.slice_util.isSliceContinous(x.shape, begin, size) || tf.util.sizeFromShape(size) === 0) return undefined;
  const backend = args.backend as unknown as WasmBackendInternals;
  const out = backend.makeOutput(size, 'float32');
  const heap = backend.wasm.HEAPF32;
  const strides = tf.util.computeStrides(x.shape);
  const rank = x.shape.length;
  const run = size[rank - 1]!;
  // Walk the output's leading indices like an odometer, copying one innermost run per position.
  const index = begin.slice(0, rank - 1);
  const source0 = heapIndex(backend, x) + begin[rank - 1]!;
  const runs = tf.util.sizeFromShape(size.slice(0, rank - 1));
  let target = heapIndex(backend, out);
  for (let r = 0; r < runs; r++, target += run) {
    let source = source0;
    for (let d = 0; d < rank - 1; d++) source += index[d]! * strides[d]!;
    heap.copyWithin(target, source, source + run);
    for (let d = rank - 2; d >= 0; d--) {
      if (++index[d]! < begin[d]! + size[d]!) break;
      index[d] = begin[d]!;
    }
  }
  return out;
}

/** Each part as a slice: tfjs-backend-wasm's SplitV calls its own Slice directly, not the registry. */
function splitV(args: KernelArgs, sliceKernel: tf.KernelFunc): tf.TensorInfo[] | undefined {
  const x = (args.inputs as { x: tf.TensorInfo }).x;
  if (x.dtype !== 'float32') return undefined;
  const axis = tf.util.parseAxisParam(args.attrs!['axis'] as number, x.shape)[0]!;
  const sizes = tf.backend_util.prepareSplitSize(x as tf.Tensor, args.attrs!['numOrSizeSplits'] as number[] | number, axis);
  const begin = new Array<number>(x.shape.length).fill(0);
  return sizes.map((part) => {
    const size = [...x.shape];
    size[axis] = part;
    const attrs = { begin: [...begin], size } as unknown as tf.NamedAttrMap;
    begin[axis]! += part;
    return sliceKernel({ inputs: { x }, backend: args.backend, attrs }) as tf.TensorInfo;
  });
}

let installed = false;

/**
 * Puts these kernels in front of tfjs-backend-wasm's `Concat` and `Slice` (which still serve
 * the cases above). Call once the wasm backend's kernels are registered.
 */
export function installWasmCopyKernels(): void {
  if (installed) return;
  installed = true;
  const replace = (name: string, fast: (args: KernelArgs, original: tf.KernelFunc) => tf.TensorInfo | tf.TensorInfo[] | undefined) => {
    const original = tf.getKernel(name, 'wasm');
    if (original === undefined) return;
    tf.unregisterKernel(name, 'wasm');
    tf.registerKernel({ ...original, kernelFunc: (args) => fast(args, original.kernelFunc) ?? original.kernelFunc(args) });
  };
  replace('Concat', concat);
  replace('Slice', slice);
  replace('SplitV', (args) => splitV(args, tf.getKernel('Slice', 'wasm')!.kernelFunc));
}
