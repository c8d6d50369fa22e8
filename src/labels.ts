/** Class labels as callers give them, checked against a model's classes. */

/**
 * One label per image as an `Int32Array`, or undefined for an unconditional model (which takes
 * none). Throws a `TypeError`/`RangeError` naming what is wrong.
 */
export function checkLabels(labels: ArrayLike<number> | undefined, n: number, numClasses: number): Int32Array | undefined {
  if (numClasses === 0) {
    if (labels !== undefined) throw new TypeError('labels: this model is unconditional (numClasses 0); pass no labels.');
    return undefined;
  }
  if (labels === undefined || labels === null) {
    throw new TypeError(`labels: this model is class-conditional (${numClasses} classes); pass one label per image.`);
  }
  if (labels.length !== n) throw new RangeError(`labels: expected ${n} labels (one per image), got ${labels.length}.`);
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const label = labels[i]!;
    if (!Number.isInteger(label) || label < 0 || label >= numClasses) {
      throw new RangeError(`labels[${i}]: expected an integer in [0, ${numClasses - 1}], got ${label}.`);
    }
    out[i] = label;
  }
  return out;
}
