// @node-only: Node's worker_threads and receiveMessageOnPort.
// A thread waiting awake on a doorbell (src/parallel/doorbell.ts) must find the message that
// each ring announces already there to take, and the rings must count exactly; spinning must
// stop at its time limit.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Worker } from 'node:worker_threads';
import { Doorbell, spinUntil } from '../../../src/parallel/doorbell.js';

describe('doorbell', () => {
  it('counts rings on shared memory, one counter per slot', () => {
    const buffer = Doorbell.buffer(2);
    const [a, b] = [new Doorbell(buffer, 0), new Doorbell(buffer, 1)];
    a.ring();
    a.ring();
    b.ring();
    assert.deepEqual([a.rung, b.rung, new Doorbell(buffer, 0).rung], [2, 1, 2]);
  });

  it('spins until the condition holds or the time is up', () => {
    let polls = 0;
    assert.equal(spinUntil(() => ++polls === 3, 1000), true);
    assert.equal(polls, 3);
    const start = performance.now();
    assert.equal(spinUntil(() => false, 20), false);
    assert.ok(performance.now() - start >= 20);
  });

  it('hands each message to a thread spinning on the bell, which takes it without its event loop', async () => {
    const buffer = Doorbell.buffer(2);
    const [calls, replies] = [new Doorbell(buffer, 0), new Doorbell(buffer, 1)];
    const worker = new Worker(new URL('../../helpers/doorbell-worker.mjs', import.meta.url), { workerData: buffer });
    const inbox: Array<{ type: string; value?: number; rang?: boolean }> = [];
    let arrived = () => {};
    worker.on('message', (message) => {
      inbox.push(message);
      arrived();
    });
    const next = async () => {
      while (inbox.length === 0) await new Promise<void>((resolve) => (arrived = resolve));
      return inbox.shift()!;
    };
    try {
      assert.equal((await next()).type, 'ready');
      for (let value = 1; value <= 50; value++) {
        worker.postMessage({ value });
        calls.ring();
        // The answer's ring comes after the answer is posted: spinning for it, then turning the
        // event loop, finds the answer.
        assert.ok(spinUntil(() => replies.rung === value, 5000), `no ring for message ${value}`);
        assert.deepEqual(await next(), { type: 'echo', value });
      }
      worker.postMessage({ value: -1 });
      calls.ring();
      assert.deepEqual(await next(), { type: 'echo', value: -1 });
    } finally {
      await worker.terminate();
    }
  });
});
