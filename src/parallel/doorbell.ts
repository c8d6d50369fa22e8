/**
 * Handing a message to a thread that is about to wait for it, without the wait. A Node thread
 * with nothing to do sleeps in its event loop, and a message posted to it runs only once the
 * system has woken the thread: 0.05-0.2 ms on a virtual machine, paid twice by a split call (the
 * call to the worker, its last reply to the main thread), whose shares take 11.5 ms for two
 * digits. So a thread that expects a message soon spins on a doorbell for a moment instead of
 * sleeping: the sender posts the message, then rings (a counter on shared memory); the spinning
 * thread sees the ring at once and takes the message while still awake.
 */

/** A counter of rings on shared memory, one slot of `buffer`. */
export class Doorbell {
  private readonly rings: Int32Array;

  constructor(buffer: SharedArrayBuffer, slot: number) {
    this.rings = new Int32Array(buffer, 4 * slot, 1);
  }

  /** Int32 slots of a buffer for `count` doorbells. */
  static buffer(count: number): SharedArrayBuffer {
    return new SharedArrayBuffer(4 * count);
  }

  /** Rings once: call after posting the message it announces. */
  ring(): void {
    Atomics.add(this.rings, 0, 1);
  }

  /** How many times it has rung. */
  get rung(): number {
    return Atomics.load(this.rings, 0);
  }
}

/**
 * Spins until `done()` holds or `ms` have passed; whether it holds. Blocks the thread meanwhile:
 * only for a wait expected to be shorter than a wake-up.
 */
export function spinUntil(done: () => boolean, ms: number): boolean {
  if (done()) return true;
  const end = performance.now() + ms;
  while (performance.now() < end) {
    if (done()) return true;
  }
  return false;
}
