/** The tfjs cpu backend: plain JavaScript kernels, available wherever JavaScript runs. */
import type { Backend } from './backend.js';
import { defineBackend, ensureRegistered, startRegisteredFactory } from './tfjs-engine.js';

export const cpuBackend: Backend = /* @__PURE__ */ defineBackend(
  'cpu',
  () => true,
  async () => {
    await ensureRegistered('cpu', '@tensorflow/tfjs-backend-cpu', () => import('@tensorflow/tfjs-backend-cpu'));
    const instance = await startRegisteredFactory('cpu');
    // On its first write under Node, tfjs's cpu backend prints advice to install tfjs-node, a
    // backend this package does not use; the cpu backend was chosen on purpose here.
    const nagging = instance as { firstUse?: boolean };
    if (nagging.firstUse === true) nagging.firstUse = false;
    return 'js';
  },
);
