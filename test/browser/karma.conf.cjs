// Runs the bundled unit tests in headless Chromium (Debian's, with SwiftShader WebGPU).
process.env.CHROME_BIN = process.env.CHROME_BIN || '/usr/bin/chromium';

module.exports = (config) => {
  config.set({
    basePath: '../..',
    frameworks: ['mocha'],
    files: [
      'build/browser/tests.js',
      { pattern: 'node_modules/@tensorflow/tfjs-backend-wasm/dist/*.wasm', included: false, served: true },
      { pattern: 'wasm/*.wasm', included: false, served: true },
      { pattern: 'models/*.safetensors', included: false, served: true },
    ],
    mime: { 'application/wasm': ['wasm'] },
    reporters: ['mocha'],
    browsers: ['ChromiumHeadlessWebGPU'],
    customLaunchers: {
      ChromiumHeadlessWebGPU: {
        base: 'ChromeHeadless',
        flags: [
          '--no-sandbox',
          '--enable-unsafe-webgpu',
          '--enable-features=Vulkan',
          '--use-angle=swiftshader',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
          '--disable-quic',
          '--no-first-run',
        ],
      },
    },
    // The WebGPU tests run on SwiftShader, a software renderer: give slow machines room.
    client: { mocha: { timeout: 600000 } },
    browserNoActivityTimeout: 900000,
    browserDisconnectTimeout: 60000,
    captureTimeout: 120000,
    singleRun: true,
    concurrency: 1,
  });
};
