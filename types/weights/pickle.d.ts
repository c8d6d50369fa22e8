export type PickleValue = null | boolean | number | bigint | string | Uint8Array | PickleValue[] | Map<PickleValue, PickleValue> | PickleObject;
/** A value made by an allowed global (a tensor, a storage type, ...). */
export interface PickleObject {
    readonly pickleType: string;
}
/** What an allowed global may do in a pickle. */
export interface PickleGlobal {
    /** `REDUCE`/`NEWOBJ`: called with the argument tuple's items. Absent: calling it is refused. */
    call?(args: readonly PickleValue[]): PickleValue;
    /** What the global stands for where the pickle uses it as data (a type tag). Absent: that is refused. */
    value?: PickleObject;
}
export interface UnpickleLimits {
    /** Containers inside containers. @defaultValue 100 */
    maxDepth: number;
    /** Distinct memo entries. @defaultValue 1_000_000 */
    maxMemo: number;
    /** Items put into containers, all together. @defaultValue 10_000_000 */
    maxElements: number;
    /** Open marks at once. @defaultValue 100 */
    maxMarks: number;
}
export interface UnpickleOptions {
    /** The allowed globals, by `'module.name'`; any other global is refused. */
    globals: ReadonlyMap<string, PickleGlobal>;
    /** Resolves persistent ids (`PERSID`/`BINPERSID`); without it they are refused. */
    persistentLoad?: (pid: PickleValue) => PickleValue;
    limits?: Partial<UnpickleLimits>;
    /** Names the pickle in error messages, e.g. `'archive/data.pkl'`. */
    name?: string;
    /** Says what is allowed, in the message refusing a global. @defaultValue the allowed names */
    allowedDescription?: string;
    /** A sentence added to the message refusing the global `module.name`, if it has one to say. */
    refusalHint?: (module: string, name: string) => string | undefined;
}
export interface UnpickleResult {
    value: PickleValue;
    /** The offset just after the `STOP` opcode (several pickles may follow one another). */
    end: number;
}
export declare const DEFAULT_UNPICKLE_LIMITS: Readonly<UnpickleLimits>;
/** Reads one pickle from `bytes` at `offset`. */
export declare function unpickle(bytes: Uint8Array, offset: number, options: UnpickleOptions): UnpickleResult;
