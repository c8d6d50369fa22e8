/** `pixelcnnpp logprob`: the log-likelihood of PNG images. */
import type { OptionSpec, ParsedArgs } from './args.js';
import { UsageError } from './args.js';
import { PartialFailure } from './failure.js';
import { MODEL_OPTIONS, MODEL_OPTIONS_HELP, labelOption, loadModelOption, readImage } from './model.js';

export const LOGPROB_HELP = `Usage: pixelcnnpp logprob FILE.png... [options]

Prints log p(image) in nats and bits/dim for each file. For a class-conditional model without
--label, p(image) is the average over classes of p(image | class) (a uniform prior), and the
most likely class is printed too. A file that cannot be read is reported on stderr after the
others are printed, and the exit code is 1.

  --label L                 condition on this class instead
  --json                    one JSON array of {file, nats, bitsPerDim, label?} on stdout
${MODEL_OPTIONS_HELP}
`;

export const LOGPROB_OPTIONS: OptionSpec = { flags: ['json'], values: MODEL_OPTIONS };

export async function logprobCommand(args: ParsedArgs, log: (line: string) => void): Promise<void> {
  const files = args.positionals;
  if (files.length === 0) throw new UsageError('logprob takes one or more PNG files.');
  const model = await loadModelOption(args);
  try {
    const label = labelOption(args, model);
    const { height, width, channels } = model.config;
    const dims = height * width * channels;
    // Every readable file is scored; the others are reported after them.
    const readable: string[] = [];
    const problems: string[] = [];
    const pixels: Uint8Array[] = [];
    for (const file of args.positionals) {
      try {
        pixels.push(await readImage(file, model));
        readable.push(file);
      } catch (error) {
        problems.push((error as Error).message);
      }
    }
    const n = readable.length;
    if (n === 0) throw new PartialFailure(problems);
    const images = { data: new Uint8Array(n * dims), shape: [n, height, width, channels] as [number, number, number, number] };
    pixels.forEach((image, i) => images.data.set(image, i * dims));
    // Without --label a class-conditional model sums the classes out (uniform prior) and names the likeliest.
    const { nats, mostLikelyLabels: best } = await model.logProb(images, label !== undefined ? { labels: label } : {});
    const rows = readable.map((file, i) => ({
      file,
      nats: nats[i]!,
      bitsPerDim: -nats[i]! / (dims * Math.LN2),
      ...(label !== undefined ? { label } : best ? { likelyClass: best[i]! } : {}),
    }));
    if (args.options.get('json') === true) log(JSON.stringify(rows, null, 2));
    else {
      for (const row of rows) {
        const cls = 'likelyClass' in row ? `, most likely class ${row.likelyClass}` : '';
        log(`${row.file}: ${row.nats.toFixed(2)} nats, ${row.bitsPerDim.toFixed(4)} bits/dim${cls}`);
      }
    }
    if (problems.length > 0) throw new PartialFailure(problems);
  } finally {
    model.dispose();
  }
}
