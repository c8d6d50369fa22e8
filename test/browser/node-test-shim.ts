// `node:test` for the browser run: the same describe/it/before/after on mocha's globals, so one
// test file serves both environments. Wrappers take no arguments so mocha never waits on `done`.
type Fn = () => unknown;
type Options = { timeout?: number; skip?: boolean | string };

interface MochaContext {
  timeout(ms: number): void;
}
interface MochaGlobals {
  describe(name: string, fn: (this: MochaContext) => void): void;
  it(name: string, fn: (this: MochaContext) => unknown): void;
  before(fn: (this: MochaContext) => unknown): void;
  after(fn: (this: MochaContext) => unknown): void;
  beforeEach(fn: (this: MochaContext) => unknown): void;
  afterEach(fn: (this: MochaContext) => unknown): void;
}
const mocha = globalThis as unknown as MochaGlobals;

function split(a: Options | Fn | undefined, b: Fn | undefined): [Options, Fn] {
  return typeof a === 'function' ? [{}, a] : [a ?? {}, b as Fn];
}

// Browser backends (SwiftShader WebGPU above all) are slower than Node's cpu backend.
const DEFAULT_TIMEOUT_MS = 300_000;

export function describe(name: string, a?: Options | Fn, b?: Fn): void {
  const [, fn] = split(a, b);
  mocha.describe(name, function () {
    this.timeout(DEFAULT_TIMEOUT_MS);
    fn();
  });
}

export function it(name: string, a?: Options | Fn, b?: Fn): void {
  const [options, fn] = split(a, b);
  if (options.skip) throw new Error(`test "${name}" asks to be skipped; tests here are never skipped`);
  mocha.it(name, function () {
    this.timeout(options.timeout ?? DEFAULT_TIMEOUT_MS);
    return fn();
  });
}
export const test = it;

function hook(register: (fn: (this: MochaContext) => unknown) => void) {
  return (a?: Options | Fn, b?: Fn) => {
    const [options, fn] = split(a, b);
    register(function () {
      this.timeout(options.timeout ?? DEFAULT_TIMEOUT_MS);
      return fn();
    });
  };
}
export const before = hook((fn) => mocha.before(fn));
export const after = hook((fn) => mocha.after(fn));
export const beforeEach = hook((fn) => mocha.beforeEach(fn));
export const afterEach = hook((fn) => mocha.afterEach(fn));
