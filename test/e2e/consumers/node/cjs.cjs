// README's first lines, as a CommonJS script.
const { PixelCNNPP } = require('pixelcnnpp');

(async () => {
  const model = await PixelCNNPP.load();
  const image = await model.sample(42);
  const { bitsPerDim } = await model.logProb(image);

  console.log(JSON.stringify({ backend: model.backend, report: model.backendReport, shape: image.shape, bitsPerDim: [...bitsPerDim], data: [...image.data] }));
})();
