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

/** What an option's value may be: bounds (inclusive unless said), described in messages. */
export interface ValueRange {
  min?: number;
  max?: number;
  /** `min` itself is not allowed (`> min`). */
  aboveMin?: boolean;
  /** `max` itself is not allowed (`< max`). */
  belowMax?: boolean;
}

function describeRange({ min, max, aboveMin, belowMax }: ValueRange, integer: boolean): string {
  const what = integer ? 'an integer' : 'a number';
  const maxText = (m: number) => (m === Number.MAX_SAFE_INTEGER ? '2^53 - 1' : String(m));
  if (min !== undefined && max !== undefined) return `${what} in ${aboveMin ? '(' : '['}${min}, ${maxText(max)}${belowMax ? ')' : ']'}`;
  if (min !== undefined) return `${what} ${aboveMin ? '>' : '>='} ${min}`;
  if (max !== undefined) return `${what} ${belowMax ? '<' : '<='} ${maxText(max)}`;
  return what;
}

function inRange(value: number, { min, max, aboveMin, belowMax }: ValueRange): boolean {
  if (min !== undefined && (aboveMin ? !(value > min) : !(value >= min))) return false;
  if (max !== undefined && (belowMax ? !(value < max) : !(value <= max))) return false;
  return true;
}

/**
 * An integer option, or undefined when absent. A value outside `range` (by default any safe
 * integer) is a usage error naming the option and what it takes.
 */
export function intOption(args: ParsedArgs, name: string, range: ValueRange = {}): number | undefined {
  const raw = args.options.get(name);
  if (raw === undefined) return undefined;
  const value = Number(raw);
  const bounds = { min: -Number.MAX_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER, ...range };
  if (typeof raw !== 'string' || raw.trim() === '' || !Number.isSafeInteger(value) || !inRange(value, bounds)) {
    throw new UsageError(`--${name}: expected ${describeRange(range, true)}, got '${raw}'.`);
  }
  return value;
}

/** A finite number option, or undefined when absent; outside `range` it is a usage error. */
export function numberOption(args: ParsedArgs, name: string, range: ValueRange = {}): number | undefined {
  const raw = args.options.get(name);
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (typeof raw !== 'string' || raw.trim() === '' || !Number.isFinite(value) || !inRange(value, range)) {
    throw new UsageError(`--${name}: expected ${describeRange(range, false)}, got '${raw}'.`);
  }
  return value;
}

/** One of `choices`, or undefined when absent. */
export function choiceOption<T extends string>(args: ParsedArgs, name: string, choices: readonly T[]): T | undefined {
  const raw = args.options.get(name);
  if (raw === undefined) return undefined;
  if (!choices.includes(raw as T)) throw new UsageError(`--${name}: expected one of ${choices.join(', ')}, got '${raw}'.`);
  return raw as T;
}

/** Ranges shared by several commands. */
export const POSITIVE: ValueRange = { min: 1 };
export const SEED: ValueRange = { min: 0, max: Number.MAX_SAFE_INTEGER };
export const TEMPERATURE: ValueRange = { min: 0, aboveMin: true };

const BACKENDS = ['auto', 'webgpu', 'wasm', 'cpu'] as const;

/** `--backend`, checked against the known names. */
export function backendOption(args: ParsedArgs): (typeof BACKENDS)[number] | undefined {
  return choiceOption(args, 'backend', BACKENDS);
}
