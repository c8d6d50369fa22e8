// The worker thread of multi-threaded inference when the package runs from its TypeScript sources
// (tests, benchmarks): tsx's loader does not reach worker threads, so the worker registers it
// before loading inference-worker.ts. The package ships the bundled dist/inference-worker.mjs instead.
import { register } from 'tsx/esm/api';

register();
await import('./inference-worker.ts');
