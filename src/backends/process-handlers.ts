/**
 * tfjs-backend-wasm's Emscripten runtime, when it starts under Node, adds process-wide
 * `uncaughtException` and `unhandledRejection` listeners that rethrow. With them in place any
 * uncaught error of the application exits with code 7 ("internal exception handler run-time
 * failure") and a stack that starts inside tfjs, and an unhandled rejection can no longer be
 * handled the application's own way. Starting the backend inside `withoutNewProcessHandlers`
 * removes exactly the listeners added meanwhile, so the process behaves as Node does by default.
 */

type ProcessEvent = 'uncaughtException' | 'unhandledRejection';
type Listener = (...args: unknown[]) => void;

interface ProcessLike {
  listeners(event: ProcessEvent): Listener[];
  removeListener(event: ProcessEvent, listener: Listener): unknown;
}

const EVENTS: readonly ProcessEvent[] = ['uncaughtException', 'unhandledRejection'];

function nodeProcess(): ProcessLike | undefined {
  const p = (globalThis as { process?: Partial<ProcessLike> }).process;
  return typeof p?.listeners === 'function' && typeof p.removeListener === 'function' ? (p as ProcessLike) : undefined;
}

/** Runs `start`, then removes the `uncaughtException`/`unhandledRejection` listeners it added. */
export async function withoutNewProcessHandlers<T>(start: () => Promise<T>): Promise<T> {
  const process = nodeProcess();
  if (process === undefined) return start();
  const before = new Map(EVENTS.map((event) => [event, new Set(process.listeners(event))]));
  try {
    return await start();
  } finally {
    for (const event of EVENTS) {
      const kept = before.get(event)!;
      for (const listener of process.listeners(event)) {
        if (!kept.has(listener)) process.removeListener(event, listener);
      }
    }
  }
}
