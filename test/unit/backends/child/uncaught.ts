// Run by process-handlers.test.ts: starts the wasm backend, then fails the way the command line
// asks ('throw': an uncaught error, 'reject': an unhandled rejection, 'handled': a rejection the
// application's own handler takes).
import { resolveBackend } from '../../../../src/backends/registry.js';

const mode = process.argv[2];
if (mode === 'handled') {
  process.on('unhandledRejection', (reason) => {
    console.log(`handled: ${(reason as Error).message}`);
  });
}
await resolveBackend('wasm');
setTimeout(() => {
  if (mode === 'throw') throw new Error("the application's own error");
  void Promise.reject(new Error("the application's own rejection"));
}, 0);
