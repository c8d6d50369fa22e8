/**
 * Giving control back to the event loop during long work. On the cpu and wasm backends tfjs
 * resolves its promises as microtasks, so a loop of `await tensor.data()` never lets a timer,
 * an I/O callback or a click run: an `AbortSignal` fired from one of those would never be seen,
 * and a page would freeze. The long loops (sampling rows, logProb chunks, training steps) await
 * `yieldToEventLoop()` between units of work: one macrotask turn, after which pending timers and
 * events have run.
 *
 * A macrotask, not a microtask (which runs before any timer), and not `setTimeout(0)` (which
 * browsers clamp to 4 ms once nested): `setImmediate` in Node, a `MessageChannel` message in
 * browsers and workers.
 */

let enabled = true;

/**
 * Turns yielding off (`false`) or back on; for the benchmark that measures what it costs. While
 * off, aborts from timers and events are not seen until the work ends.
 */
export function setYielding(on: boolean): void {
  enabled = on;
}

/** The least time in milliseconds between a `TurnPacer`'s turns unless `setTurnInterval` says otherwise. */
export const DEFAULT_TURN_INTERVAL_MS = 4;

let turnInterval = DEFAULT_TURN_INTERVAL_MS;

/**
 * Sets the least time in milliseconds between the turns a `TurnPacer` gives
 * (`DEFAULT_TURN_INTERVAL_MS` until set; 0 gives a turn after every unit of work, for tests that
 * count turns); returns the previous one.
 */
export function setTurnInterval(ms: number): number {
  if (!(ms >= 0)) throw new RangeError(`ms: expected a number of milliseconds >= 0, got ${ms}.`);
  const previous = turnInterval;
  turnInterval = ms;
  return previous;
}

/**
 * Paces a loop of short units of work (a small model's sampled row takes half a millisecond):
 * a turn of the event loop after the unit that ends `turnInterval` ms or more of work, rather
 * than after each. A turn costs more than its few microseconds: the loop's own work evicts the
 * kernels' weights from the caches, and a digit drawn with a turn after each of its 28 rows
 * takes about 2% longer (`npm run bench -- yield`).
 */
export class TurnPacer {
  private last = performance.now();

  /** After a unit of work: a turn of the event loop, if one is due. */
  async pass(): Promise<void> {
    if (performance.now() - this.last < turnInterval) return;
    await yieldToEventLoop();
    this.last = performance.now();
  }
}

type Resolve = () => void;
let channel: { post: (resolve: Resolve) => void } | undefined;

function messageChannel(): { post: (resolve: Resolve) => void } {
  const waiting: Resolve[] = [];
  const { port1, port2 } = new MessageChannel();
  port1.onmessage = () => waiting.shift()?.();
  return {
    post(resolve) {
      waiting.push(resolve);
      port2.postMessage(null);
    },
  };
}

/** Resolves after one turn of the event loop (a macrotask). */
export function yieldToEventLoop(): Promise<void> {
  if (!enabled) return Promise.resolve();
  if (typeof setImmediate === 'function') return new Promise((resolve) => setImmediate(resolve));
  if (typeof MessageChannel === 'function') {
    channel ??= messageChannel();
    return new Promise((resolve) => channel!.post(resolve));
  }
  return new Promise((resolve) => setTimeout(resolve, 0));
}
