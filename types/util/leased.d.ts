/**
 * A disposable value that can be replaced while calls are still using it. Each call leases the
 * current value for its whole duration, so it sees one value from start to end; a value that is
 * replaced, or closed, is disposed when its last lease is released. The model's network lives
 * in one: `fit` swaps in the averaged parameters after each epoch while a `sample` started
 * earlier finishes on the network it began with, and `dispose()` during a call frees the network
 * once that call has stopped.
 */
export interface Lease<T> {
    readonly value: T;
    /** Ends the lease; idempotent. */
    release(): void;
}
export declare class Leased<T> {
    private current;
    private readonly free;
    /** `free` disposes a value no call uses any more. @defaultValue `value.dispose()` */
    constructor(value: T, free?: (value: T) => void);
    /** True once `close` was called. */
    get closed(): boolean;
    /** Leases the current value; `undefined` once closed. */
    acquire(): Lease<T> | undefined;
    /**
     * Makes `next` the current value; the previous one is disposed when its leases end. Once
     * closed, `next` is disposed at once and `false` returned.
     */
    replace(next: T): boolean;
    /** Retires the current value (disposed when its leases end); later `acquire`s get nothing. */
    close(): void;
    private retire;
    private disposeIfUnused;
}
