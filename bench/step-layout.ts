// What the cached stepper's keeping saves, on the bundled MNIST model on the wasm backend:
// `sample` of 1 and of 2 digits on two loads of the same model taking turns in blocks, one as the
// package runs it and one without the thing measured, as before it:
// - `step-layout`: the stepper's layout kept from one call to the next (`StepNetwork.layout`);
//   without, the network lays its stepper out afresh on every call;
// - `step-programs`: each position's step recorded once and replayed by one call into the
//   kernels (src/sampling/step-program.ts); without, every step is made call by call.
import { PixelCNNPP } from '../src/index.js';
import { StepNetwork } from '../src/sampling/step-network.js';
import { WasmCachedStepper } from '../src/sampling/wasm-cached-stepper.js';

/** Times `sample` on `kept` against `without`; `setWithout(on)` is told which model is about to run. */
async function takeTurns(kept: PixelCNNPP, without: PixelCNNPP, setWithout: (on: boolean) => void, headings: [string, string]): Promise<void> {
  const draw = async (model: PixelCNNPP, count: number) => {
    setWithout(model === without);
    const start = performance.now();
    await model.sample(1, { count });
    return performance.now() - start;
  };
  console.log('sample on one thread, ms: the median and the fastest of 8 rounds of 10 calls each, the two models taking turns\n');
  console.log(`| digits | ${headings[0]} | ${headings[1]} | saved (median) |`);
  console.log('|---|---|---|---|');
  for (const count of [1, 2]) {
    for (let i = 0; i < 30; i++) {
      await draw(kept, count);
      await draw(without, count);
    }
    const times: [number[], number[]] = [[], []];
    for (let round = 0; round < 8; round++) {
      for (const [k, model] of [kept, without].entries()) for (let j = 0; j < 10; j++) times[k]!.push(await draw(model, count));
    }
    const [a, b] = times.map((t) => t.sort((x, y) => x - y)) as [number[], number[]];
    const median = (t: number[]) => t[t.length >> 1]!;
    console.log(`| ${count} | ${median(a).toFixed(2)} (fastest ${a[0]!.toFixed(2)}) | ${median(b).toFixed(2)} (fastest ${b[0]!.toFixed(2)}) | ${(median(b) - median(a)).toFixed(2)} |`);
  }
  kept.dispose();
  without.dispose();
}

export async function benchStepLayout(): Promise<void> {
  // While `fresh` is set, the network at hand forgets its last layout before each stepper.
  let fresh = false;
  const layout = StepNetwork.prototype.layout;
  StepNetwork.prototype.layout = function <L extends { readonly n: number }>(this: StepNetwork, n: number, make: () => L): L {
    if (fresh) (this as unknown as { lastLayout: unknown }).lastLayout = undefined;
    return layout.call(this, n, make) as L;
  };
  try {
    const models = [await PixelCNNPP.load({ backend: 'wasm' }), await PixelCNNPP.load({ backend: 'wasm' })] as const;
    await takeTurns(...models, (on) => (fresh = on), ['layout kept', 'laid out on every call']);
  } finally {
    StepNetwork.prototype.layout = layout;
  }
}

export async function benchStepPrograms(): Promise<void> {
  // While `callByCall` is set, a position's step is made as it was before programs.
  let callByCall = false;
  type Stepping = { positionProgram(p: number, r: number, c: number): void; positionStep(r: number, c: number): void };
  const prototype = WasmCachedStepper.prototype as unknown as Stepping;
  const positionProgram = prototype.positionProgram;
  prototype.positionProgram = function (this: Stepping, p: number, r: number, c: number): void {
    if (callByCall) this.positionStep(r, c);
    else positionProgram.call(this, p, r, c);
  };
  try {
    const models = [await PixelCNNPP.load({ backend: 'wasm' }), await PixelCNNPP.load({ backend: 'wasm' })] as const;
    await takeTurns(...models, (on) => (callByCall = on), ['steps replayed', 'call by call']);
  } finally {
    prototype.positionProgram = positionProgram;
  }
}
