/**
 * tfjs-backend-wasm's Emscripten runtime, when it starts under Node, adds process-wide
 * `uncaughtException` and `unhandledRejection` listeners that rethrow. With them in place any
 * uncaught error of the application exits with code 7 ("internal exception handler run-time
 * failure") and a stack that starts inside tfjs, and an unhandled rejection can no longer be
 * handled the application's own way. Starting the backend inside `withoutNewProcessHandlers`
 * removes exactly the listeners added meanwhile, so the process behaves as Node does by default.
 */
/** Runs `start`, then removes the `uncaughtException`/`unhandledRejection` listeners it added. */
export declare function withoutNewProcessHandlers<T>(start: () => Promise<T>): Promise<T>;
