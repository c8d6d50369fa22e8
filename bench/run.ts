// `npm run bench [-- name ...]`: runs the named benchmarks (all by default), each printing a
// table of ratios measured side by side in the same run.
const BENCHES: Record<string, () => Promise<void>> = {
  mixture: async () => (await import('./mixture.js')).benchMixture(),
  logprob: async () => (await import('./logprob.js')).benchLogProb(),
  sample: async () => (await import('./sample.js')).benchSample(),
  train: async () => (await import('./train.js')).benchTrain(),
  yield: async () => (await import('./yield.js')).benchYield(),
  workers: async () => (await import('./workers.js')).benchWorkers(),
  'step-conv': async () => (await import('./step-conv.js')).benchStepConv(),
  'step-layout': async () => (await import('./step-layout.js')).benchStepLayout(),
  'step-programs': async () => (await import('./step-layout.js')).benchStepPrograms(),
};

const requested = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const unknown = requested.filter((name) => !(name in BENCHES));
if (unknown.length > 0) {
  console.error(`unknown benchmark(s): ${unknown.join(', ')}. Available: ${Object.keys(BENCHES).join(', ')}.`);
  process.exit(2);
}
for (const name of requested.length > 0 ? requested : Object.keys(BENCHES)) {
  console.log(`\n## ${name}\n`);
  await BENCHES[name]();
}
export {};
