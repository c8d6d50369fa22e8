// A bare helper thread for test/unit/sampling/step-helper.test.ts: serves the sessions it is
// sent (as an inference worker does), saying when it starts and when it has left. `failing`
// gives it kernels whose calls throw, as a broken helper's would.
import { parentPort } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const { serveStepHelper } = await import('../../src/sampling/step-helper.ts');
const { instantiateStepKernels } = await import('../../src/sampling/step-kernels.ts');

parentPort.on('message', async ({ memory, control, stackTop, session, delayMs, failing }) => {
  const kernels = await instantiateStepKernels(memory);
  if (failing) {
    kernels.pcnn_step_conv_slabs = () => {
      throw new Error('a broken helper');
    };
  }
  if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
  parentPort.postMessage({ type: 'started', session });
  try {
    serveStepHelper(kernels, control, stackTop, session);
    parentPort.postMessage({ type: 'stopped', session });
  } catch (error) {
    parentPort.postMessage({ type: 'stopped', session, error: error.message });
  }
});
parentPort.postMessage({ type: 'ready' });
