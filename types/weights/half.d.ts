/**
 * IEEE 754 half precision (float16) and bfloat16 to and from float32, bit-exact: decoding is
 * exact, encoding rounds to nearest, ties to even, as PyTorch's `tensor.half()` and numpy do.
 */
/** The float32 value of float16 bits. Exact (every float16 is a float32). */
export declare function halfToFloat(h: number): number;
/**
 * The float16 bits nearest to a float32 value (ties to even). Finite values beyond the float16
 * range (|x| >= 65520) become infinities: callers that must not lose a value check with
 * `isFinite(halfToFloat(bits))`.
 */
export declare function floatToHalf(x: number): number;
/** The float32 value of bfloat16 bits (the upper half of a float32). Exact. */
export declare function bfloat16ToFloat(b: number): number;
