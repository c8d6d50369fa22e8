// Shared by the training tests: a small class-conditional configuration and data it can learn.
import { mulberry32 } from '../../../src/util/mulberry32.js';

export const CONFIG = { height: 8, width: 8, channels: 1 as const, nrResnet: 1, nrFilters: 8, nrLogisticMix: 2, numClasses: 2 };

/** Two classes of 8x8 images: a bright vertical bar (class 0) or horizontal bar (class 1) at a random place, with noise. */
export function bars(n: number, seed: number): { data: Uint8Array; shape: [number, number, number, number]; labels: number[] } {
  const random = mulberry32(seed);
  const data = new Uint8Array(n * 64);
  const labels: number[] = [];
  for (let i = 0; i < n; i++) {
    const label = i % 2;
    const at = Math.floor(random() * 8);
    for (let y = 0; y < 8; y++) {
      for (let x = 0; x < 8; x++) {
        const on = label === 0 ? x === at : y === at;
        data[i * 64 + y * 8 + x] = on ? 255 - Math.floor(random() * 8) : Math.floor(random() * 8);
      }
    }
    labels.push(label);
  }
  return { data, shape: [n, 8, 8, 1], labels };
}
