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

/** The options a command takes: `flags` stand alone (`--json`, `--no-ema`), `values` take one. */
export interface OptionSpec {
  readonly flags: readonly string[];
  readonly values: readonly string[];
}

/**
 * Parses `argv` against `spec`. An option the command does not take is a usage error, so a
 * misspelt `--epoch 30` fails instead of silently training with the default.
 */
export function parseArgs(argv: readonly string[], spec: OptionSpec): ParsedArgs {
  const positionals: string[] = [];
  const options = new Map<string, string | boolean>();
  const isFlag = (name: string) => name === 'help' || spec.flags.includes(name);
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('--')) {
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq < 0 ? undefined : eq);
    if (isFlag(name)) {
      if (eq >= 0) throw new UsageError(`--${name} takes no value.`);
      options.set(name, true);
    } else if (name.startsWith('no-') && isFlag(name.slice(3))) {
      options.set(name.slice(3), false);
    } else if (!spec.values.includes(name)) {
      throw new UsageError(`unknown option '--${name}'${suggestion(name, spec)}.`);
    } else if (eq >= 0) {
      options.set(name, arg.slice(eq + 1));
    } else {
      const value = argv[i + 1];
      if (value === undefined || value.startsWith('--')) throw new UsageError(`--${name} needs a value.`);
      options.set(name, value);
      i++;
    }
  }
  return { positionals, options };
}

/** `; did you mean '--epochs'?` for the closest known option within two edits, else nothing. */
function suggestion(name: string, spec: OptionSpec): string {
  let best: string | undefined;
  let bestDistance = 3;
  for (const known of ['help', ...spec.flags, ...spec.values]) {
    const distance = editDistance(name, known);
    if (distance < bestDistance) [best, bestDistance] = [known, distance];
  }
  return best === undefined ? '' : `; did you mean '--${best}'?`;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
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
