/**
 * Class labels as every method takes them: a number for all images, or one per image (an
 * array or typed array). Checked once here, so each method names what it was given the same way.
 */

/** A class label for every image, or one label per image. */
export type LabelInput = number | ArrayLike<number>;

/**
 * The labels of a call on `count` images as `Int32Array(count)`, or `undefined` where none were
 * given (what that means is the caller's: a marginal likelihood, classes drawn in turn...).
 * Throws a `TypeError` for labels given to an unconditional model or in a form that is neither a
 * number nor a list, and a `RangeError` for a wrong count or a label outside `[0, numClasses - 1]`.
 */
export function checkLabels(labels: unknown, count: number, numClasses: number, name = 'labels'): Int32Array | undefined {
  if (labels === undefined) return undefined;
  if (numClasses === 0) {
    throw new TypeError(`${name}: this model is unconditional (numClasses 0); pass no labels, got ${describe(labels)}.`);
  }
  const out = new Int32Array(count);
  if (typeof labels === 'number') {
    checkLabel(labels, numClasses, name);
    return out.fill(labels);
  }
  if (!isList(labels)) {
    throw new TypeError(`${name}: expected a class label (an integer in [0, ${numClasses - 1}]) or one per image, got ${describe(labels)}.`);
  }
  if (labels.length !== count) {
    throw new RangeError(`${name}: expected one label for all images or ${count} (one per image), got ${labels.length}.`);
  }
  for (let i = 0; i < count; i++) out[i] = checkLabel(labels[i], numClasses, `${name}[${i}]`);
  return out;
}

/** `checkLabels` for calls that need a class for every image of a class-conditional model. */
export function requireLabels(labels: unknown, count: number, numClasses: number, name = 'labels'): Int32Array | undefined {
  const checked = checkLabels(labels, count, numClasses, name);
  if (checked === undefined && numClasses > 0) {
    throw new TypeError(`${name}: this model is class-conditional (${numClasses} classes); pass a label for all images or one per image.`);
  }
  return checked;
}

/** Labels 0, 1, ..., K-1, 0, 1, ... by image index: what `sample` draws when given none. */
export function cyclicLabels(count: number, numClasses: number, startIndex = 0): Int32Array {
  return Int32Array.from({ length: count }, (_, i) => (startIndex + i) % numClasses);
}

function checkLabel(label: unknown, numClasses: number, name: string): number {
  if (typeof label !== 'number' || !Number.isInteger(label) || label < 0 || label >= numClasses) {
    throw new RangeError(`${name}: expected an integer in [0, ${numClasses - 1}], got ${describe(label)}.`);
  }
  return label;
}

function isList(value: unknown): value is ArrayLike<unknown> {
  return Array.isArray(value) || (ArrayBuffer.isView(value) && !(value instanceof DataView));
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (ArrayBuffer.isView(value)) return `a ${value.constructor.name}`;
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 20 ? `${value.slice(0, 20)}...` : value)}`;
  if (typeof value === 'object') return 'an object';
  return String(value);
}
