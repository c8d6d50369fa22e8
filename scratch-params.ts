import { randomTensors } from './src/index.js';
const CIFAR = { height: 32, width: 32, channels: 3 as const, nrResnet: 5, nrFilters: 160, nrLogisticMix: 10 };
const t = randomTensors(CIFAR, 1) as any;
let n = 0; for (const v of (t instanceof Map ? t.values() : Object.values(t))) n += (v as any).data?.length ?? (v as any).values?.length ?? 0;
console.log('params', n, 'MB', (n * 4 / 1e6).toFixed(0));
