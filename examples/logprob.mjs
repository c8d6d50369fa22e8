// Scores the test fixtures' images with their checkpoints on the best available backend, and
// prints log-likelihoods next to the values of an independent implementation of the paper.
//   node examples/logprob.mjs [--backend webgpu|wasm|cpu|auto]
import { readFile } from 'node:fs/promises';
import { PixelCNNPP } from '../dist/pixelcnnpp.mjs';

const backendArg = process.argv.indexOf('--backend');
const backend = backendArg > 0 ? process.argv[backendArg + 1] : 'auto';

for (const name of ['tiny-rgb', 'tiny-gray']) {
  const dir = new URL(`../test/fixtures/${name}/`, import.meta.url);
  const model = await PixelCNNPP.load(new URL('weights.safetensors', dir), { backend });
  const { height, width, channels } = model.config;
  const data = new Uint8Array(await readFile(new URL('images.u8', dir)));
  const expected = JSON.parse(await readFile(new URL('expected.json', dir), 'utf8'));
  const n = data.length / (height * width * channels);
  const { nats, bitsPerDim } = await model.logProb({ data, shape: [n, height, width, channels] });
  console.log(`${name}: ${height}x${width}x${channels}, backend ${model.backend} (${model.backendInfo}), mixture ${model.mixtureImpl}`);
  for (let i = 0; i < n; i++) {
    const want = expected.log_likelihood_nats[i];
    console.log(
      `  image ${i}: ${nats[i].toFixed(4)} nats (${bitsPerDim[i].toFixed(4)} bits/dim); ` +
        `reference ${want.toFixed(4)}, relative difference ${(Math.abs(nats[i] - want) / Math.abs(want)).toExponential(1)}`,
    );
  }
  model.dispose();
}
