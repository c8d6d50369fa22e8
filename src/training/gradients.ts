/**
 * Gradients of the kernels that training runs through.
 *
 * `@tensorflow/tfjs-core` ships its gradient functions only as loose ES modules with
 * extension-less imports (`dist/register_all_gradients.js`), which Node cannot load, and none
 * of its bundles registers them. So we register our own, for exactly the kernels that the
 * network, weight normalisation and the mixture loss use. A gradient registered before us (by
 * `@tensorflow/tfjs`, say) is left in place. Fused convolutions and matrix products, `logSoftmax`
 * and `logSigmoid` carry their own gradients in tfjs-core and need nothing here.
 */
import * as tf from '@tensorflow/tfjs-core';

type Saved = tf.Tensor[];
type Attrs = tf.NamedAttrMap;
type GradFunc = (dy: tf.Tensor | tf.Tensor[], saved: Saved, attrs: Attrs) => Record<string, () => tf.Tensor>;

/** Sums `dy` over the axes along which `shape` was broadcast to produce it. */
function unbroadcast(dy: tf.Tensor, shape: readonly number[]): tf.Tensor {
  const axes = tf.backend_util.getReductionAxes(shape as number[], dy.shape);
  const reduced = axes.length > 0 ? tf.sum(dy, axes) : dy;
  return tf.reshape(reduced, shape as number[]);
}

const elementwise = (grad: (dy: tf.Tensor, saved: Saved) => tf.Tensor): GradFunc => (dy, saved) => ({
  x: () => grad(dy as tf.Tensor, saved),
});

/** `[kernelName, inputsToSave, outputsToSave, gradFunc]`. */
const GRADIENTS: ReadonlyArray<[string, string[], boolean[], GradFunc]> = [
  ['Add', ['a', 'b'], [], (dy, [a, b]) => ({ a: () => unbroadcast(dy as tf.Tensor, a!.shape), b: () => unbroadcast(dy as tf.Tensor, b!.shape) })],
  ['Sub', ['a', 'b'], [], (dy, [a, b]) => ({ a: () => unbroadcast(dy as tf.Tensor, a!.shape), b: () => unbroadcast(tf.neg(dy as tf.Tensor), b!.shape) })],
  ['Multiply', ['a', 'b'], [], (dy, [a, b]) => ({
    a: () => unbroadcast(tf.mul(dy as tf.Tensor, b!), a!.shape),
    b: () => unbroadcast(tf.mul(dy as tf.Tensor, a!), b!.shape),
  })],
  ['RealDiv', ['a', 'b'], [], (dy, [a, b]) => ({
    a: () => unbroadcast(tf.div(dy as tf.Tensor, b!), a!.shape),
    b: () => unbroadcast(tf.neg(tf.div(tf.mul(dy as tf.Tensor, a!), tf.square(b!))), b!.shape),
  })],
  ['Maximum', ['a', 'b'], [], (dy, [a, b]) => ({
    a: () => unbroadcast(tf.mul(dy as tf.Tensor, tf.cast(tf.greaterEqual(a!, b!), 'float32')), a!.shape),
    b: () => unbroadcast(tf.mul(dy as tf.Tensor, tf.cast(tf.less(a!, b!), 'float32')), b!.shape),
  })],
  ['Neg', [], [], elementwise((dy) => tf.neg(dy))],
  ['Square', ['x'], [], elementwise((dy, [x]) => tf.mul(dy, tf.mul(x!, 2)))],
  ['Sqrt', [], [true], elementwise((dy, [y]) => tf.div(dy, tf.mul(y!, 2)))],
  ['Exp', [], [true], elementwise((dy, [y]) => tf.mul(dy, y!))],
  ['Expm1', ['x'], [], elementwise((dy, [x]) => tf.mul(dy, tf.exp(x!)))],
  ['Log', ['x'], [], elementwise((dy, [x]) => tf.div(dy, x!))],
  ['Softplus', ['x'], [], elementwise((dy, [x]) => tf.mul(dy, tf.sigmoid(x!)))],
  ['Sigmoid', [], [true], elementwise((dy, [y]) => tf.mul(dy, tf.mul(y!, tf.sub(1, y!))))],
  ['Tanh', [], [true], elementwise((dy, [y]) => tf.mul(dy, tf.sub(1, tf.square(y!))))],
  // elu'(x) = 1 for x > 0, e^x = y + 1 otherwise.
  ['Elu', [], [true], elementwise((dy, [y]) =>
    tf.getKernel('EluGrad', tf.getBackend()) !== undefined
      ? (tf.engine().runKernel('EluGrad', { dy, y: y! }) as tf.Tensor)
      : tf.where(tf.greater(y!, 0), dy, tf.mul(dy, tf.add(y!, 1))))],
  // Comparisons are flat: no gradient flows through the masks they make.
  ...(['Greater', 'GreaterEqual', 'Less', 'LessEqual', 'Equal'] as const).map(
    (name): [string, string[], boolean[], GradFunc] => [name, ['a', 'b'], [], (_dy, [a, b]) => ({ a: () => tf.zerosLike(a!), b: () => tf.zerosLike(b!) })],
  ),
  ['Identity', [], [], elementwise((dy) => dy)],
  ['Cast', [], [], elementwise((dy) => dy)],
  ['Reshape', ['x'], [], (dy, [x]) => ({ x: () => tf.reshape(dy as tf.Tensor, x!.shape) })],
  ['Transpose', [], [], (dy, _saved, attrs) => {
    const perm = attrs['perm'] as number[];
    const inverse = perm.map((_, i) => perm.indexOf(i));
    return { x: () => tf.transpose(dy as tf.Tensor, inverse) };
  }],
  ['Sum', ['x'], [], (dy, [x], attrs) => ({
    x: () => {
      const axes = tf.util.parseAxisParam(attrs['axis'] as number | number[], x!.shape);
      const kept = x!.shape.map((d, i) => (axes.includes(i) ? 1 : d));
      return tf.mul(tf.reshape(dy as tf.Tensor, kept), tf.onesLike(x!));
    },
  })],
  // The gradient goes to every position that attains the maximum (as tfjs does).
  ['Max', ['x'], [true], (dy, [x, y], attrs) => ({
    x: () => {
      const axes = tf.util.parseAxisParam(attrs['reductionIndices'] as number | number[], x!.shape);
      const kept = x!.shape.map((d, i) => (axes.includes(i) ? 1 : d));
      const hit = tf.cast(tf.equal(x!, tf.reshape(y!, kept)), 'float32');
      return tf.mul(hit, tf.reshape(dy as tf.Tensor, kept));
    },
  })],
  ['Select', ['condition'], [], (dy, [condition]) => ({
    condition: () => tf.zeros(condition!.shape),
    t: () => tf.mul(dy as tf.Tensor, tf.cast(condition!, 'float32')),
    e: () => tf.mul(dy as tf.Tensor, tf.cast(tf.logicalNot(condition!), 'float32')),
  })],
  ['Slice', ['x'], [], (dy, [x], attrs) => {
    const [begin, size] = tf.slice_util.parseSliceParams(x!, attrs['begin'] as number[], attrs['size'] as number[]);
    const paddings = x!.shape.map((d, i) => [begin[i]!, d - begin[i]! - size[i]!] as [number, number]);
    return { x: () => tf.pad(dy as tf.Tensor, paddings) };
  }],
  ['PadV2', ['x'], [], (dy, [x], attrs) => {
    const begin = (attrs['paddings'] as Array<[number, number]>).map((p) => p[0]);
    return { x: () => tf.slice(dy as tf.Tensor, begin, x!.shape) };
  }],
  ['Concat', ['*'], [], (dy, saved, attrs) => {
    const axis = tf.util.parseAxisParam(attrs['axis'] as number, saved[0]!.shape)[0]!;
    const parts = tf.split(dy as tf.Tensor, saved.map((t) => t.shape[axis]!), axis);
    return Object.fromEntries(parts.map((p, i) => [String(i), () => p]));
  }],
  ['SplitV', [], [], (dy, _saved, attrs) => ({ x: () => tf.concat(dy as tf.Tensor[], attrs['axis'] as number) })],
  // Row lookup along axis 0 (class embeddings): scatter rows back with a one-hot product.
  ['GatherV2', ['x', 'indices'], [], (dy, [x, indices], attrs) => ({
    x: () => {
      if ((attrs['axis'] as number) !== 0 || indices!.rank !== 1) throw new Error('GatherV2 gradient: only axis 0 with 1-D indices is supported.');
      const rows = x!.shape[0]!;
      const oneHot = tf.oneHot(tf.cast(indices!, 'int32') as tf.Tensor1D, rows, 1, 0, 'float32');
      const flat = tf.reshape(dy as tf.Tensor, [indices!.shape[0]!, -1]);
      return tf.reshape(tf.matMul(oneHot, flat, true, false), x!.shape);
    },
    indices: () => tf.zeros(indices!.shape),
  })],
  // The transposed convolution (conv2dTranspose): its input gradient is a convolution, its
  // filter gradient a Conv2DBackpropFilter with the roles of input and output exchanged.
  ['Conv2DBackpropInput', ['dy', 'filter'], [], (grad, [dy, filter], attrs) => {
    const { strides, pad, dimRoundingMode } = attrs as unknown as {
      strides: [number, number];
      pad: 'valid' | 'same' | tf.backend_util.ExplicitPadding;
      dimRoundingMode?: 'floor' | 'round' | 'ceil';
    };
    const g = grad as tf.Tensor4D;
    return {
      dy: () => tf.conv2d(g, filter as tf.Tensor4D, strides, pad, 'NHWC', 1, dimRoundingMode),
      filter: () =>
        tf.engine().runKernel('Conv2DBackpropFilter', { x: g, dy }, {
          strides, pad, dataFormat: 'NHWC', dimRoundingMode, filterShape: filter!.shape,
        } as unknown as tf.NamedAttrMap) as tf.Tensor,
    };
  }],
];

let registered = false;

/** Registers the gradients above (once per process; existing registrations win). */
export function registerTrainingGradients(): void {
  if (registered) return;
  registered = true;
  for (const [kernelName, inputsToSave, outputsToSave, gradFunc] of GRADIENTS) {
    if (tf.getGradient(kernelName) !== undefined) continue;
    tf.registerGradient({
      kernelName,
      // '*': the kernel's inputs are an unnamed list (Concat); save them all.
      ...(inputsToSave[0] === '*' ? { saveAllInputs: true } : inputsToSave.length > 0 ? { inputsToSave } : {}),
      ...(outputsToSave.length > 0 ? { outputsToSave } : {}),
      gradFunc: gradFunc as unknown as tf.GradFunc,
    });
  }
}
