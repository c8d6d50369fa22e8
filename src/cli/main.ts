/**
 * The `pixelcnnpp` command. Exit codes: 0 success, 1 failure while working, 2 bad usage,
 * 130 interrupted (Ctrl-C; 143 for SIGTERM).
 */
import { PixelCNNPPError } from '../errors.js';
import { version } from '../version.js';
import { PartialFailure } from './failure.js';
import { handleInterrupts } from './interrupt.js';
import { UsageError, parseArgs } from './args.js';
import { CONVERT_HELP, CONVERT_OPTIONS, convertCommand } from './convert.js';
import { COMPLETE_HELP, COMPLETE_OPTIONS, completeCommand } from './complete.js';
import { LOGPROB_HELP, LOGPROB_OPTIONS, logprobCommand } from './logprob.js';
import { SAMPLE_HELP, SAMPLE_OPTIONS, sampleCommand } from './sample.js';
import { TRAIN_HELP, TRAIN_OPTIONS, trainCommand } from './train.js';
import type { OptionSpec, ParsedArgs } from './args.js';

interface Command {
  summary: string;
  help: string;
  /** Every option it takes (`--help` is implied). */
  options: OptionSpec;
  run(args: ParsedArgs, log: (line: string) => void): Promise<void>;
}

const COMMANDS: Record<string, Command> = {
  sample: { summary: 'draw images from a model (the bundled MNIST model by default)', help: SAMPLE_HELP, options: SAMPLE_OPTIONS, run: sampleCommand },
  logprob: { summary: 'print the log-likelihood of PNG images', help: LOGPROB_HELP, options: LOGPROB_OPTIONS, run: logprobCommand },
  complete: { summary: 'keep the top rows of a PNG image and sample the rest', help: COMPLETE_HELP, options: COMPLETE_OPTIONS, run: completeCommand },
  convert: {
    summary: 'rewrite a TensorFlow-release or PyTorch-port checkpoint as a pixelcnnpp safetensors file',
    help: CONVERT_HELP,
    options: CONVERT_OPTIONS,
    run: convertCommand,
  },
  train: {
    summary: 'train a model on MNIST or a folder of PNG images',
    help: TRAIN_HELP,
    options: TRAIN_OPTIONS,
    run: trainCommand,
  },
};

const HELP = `Usage: pixelcnnpp <command> [options]   (pixelcnnpp <command> --help for its options)
       pixelcnnpp --version

Commands:
${Object.entries(COMMANDS)
  .map(([name, command]) => `  ${name.padEnd(10)} ${command.summary}`)
  .join('\n')}
`;

export async function main(argv: readonly string[], out = console.log, err = console.error): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    out(HELP);
    return name === undefined ? 2 : 0;
  }
  if (name === '--version' || name === '-v' || name === 'version') {
    out(`pixelcnnpp ${version}`);
    return 0;
  }
  const command = COMMANDS[name];
  if (command === undefined) {
    err(`pixelcnnpp: unknown command '${name}'. Commands: ${Object.keys(COMMANDS).join(', ')}.`);
    return 2;
  }
  const stopHandlingInterrupts = handleInterrupts((signal) => {
    err(`pixelcnnpp ${name}: interrupted (${signal}); files being written were removed.`);
    process.exit(signal === 'SIGINT' ? 130 : 143);
  });
  try {
    const args = parseArgs(rest, command.options);
    if (args.options.get('help') === true) {
      out(command.help);
      return 0;
    }
    await command.run(args, out);
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      err(`pixelcnnpp ${name}: ${error.message} See 'pixelcnnpp ${name} --help'.`);
      return 2;
    }
    if (error instanceof PartialFailure) {
      for (const problem of error.problems) err(`pixelcnnpp ${name}: ${problem}`);
      return 1;
    }
    const message = error instanceof PixelCNNPPError || error instanceof Error ? error.message : String(error);
    err(`pixelcnnpp ${name}: ${message}`);
    return 1;
  } finally {
    stopHandlingInterrupts();
  }
}
