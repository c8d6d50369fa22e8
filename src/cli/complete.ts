/** `pixelcnnpp complete`: keeps the top rows of an image and samples the rest. */
import { toPNG } from '../png.js';
import type { OptionSpec, ParsedArgs } from './args.js';
import { POSITIVE, SEED, TEMPERATURE, UsageError, intOption, numberOption } from './args.js';
import { MODEL_OPTIONS, MODEL_OPTIONS_HELP, labelOption, loadModelOption, readImages } from './model.js';
import { checkOutputPath, writeAtomically } from './output.js';
import { progressBar } from './progress.js';

export const COMPLETE_HELP = `Usage: pixelcnnpp complete FILE.png --rows N --out OUT.png [options]

Keeps the first N rows of FILE.png and samples the others, each pixel given every pixel
before it. OUT.png shows the input with the unknown rows blanked, then the completions.

  --rows N                  rows to keep (required)
  --count N                 completions to draw (4)
  --label L                 class (class-conditional models; required for them)
  --seed N  --temperature T as for sample
${MODEL_OPTIONS_HELP}
`;

export const COMPLETE_OPTIONS: OptionSpec = { flags: [], values: ['out', 'rows', 'count', 'seed', 'temperature', ...MODEL_OPTIONS] };

export async function completeCommand(args: ParsedArgs, log: (line: string) => void): Promise<void> {
  const [file, ...extra] = args.positionals;
  if (file === undefined) throw new UsageError('complete takes one PNG file.');
  if (extra.length > 0) throw new UsageError(`unexpected argument '${extra[0]}'.`);
  const out = args.options.get('out');
  if (typeof out !== 'string') throw new UsageError('--out is required.');
  const rows = intOption(args, 'rows', { min: 0 });
  if (rows === undefined) throw new UsageError('--rows is required.');
  const count = intOption(args, 'count', POSITIVE) ?? 4;
  const seed = intOption(args, 'seed', SEED);
  const temperature = numberOption(args, 'temperature', TEMPERATURE);
  await checkOutputPath('--out', out);
  const model = await loadModelOption(args);
  try {
    const { height, width, channels, numClasses } = model.config;
    if (rows < 0 || rows > height) throw new UsageError(`--rows: expected an integer in [0, ${height}], got ${rows}.`);
    const label = labelOption(args, model);
    if (numClasses > 0 && label === undefined) throw new UsageError(`--label is required: the model is class-conditional (${numClasses} classes).`);
    const image = await readImages([file], model);
    const size = height * width * channels;
    const inputs = new Uint8Array(count * size);
    for (let k = 0; k < count; k++) inputs.set(image.data, k * size);
    const bar = progressBar('complete');
    const result = await model.complete({ data: inputs, shape: [count, height, width, channels] }, {
      knownRows: rows,
      ...(seed !== undefined ? { seed } : {}),
      ...(label !== undefined ? { labels: label } : {}),
      ...(temperature !== undefined ? { temperature } : {}),
      onProgress: (done, total) => bar.update(done, total, 'pixels'),
    });
    bar.done();
    const shown = new Uint8Array((count + 1) * size).fill(255);
    shown.set(image.data.subarray(0, rows * width * channels));
    shown.set(result.data, size);
    await writeAtomically(out, await toPNG({ data: shown, shape: [count + 1, height, width, channels] }, { columns: count + 1 }));
    log(`${out}: ${file} with rows ${rows}-${height - 1} sampled ${count} times, seed ${result.seed}`);
  } finally {
    model.dispose();
  }
}
