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

interface Slot<T> {
  value: T;
  leases: number;
  retired: boolean;
}

export class Leased<T> {
  private current: Slot<T> | undefined;
  private readonly free: (value: T) => void;

  /** `free` disposes a value no call uses any more. @defaultValue `value.dispose()` */
  constructor(value: T, free: (value: T) => void = (v) => (v as { dispose(): void }).dispose()) {
    this.current = { value, leases: 0, retired: false };
    this.free = free;
  }

  /** True once `close` was called. */
  get closed(): boolean {
    return this.current === undefined;
  }

  /** Leases the current value; `undefined` once closed. */
  acquire(): Lease<T> | undefined {
    const slot = this.current;
    if (slot === undefined) return undefined;
    slot.leases++;
    let released = false;
    return {
      value: slot.value,
      release: () => {
        if (released) return;
        released = true;
        slot.leases--;
        this.disposeIfUnused(slot);
      },
    };
  }

  /**
   * Makes `next` the current value; the previous one is disposed when its leases end. Once
   * closed, `next` is disposed at once and `false` returned.
   */
  replace(next: T): boolean {
    if (this.current === undefined) {
      this.free(next);
      return false;
    }
    this.retire(this.current);
    this.current = { value: next, leases: 0, retired: false };
    return true;
  }

  /** Retires the current value (disposed when its leases end); later `acquire`s get nothing. */
  close(): void {
    if (this.current !== undefined) this.retire(this.current);
    this.current = undefined;
  }

  private retire(slot: Slot<T>): void {
    slot.retired = true;
    this.disposeIfUnused(slot);
  }

  private disposeIfUnused(slot: Slot<T>): void {
    if (slot.retired && slot.leases === 0) {
      slot.leases = -1; // disposed: never twice
      this.free(slot.value);
    }
  }
}
