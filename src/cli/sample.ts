/** `pixelcnnpp sample`: draws images and writes them as one PNG (a grid when there are several). */
import { toPNG } from '../png.js';
import type { OptionSpec, ParsedArgs } from './args.js';
import { POSITIVE, SEED, TEMPERATURE, UsageError, intOption, numberOption } from './args.js';
import { MODEL_OPTIONS, MODEL_OPTIONS_HELP, labelOption, loadModelOption } from './model.js';
import { checkOutputPath, writeAtomically } from './output.js';
import { progressBar } from './progress.js';

export const SAMPLE_HELP = `Usage: pixelcnnpp sample --out FILE.png [options]

Draws images from the model, pixel by pixel, and writes them to FILE.png (a grid when
--count > 1). The same seed, model and backend give the same images.

  --seed N                  (random; printed)
  --count N                 images to draw (1)
  --label L                 class of every image (class-conditional models; default: image k
                            gets class k mod the number of classes)
  --temperature T           < 1 for cleaner, less varied images (1)
  --columns N               images per row of the grid (square-ish)
${MODEL_OPTIONS_HELP}
`;

export const SAMPLE_OPTIONS: OptionSpec = { flags: [], values: ['out', 'seed', 'count', 'temperature', 'columns', ...MODEL_OPTIONS] };

export async function sampleCommand(args: ParsedArgs, log: (line: string) => void): Promise<void> {
  const out = args.options.get('out');
  if (typeof out !== 'string') throw new UsageError('--out is required.');
  if (args.positionals.length > 0) throw new UsageError(`unexpected argument '${args.positionals[0]}'.`);
  const count = intOption(args, 'count', POSITIVE) ?? 1;
  const seed = intOption(args, 'seed', SEED);
  const temperature = numberOption(args, 'temperature', TEMPERATURE);
  const columns = intOption(args, 'columns', POSITIVE);
  await checkOutputPath('--out', out);
  const model = await loadModelOption(args);
  try {
    const label = labelOption(args, model);
    const { numClasses } = model.config;
    const labels = numClasses > 0 ? Array.from({ length: count }, (_, k) => label ?? k % numClasses) : undefined;
    const bar = progressBar('sample');
    const started = performance.now();
    const result = await model.sample({
      count,
      ...(seed !== undefined ? { seed } : {}),
      ...(labels ? { labels } : {}),
      ...(temperature !== undefined ? { temperature } : {}),
      onProgress: (done, total) => bar.update(done, total, 'pixels'),
    });
    bar.done();
    await writeAtomically(out, await toPNG(result, columns !== undefined ? { columns } : {}));
    const seconds = (performance.now() - started) / 1000;
    log(`${out}: ${count} image${count > 1 ? 's' : ''}, seed ${result.seed}` +
      `${labels ? `, label${label !== undefined ? ` ${label}` : 's 0-' + (Math.min(count, numClasses) - 1)}` : ''}, ${seconds.toFixed(1)} s (${model.backend})`);
  } finally {
    model.dispose();
  }
}
