/** Seeds shown to people: random, short enough to read and retype. */
export function randomSeed(): number {
  return crypto.getRandomValues(new Uint32Array(1))[0]! % 1_000_000;
}

/** The seed in `input`, or undefined (and the input marked invalid) when it is not one. */
export function readSeed(input: HTMLInputElement): number | undefined {
  const text = input.value.trim();
  const seed = Number(text);
  const valid = text !== '' && Number.isSafeInteger(seed) && seed >= 0;
  input.setCustomValidity(valid ? '' : 'A seed is a whole number from 0 to 9007199254740991.');
  if (!valid) input.reportValidity();
  return valid ? seed : undefined;
}
