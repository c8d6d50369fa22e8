// The app of README's "Use with Vite / webpack / a plain <script type=module>": one digit, drawn.
// ?backend= picks the backend ('auto' when absent); the outcome is left in window.result.
import { PixelCNNPP, toImageData } from 'pixelcnnpp';

const status = document.getElementById('status');
const backend = new URLSearchParams(location.search).get('backend') ?? 'auto';
try {
  // WebGPU is optional: its tfjs backend comes in only when asked for.
  if (backend === 'webgpu') await import('@tensorflow/tfjs-backend-webgpu');
  const model = await PixelCNNPP.load(undefined, { backend });
  const loaded = performance.now();
  const image = await model.sample(42);
  const { bitsPerDim } = await model.logProb(image);
  document.getElementById('digit').getContext('2d').putImageData(toImageData(image), 0, 0);
  const drawn = performance.now();
  window.result = {
    backend: model.backend,
    info: model.backendInfo,
    report: model.backendReport,
    bitsPerDim: bitsPerDim[0],
    data: [...image.data],
    loadedMs: loaded,
    drawnMs: drawn,
  };
  status.textContent = `${model.backend} (${model.backendInfo}): ${bitsPerDim[0].toFixed(3)} bits/dim, first digit after ${Math.round(drawn)} ms`;
} catch (error) {
  window.result = { error: `${error.name}: ${error.message}` };
  status.textContent = window.result.error;
}
