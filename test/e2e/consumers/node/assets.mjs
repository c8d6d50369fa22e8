// The shipped files resolve through the package's exports.
import { createRequire } from 'node:module';
import { statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const files = {
  model: fileURLToPath(import.meta.resolve('pixelcnnpp/models/mnist.safetensors')),
  mixtureSimd: require.resolve('pixelcnnpp/wasm/pixelcnnpp-mixture-simd.wasm'),
  mixtureScalar: require.resolve('pixelcnnpp/wasm/pixelcnnpp-mixture.wasm'),
  packageJson: require.resolve('pixelcnnpp/package.json'),
};
console.log(JSON.stringify(Object.fromEntries(Object.entries(files).map(([k, path]) => [k, { path, bytes: statSync(path).size }]))));
