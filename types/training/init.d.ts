import type { InitializerFactory } from './parameters.js';
export declare const dataDependentInit: InitializerFactory;
