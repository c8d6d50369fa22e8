// A bare helper thread for test/unit/sampling/step-helper.test.ts: serves the sessions it is
// sent (as an inference worker does), saying when it starts and when it has left.
import { parentPort } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const { serveStepHelper } = await import('../../src/sampling/step-helper.ts');
const { instantiateStepKernels } = await import('../../src/sampling/step-kernels.ts');

parentPort.on('message', async ({ memory, control, stackTop, session, delayMs }) => {
  const kernels = await instantiateStepKernels(memory);
  if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
  parentPort.postMessage({ type: 'started', session });
  serveStepHelper(kernels, control, stackTop, session);
  parentPort.postMessage({ type: 'stopped', session });
});
parentPort.postMessage({ type: 'ready' });
