/** The images shipped with the page (demo/scripts/make-examples.ts writes examples.json). */
import file from './examples.json';

export interface Example {
  id: string;
  name: string;
  kind: 'digit' | 'not-digit';
  label?: number;
  pixels: Uint8Array;
}

function decode(base64: string): Uint8Array {
  const binary = atob(base64);
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

export const EXAMPLES: readonly Example[] = file.examples.map((e) => ({
  id: e.id,
  name: e.name,
  kind: e.kind as Example['kind'],
  ...(e.label !== undefined ? { label: e.label } : {}),
  pixels: decode(e.pixels),
}));

export const HELD_OUT = EXAMPLES.filter((e) => e.kind === 'digit');
