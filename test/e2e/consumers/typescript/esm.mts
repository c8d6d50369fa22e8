// Type-checked under module node16 as an ES module.
import { PixelCNNPP, tfjsBackend, type Backend, type BackendAttempt, type BackendName } from 'pixelcnnpp';

const model = await PixelCNNPP.load();
const image = await model.sample(42);
const { bitsPerDim } = await model.logProb(image);
const first: number | undefined = bitsPerDim[0];
const report: readonly BackendAttempt[] = model.backendReport;
const name: BackendName = model.backend;
const webgl: Backend = tfjsBackend('webgl');
const other = await PixelCNNPP.load(undefined, { backend: [webgl, 'wasm'] });
const onWasm = await PixelCNNPP.load({ backend: 'wasm', workers: 2 });
console.log(first, report, name, other.backend, onWasm.backend);
