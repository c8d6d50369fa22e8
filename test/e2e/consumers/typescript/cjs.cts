// Type-checked under module node16 as a CommonJS module (resolves the package's .d.cts).
import { PixelCNNPP, env, type LoadOptions } from 'pixelcnnpp';

async function main(): Promise<void> {
  env.logLevel = 'error';
  const options: LoadOptions = { backend: 'wasm' };
  const model = await PixelCNNPP.load(options);
  const image = await model.sample(42);
  const { bitsPerDim } = await model.logProb(image);
  console.log(bitsPerDim[0], model.backendReport.map((attempt) => attempt.status));
}
void main();
