/** The tfjs cpu backend: plain JavaScript kernels, available wherever JavaScript runs. */
import type { Backend } from './backend.js';
export declare const cpuBackend: Backend;
