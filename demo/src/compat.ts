/**
 * The few places where the page reaches for package features that are still arriving. Each
 * FALLBACK below does the same thing by other means on a package without the feature; delete
 * it when the package has it, the page's other code does not change.
 */
import * as pixelcnnpp from 'pixelcnnpp';
import type { LogProbResult, PixelCNNPP, SampleOptions, SampleResult } from 'pixelcnnpp';
import { env } from 'pixelcnnpp';
// FALLBACK(wasm-paths): tfjs-backend-wasm looks for its binaries next to the page, where a Vite
// build does not put them. Until the package points tfjs at them itself, the page lets Vite emit
// them and passes their URLs on.
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';

export function locateTfjsWasm(): void {
  if (env.wasm.tfjsWasmPaths !== undefined) return;
  const absolute = (url: string) => new URL(url, document.baseURI).href;
  env.wasm.tfjsWasmPaths = {
    'tfjs-backend-wasm.wasm': absolute(wasmPlain),
    'tfjs-backend-wasm-simd.wasm': absolute(wasmSimd),
    'tfjs-backend-wasm-threaded-simd.wasm': absolute(wasmThreaded),
  };
}

type Images = { data: Uint8Array; shape: [number, number, number, number] };

/** An error thrown because labels were left out (a package that needs them for every call). */
function isMissingLabels(error: unknown): boolean {
  return error instanceof TypeError && /labels: this model is class-conditional/.test(error.message);
}

/**
 * `model.sample(options)` without labels: a class-conditional model draws image k with class
 * k mod K. FALLBACK(label-free sample): a package that insists on labels gets those classes.
 */
export async function sampleAnyClass(model: PixelCNNPP, options: SampleOptions & { count: number }): Promise<SampleResult> {
  try {
    return await model.sample(options);
  } catch (error) {
    if (!isMissingLabels(error)) throw error;
    const classes = model.config.numClasses;
    return model.sample({ ...options, labels: Array.from({ length: options.count }, (_, k) => k % classes) });
  }
}

export interface MarginalScore {
  /** -log2 p(image) / pixels, with p the mixture over classes under a uniform prior. */
  bitsPerDim: Float64Array;
  mostLikelyLabels: Int32Array;
}

/**
 * `model.logProb(images)` without labels: the marginal likelihood under a uniform class prior
 * and the most likely class of each image. FALLBACK(marginal logProb): on a package without it,
 * the same from one logProb call per class.
 */
export async function marginalScore(model: PixelCNNPP, images: Images): Promise<MarginalScore> {
  try {
    const result: LogProbResult & { mostLikelyLabels?: Int32Array } = await model.logProb(images);
    if (result.mostLikelyLabels !== undefined) return { bitsPerDim: result.bitsPerDim, mostLikelyLabels: result.mostLikelyLabels };
  } catch (error) {
    if (!isMissingLabels(error)) throw error;
  }
  const [n, h, w, c] = images.shape;
  const classes = model.config.numClasses;
  const size = h * w * c;
  const copies = new Uint8Array(n * classes * size);
  const labels = new Int32Array(n * classes);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < classes; k++) {
      copies.set(images.data.subarray(i * size, (i + 1) * size), (i * classes + k) * size);
      labels[i * classes + k] = k;
    }
  }
  const { nats } = await model.logProb({ data: copies, shape: [n * classes, h, w, c] }, { labels });
  const bitsPerDim = new Float64Array(n);
  const mostLikelyLabels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const perClass = nats.subarray(i * classes, (i + 1) * classes);
    const best = perClass.indexOf(Math.max(...perClass));
    const logSum = perClass[best]! + Math.log(perClass.reduce((s, v) => s + Math.exp(v - perClass[best]!), 0));
    bitsPerDim[i] = -(logSum - Math.log(classes)) / (size * Math.LN2);
    mostLikelyLabels[i] = best;
  }
  return { bitsPerDim, mostLikelyLabels };
}

/** One candidate of `model.backendReport`: the package's account of how `'auto'` chose. */
export interface BackendAttempt {
  name: string;
  status: 'chosen' | 'unavailable' | 'passed over';
  detail: string;
}

/** FALLBACK(backendReport): a package without the report gives only the chosen backend. */
export function backendReport(model: PixelCNNPP): readonly BackendAttempt[] {
  const report = (model as unknown as { backendReport?: readonly BackendAttempt[] }).backendReport;
  return report ?? [{ name: model.backend, status: 'chosen', detail: model.backendInfo }];
}

type BackendPlug = (name: string) => unknown;

/**
 * A tfjs backend plugged in from outside the package (`tfjsBackend('webgl')`), when this build
 * of the package exports the way to do it; `undefined` otherwise, and the page hides the option.
 */
export function pluggableBackend(): BackendPlug | undefined {
  // Looked up at run time: a static `pixelcnnpp.tfjsBackend` makes bundlers warn on a package without it.
  const plug: unknown = Reflect.get(pixelcnnpp, 'tfjsBackend');
  return typeof plug === 'function' ? (plug as BackendPlug) : undefined;
}
