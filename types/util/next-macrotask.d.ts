/**
 * Resolves on a later turn of the event loop, so timers, I/O and clicks (an abort among them)
 * run in between. `setTimeout(0)` is clamped to 4 ms once nested, so browsers post a message
 * instead; Node has `setImmediate`.
 */
export declare function nextMacrotask(): Promise<void>;
