/**
 * The `pixelcnnpp` command. Exit codes: 0 success, 1 failure while working, 2 bad usage.
 */
import { PixelCNNPPError } from '../errors.js';
import { UsageError, parseArgs } from './args.js';
import { CONVERT_HELP, convertCommand } from './convert.js';
import type { ParsedArgs } from './args.js';

interface Command {
  summary: string;
  help: string;
  flags: ReadonlySet<string>;
  run(args: ParsedArgs, log: (line: string) => void): Promise<void>;
}

const COMMANDS: Record<string, Command> = {
  convert: {
    summary: 'rewrite a TensorFlow-release or PyTorch-port checkpoint as a pixelcnnpp safetensors file',
    help: CONVERT_HELP,
    flags: new Set(['ema', 'help']),
    run: convertCommand,
  },
};

const HELP = `Usage: pixelcnnpp <command> [options]   (pixelcnnpp <command> --help for its options)

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
  const command = COMMANDS[name];
  if (command === undefined) {
    err(`pixelcnnpp: unknown command '${name}'. Commands: ${Object.keys(COMMANDS).join(', ')}.`);
    return 2;
  }
  try {
    const args = parseArgs(rest, command.flags);
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
    const message = error instanceof PixelCNNPPError || error instanceof Error ? error.message : String(error);
    err(`pixelcnnpp ${name}: ${message}`);
    return 1;
  }
}
