import type { PixelCNNNet } from '../network/pixelcnn-net.js';
import type { PixelStepper, StepperOptions } from './stepper.js';
export declare class NaiveStepper implements PixelStepper {
    private readonly net;
    private readonly n;
    private readonly labels;
    /** The images so far, `[n, H, W, C]` in [-1, 1]; pixels not yet generated are 0. */
    private readonly x;
    constructor(net: PixelCNNNet, options: StepperOptions);
    paramsAt(p: number): Promise<Float32Array>;
    setPixel(p: number, values: Float32Array): void;
    dispose(): void;
}
