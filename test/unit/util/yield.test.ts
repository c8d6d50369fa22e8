// Turns of the event loop in long work: `yieldToEventLoop` lets pending macrotasks run, and a
// `TurnPacer` gives one only once its interval has passed since the last.
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { TurnPacer, setTurnInterval, yieldToEventLoop } from '../../../src/util/yield.js';

/**
 * A macrotask queued now, the way `yieldToEventLoop` queues its own (`setImmediate` in Node, a
 * `MessageChannel` message in browsers, which run in the order they were posted); `ran()` tells
 * whether the event loop has turned since.
 */
function pendingTask(): { ran: () => boolean } {
  let ran = false;
  const run = () => void (ran = true);
  if (typeof setImmediate === 'function') {
    setImmediate(run);
  } else {
    const { port1, port2 } = new MessageChannel();
    port1.onmessage = () => {
      port1.close();
      run();
    };
    port2.postMessage(null);
  }
  return { ran: () => ran };
}

function busyFor(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until);
}

describe('turns of the event loop', () => {
  const defaultInterval = setTurnInterval(4);
  after(() => setTurnInterval(defaultInterval));

  it('the default interval is 4 ms', () => {
    assert.equal(defaultInterval, 4);
  });

  it('yieldToEventLoop runs the macrotasks queued before it', async () => {
    const task = pendingTask();
    await yieldToEventLoop();
    assert.ok(task.ran());
  });

  it('a pacer gives no turn for units shorter than its interval, and one after the unit that passes it', async () => {
    // 50 ms rather than the default 4, so that a busy machine's pause does not give a turn early.
    setTurnInterval(50);
    try {
      const pacer = new TurnPacer();
      const task = pendingTask();
      for (let unit = 0; unit < 20; unit++) await pacer.pass();
      assert.ok(!task.ran(), 'twenty instant units gave no turn');
      busyFor(55);
      await pacer.pass();
      assert.ok(task.ran(), 'the unit that ended 55 ms of work gave a turn');
      const next = pendingTask();
      await pacer.pass();
      assert.ok(!next.ran(), 'the interval counts again from that turn');
    } finally {
      setTurnInterval(4);
    }
  });

  it('interval 0 gives a turn after every unit', async () => {
    setTurnInterval(0);
    try {
      const pacer = new TurnPacer();
      for (let unit = 0; unit < 5; unit++) {
        const task = pendingTask();
        await pacer.pass();
        assert.ok(task.ran(), `unit ${unit}`);
      }
    } finally {
      setTurnInterval(4);
    }
  });

  it('an interval that is not a number of milliseconds >= 0 is a RangeError', () => {
    for (const bad of [-1, Number.NaN, undefined as unknown as number]) {
      assert.throws(() => setTurnInterval(bad), (e: unknown) => e instanceof RangeError && /^ms: expected a number of milliseconds >= 0/.test(e.message));
    }
    assert.equal(setTurnInterval(4), 4, 'a refused interval leaves the interval as it was');
  });
});
