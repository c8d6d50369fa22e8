/** The dtypes that can be read (all converted to float32). F32 and F16 are written. */
export type SafetensorsDtype = 'F32' | 'F16' | 'BF16' | 'F64';
/** A float32 tensor, row-major. */
export interface Float32TensorData {
    readonly shape: readonly number[];
    readonly data: Float32Array;
}
/** A tensor as read from a file; `dtype` is the one stored there (`data` is float32 whatever it was). */
export interface SafetensorsTensor extends Float32TensorData {
    readonly dtype: SafetensorsDtype;
}
export interface SafetensorsFile {
    /** Tensors in the order of their names. */
    readonly tensors: Map<string, SafetensorsTensor>;
    /** `__metadata__`, `{}` when the file has none. */
    readonly metadata: Record<string, string>;
}
/** The reference implementation refuses headers above 100 MB; so do we, before decoding them. */
export declare const MAX_HEADER_BYTES = 100000000;
/**
 * Parses a safetensors file. The returned F32 arrays may be views into `bytes`: keep `bytes`
 * unchanged while they are in use. Throws `PixelCNNPPError('E_WEIGHTS')` naming the tensor and
 * the problem.
 */
export declare function parseSafetensors(bytes: ArrayBuffer | Uint8Array): SafetensorsFile;
export interface SerializeOptions {
    /**
     * How the values are stored: `'F32'` exactly, or `'F16'` (IEEE half precision, rounded to
     * nearest, ties to even) in half the bytes. A finite value outside float16's range
     * (|x| > 65504) is a `RangeError` rather than an infinity. @defaultValue 'F32'
     */
    dtype?: 'F32' | 'F16';
}
/**
 * Writes float32 tensors as safetensors: tensors in name order, data in the same order,
 * `__metadata__` last (omitted when empty), the header padded with spaces so the data section
 * starts at a multiple of 8. Throws `TypeError`/`RangeError` naming a malformed tensor.
 */
export declare function serializeSafetensors(tensors: ReadonlyMap<string, Float32TensorData> | Readonly<Record<string, Float32TensorData>>, metadata?: Readonly<Record<string, string>>, options?: SerializeOptions): Uint8Array;
/**
 * The size of a whole safetensors file, told by its first bytes: the 8-byte length, the header,
 * and the data section up to the largest `data_offsets` end the header declares. `undefined`
 * while `head` is too short to tell, `null` when the bytes are not a safetensors header (or the
 * header is longer than `maxHeaderBytes`, when the caller would rather not wait for it).
 */
export declare function safetensorsFileSize(head: Uint8Array, maxHeaderBytes?: number): number | null | undefined;
