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
export declare function checkLabels(labels: unknown, count: number, numClasses: number, name?: string): Int32Array | undefined;
/** `checkLabels` for calls that need a class for every image of a class-conditional model. */
export declare function requireLabels(labels: unknown, count: number, numClasses: number, name?: string): Int32Array | undefined;
/** Labels 0, 1, ..., K-1, 0, 1, ... by image index: what `sample` draws when given none. */
export declare function cyclicLabels(count: number, numClasses: number, startIndex?: number): Int32Array;
