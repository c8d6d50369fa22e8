export interface ZipEntry {
    readonly name: string;
    /** 0 stored, 8 deflated. */
    readonly method: number;
    readonly compressedSize: number;
    readonly size: number;
    readonly localHeaderOffset: number;
}
/** `true` when `bytes` start with a zip local file header. */
export declare function isZip(bytes: Uint8Array): boolean;
export declare class ZipArchive {
    private readonly bytes;
    private readonly view;
    private readonly entries;
    private constructor();
    /** Reads the central directory of the archive in `bytes`. */
    static open(bytes: Uint8Array): ZipArchive;
    /** Entry names in directory order. */
    names(): string[];
    entry(name: string): ZipEntry | undefined;
    /**
     * The bytes of an entry: a view into the archive when stored, a new array when deflated.
     * Throws `E_WEIGHTS` for a missing entry, an unsupported compression method, or data that run
     * past the archive or inflate to another size than the directory says.
     */
    read(name: string): Promise<Uint8Array>;
    private rawData;
}
