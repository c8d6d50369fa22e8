/** A small argv parser: `--name value`, `--name=value`, `--flag`, `--no-flag`, positionals. */
export interface ParsedArgs {
  positionals: string[];
  options: Map<string, string | boolean>;
}

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export function parseArgs(argv: readonly string[], flags: ReadonlySet<string>): ParsedArgs {
  const positionals: string[] = [];
  const options = new Map<string, string | boolean>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('--')) {
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq < 0 ? undefined : eq);
    if (eq >= 0) options.set(name, arg.slice(eq + 1));
    else if (flags.has(name)) options.set(name, true);
    else if (name.startsWith('no-') && flags.has(name.slice(3))) options.set(name.slice(3), false);
    else {
      const value = argv[i + 1];
      if (value === undefined || value.startsWith('--')) throw new UsageError(`--${name} needs a value.`);
      options.set(name, value);
      i++;
    }
  }
  return { positionals, options };
}

/** An integer option, or undefined when absent. */
export function intOption(args: ParsedArgs, name: string): number | undefined {
  const raw = args.options.get(name);
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (typeof raw !== 'string' || !Number.isInteger(value)) throw new UsageError(`--${name}: expected an integer, got '${raw}'.`);
  return value;
}

/** A finite number option, or undefined when absent. */
export function numberOption(args: ParsedArgs, name: string): number | undefined {
  const raw = args.options.get(name);
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (typeof raw !== 'string' || raw.trim() === '' || !Number.isFinite(value)) throw new UsageError(`--${name}: expected a number, got '${raw}'.`);
  return value;
}

const BACKENDS = ['auto', 'webgpu', 'wasm', 'cpu'] as const;

/** `--backend`, checked against the known names. */
export function backendOption(args: ParsedArgs): (typeof BACKENDS)[number] | undefined {
  const raw = args.options.get('backend');
  if (raw === undefined) return undefined;
  if (!BACKENDS.includes(raw as (typeof BACKENDS)[number])) throw new UsageError(`--backend: expected one of ${BACKENDS.join(', ')}, got '${raw}'.`);
  return raw as (typeof BACKENDS)[number];
}
