/**
 * The worker side of data-parallel training (`fit({ workers })`, Node): holds a replica of
 * the raw parameters on its own tfjs backend and, for each step, overwrites them with the
 * parameters the main thread sends and returns the gradients of its share of the batch.
 * Messages are the `WorkerRequest` / `WorkerReply` of `data-parallel.ts`.
 */
import { parentPort, workerData } from 'node:worker_threads';
import * as tf from '@tensorflow/tfjs-core';
import { resolveBackend } from '../backends/registry.js';
import { toNetworkInput } from '../image.js';
import type { GradientRequest, WorkerReply, WorkerSetup } from './data-parallel.js';
import { registerWasmConv2DBackpropFilter } from './conv2d-backprop-filter-wasm.js';
import { registerTrainingGradients } from './gradients.js';
import { ParameterSet } from './parameters.js';
import { lossAndGradients } from './trainer.js';

const port = parentPort!;
const { config, backend } = workerData as WorkerSetup;
const reply = (message: WorkerReply, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);

try {
  const runtime = await resolveBackend(backend);
  registerTrainingGradients();
  registerWasmConv2DBackpropFilter();
  let replica: ParameterSet | undefined;

  const computeGradients = (request: GradientRequest) =>
    runtime.run(async () => {
      if (replica === undefined) replica = ParameterSet.fromTensors(request.params, config);
      else replica.write(request.params);
      const [n, h, w, c] = request.shape;
      const x = tf.tensor4d(toNetworkInput(request.images), [n, h, w, c], 'float32');
      const labels = request.labels ? tf.tensor1d(request.labels, 'int32') : undefined;
      const { loss, grads } = lossAndGradients(replica, config, x, labels, request);
      try {
        const data = new Map<string, Float32Array>();
        // A copy: the backend's own array may be shared by other tensors and must not be transferred.
        for (const [name, grad] of grads) data.set(name, Float32Array.from((await grad.data()) as Float32Array));
        return { loss: (await loss.data())[0]!, grads: data };
      } finally {
        tf.dispose([x, loss, ...grads.values(), ...(labels ? [labels] : [])]);
      }
    });

  port.on('message', (request: GradientRequest) => {
    computeGradients(request).then(
      ({ loss, grads }) => reply({ type: 'gradients', id: request.id, loss, grads }, [...grads.values()].map((g) => g.buffer as ArrayBuffer)),
      (error: unknown) => reply({ type: 'error', id: request.id, message: (error as Error).message ?? String(error) }),
    );
  });
  reply({ type: 'ready', backend: runtime.name });
} catch (error) {
  reply({ type: 'error', id: -1, message: (error as Error).message ?? String(error) });
}
