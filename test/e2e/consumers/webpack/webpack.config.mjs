// The smallest webpack 5 setup for README's app: nothing about wasm or model files.
export default {
  mode: 'production',
  entry: './main.js',
  output: { path: new URL('./dist/', import.meta.url).pathname, clean: true },
};
