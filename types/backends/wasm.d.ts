import type { Backend } from './backend.js';
export declare const wasmBackend: Backend;
