/** Class labels as callers give them, checked against a model's classes. */
/**
 * One label per image as an `Int32Array`, or undefined for an unconditional model (which takes
 * none). Throws a `TypeError`/`RangeError` naming what is wrong.
 */
export declare function checkLabels(labels: ArrayLike<number> | undefined, n: number, numClasses: number): Int32Array | undefined;
