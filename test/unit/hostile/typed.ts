// What the hostile-input suite accepts as a failure: a typed error that says what was wrong.
import assert from 'node:assert/strict';
import { PixelCNNPPError } from '../../../src/errors.js';

const CODES = new Set(['E_BACKEND_UNAVAILABLE', 'E_WEIGHTS', 'E_SHAPE', 'E_INPUT', 'E_DISPOSED', 'E_WASM', 'E_CONFIG', 'E_TRAINING', 'E_BUSY']);

/** Messages of errors thrown by the engine, not by the package: a crash, not an answer. */
const INTERNAL =
  /Cannot read propert|Cannot convert undefined or null|Cannot destructure|is not a function|is not a constructor|is not iterable|Invalid typed array length|Invalid array length|Invalid string length|Maximum call stack|out of memory|Array buffer allocation failed|undefined \(reading|Reduce of empty array/;

/**
 * Asserts that `error` is a `PixelCNNPPError` with a known code, or a `TypeError`/`RangeError`
 * whose message starts by naming the argument (`images: ...`, `config.height: ...`), and not an
 * engine error that happens to share the type. Returns a short label for tallies.
 */
export function assertTyped(error: unknown, context: string): string {
  if (error instanceof PixelCNNPPError) {
    assert.ok(CODES.has(error.code), `${context}: unknown code ${error.code}`);
    assert.doesNotMatch(error.message, INTERNAL, `${context}: ${error.message}`);
    return error.code;
  }
  assert.ok(error instanceof TypeError || error instanceof RangeError, `${context}: expected a typed error, got ${String(error)}`);
  assert.doesNotMatch(error.message, INTERNAL, `${context}: engine error ${error.message}`);
  // `images: ...`, `config.height: ...`, `labels[3]: ...`; the backend choice as transformers.js words it.
  assert.match(error.message, /^(?:[A-Za-z_][\w.]*(\[[^\]]*\])*(\.\w+)*: \S|Unsupported backend: )/, `${context}: the message names no argument: ${error.message}`);
  return error.name;
}

/** Runs `call`; a rejection must be typed (returns its label), a result is returned as `ok`. */
export async function settleTyped<T>(call: () => Promise<T> | T, context: string): Promise<{ ok: true; value: T } | { ok: false; label: string }> {
  try {
    return { ok: true, value: await call() };
  } catch (error) {
    return { ok: false, label: assertTyped(error, context) };
  }
}

/** Tallies labels, for the suite's diagnostics. */
export function tally(labels: string[]): string {
  const counts = new Map<string, number>();
  for (const label of labels) counts.set(label, (counts.get(label) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1]).map(([label, n]) => `${label} ${n}`).join(', ');
}
