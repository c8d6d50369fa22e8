/** `pixelcnnpp logprob`: the log-likelihood of PNG images. */
import type { OptionSpec, ParsedArgs } from './args.js';
import { UsageError } from './args.js';
import { MODEL_OPTIONS, MODEL_OPTIONS_HELP, labelOption, loadModelOption, readImages } from './model.js';

export const LOGPROB_HELP = `Usage: pixelcnnpp logprob FILE.png... [options]

Prints log p(image) in nats and bits/dim for each file. For a class-conditional model without
--label, p(image) is the average over classes of p(image | class) (a uniform prior), and the
most likely class is printed too.

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
    const images = await readImages(files, model);
    const { height, width, channels } = model.config;
    const dims = height * width * channels;
    // Without --label a class-conditional model sums the classes out (uniform prior) and names the likeliest.
    const { nats, mostLikelyLabels: best } = await model.logProb(images, label !== undefined ? { labels: label } : {});
    const rows = files.map((file, i) => ({
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
  } finally {
    model.dispose();
  }
}
