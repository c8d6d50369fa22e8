// What keeping a stepper's layout saves (src/sampling/step-network.ts, `StepNetwork.layout`): the
// bundled MNIST model on the wasm backend, `sample` of 1 and of 2 digits, on two loads of the
// same model taking turns in blocks, one as the package runs it (the layout of the last call
// reused) and one whose network lays its stepper out afresh on every call, as before.
import { PixelCNNPP } from '../src/index.js';
import { StepNetwork } from '../src/sampling/step-network.js';

export async function benchStepLayout(): Promise<void> {
  // While `fresh` is set, the network at hand forgets its last layout before each stepper.
  let fresh = false;
  const layout = StepNetwork.prototype.layout;
  StepNetwork.prototype.layout = function <L extends { readonly n: number }>(this: StepNetwork, n: number, make: () => L): L {
    if (fresh) (this as unknown as { lastLayout: unknown }).lastLayout = undefined;
    return layout.call(this, n, make) as L;
  };
  const [kept, anew] = [await PixelCNNPP.load({ backend: 'wasm' }), await PixelCNNPP.load({ backend: 'wasm' })];
  const draw = async (model: PixelCNNPP, count: number) => {
    fresh = model === anew;
    const start = performance.now();
    await model.sample(1, { count });
    return performance.now() - start;
  };
  console.log('sample on one thread, ms: the median and the fastest of 8 rounds of 10 calls each, the two models taking turns\n');
  console.log('| digits | layout kept | laid out on every call | saved (median) |');
  console.log('|---|---|---|---|');
  for (const count of [1, 2]) {
    for (let i = 0; i < 30; i++) {
      await draw(kept, count);
      await draw(anew, count);
    }
    const times: [number[], number[]] = [[], []];
    for (let round = 0; round < 8; round++) {
      for (const [k, model] of [kept, anew].entries()) for (let j = 0; j < 10; j++) times[k]!.push(await draw(model, count));
    }
    const [a, b] = times.map((t) => t.sort((x, y) => x - y)) as [number[], number[]];
    const median = (t: number[]) => t[t.length >> 1]!;
    console.log(`| ${count} | ${median(a).toFixed(2)} (fastest ${a[0]!.toFixed(2)}) | ${median(b).toFixed(2)} (fastest ${b[0]!.toFixed(2)}) | ${(median(b) - median(a)).toFixed(2)} |`);
  }
  StepNetwork.prototype.layout = layout;
  kept.dispose();
  anew.dispose();
}
