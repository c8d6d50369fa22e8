// Type-checked with moduleResolution bundler and strict, as a browser app would be.
import { PixelCNNPP, toImageData } from 'pixelcnnpp';

const model = await PixelCNNPP.load();
const image = await model.sample(42);
const { bitsPerDim } = await model.logProb(image);
const canvas = document.createElement('canvas');
canvas.getContext('2d')?.putImageData(toImageData(image), 0, 0);
document.title = `${bitsPerDim[0]?.toFixed(3)} bits/dim on ${model.backend}`;
