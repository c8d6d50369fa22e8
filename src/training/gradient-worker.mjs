// The worker thread of data-parallel training when the package runs from its TypeScript sources
// (tests, benchmarks): tsx's loader does not reach worker threads, so the worker registers it
// before loading gradient-worker.ts. The package ships the bundled dist/gradient-worker.mjs instead.
import { register } from 'tsx/esm/api';

register();
await import('./gradient-worker.ts');
