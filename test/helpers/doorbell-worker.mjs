// A thread for test/unit/parallel/doorbell.test.ts that waits for each message awake, as an idle
// inference worker does between calls: it spins on its doorbell, takes the message with
// `receiveMessageOnPort`, answers, and rings back. It says how it got each message.
import { parentPort, receiveMessageOnPort, workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const { Doorbell, spinUntil } = await import('../../src/parallel/doorbell.ts');
const calls = new Doorbell(workerData, 0);
const replies = new Doorbell(workerData, 1);
let taken = 0;
parentPort.postMessage({ type: 'ready' });
for (;;) {
  // Far longer than the main thread takes to post: a message is always taken awake here.
  const rang = spinUntil(() => calls.rung > taken, 5000);
  const next = rang ? receiveMessageOnPort(parentPort) : undefined;
  taken++;
  if (next === undefined) {
    parentPort.postMessage({ type: 'missed', rang });
    break;
  }
  parentPort.postMessage({ type: 'echo', value: next.message.value });
  replies.ring();
  if (next.message.value < 0) break;
}
