// After the model has started its backend, an error the application does not catch must end the
// process as Node always does: exit code 1, the application's own stack.
import { PixelCNNPP } from 'pixelcnnpp';

await PixelCNNPP.load();
setTimeout(() => {
  throw new Error('an error of the application');
}, 0);
