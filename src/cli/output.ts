/**
 * Writing the command line's results: the output path is checked before any work starts (a
 * typo in a folder name should not cost an hour of training), and files are written next to
 * their target and renamed, with the half-written copy removed if the process is interrupted.
 */
import { constants } from 'node:fs';
import { access, rename, stat, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { removeOnInterrupt } from './interrupt.js';

/** Throws naming `option` (`--out`, or the argument) unless `path` can be created or overwritten. */
export async function checkOutputPath(option: string, path: string): Promise<void> {
  const folder = dirname(resolve(path));
  const info = await stat(folder).catch(() => undefined);
  if (info === undefined) throw new Error(`${option} ${path}: the folder ${folder} does not exist.`);
  if (!info.isDirectory()) throw new Error(`${option} ${path}: ${folder} is not a folder.`);
  const existing = await stat(path).catch(() => undefined);
  if (existing?.isDirectory()) throw new Error(`${option} ${path}: is a folder; give a file name.`);
  await access(existing ? path : folder, constants.W_OK).catch(() => {
    throw new Error(`${option} ${path}: not writable (permission denied on ${existing ? path : folder}).`);
  });
}

/** Writes `path.partial` and renames it to `path`, so `path` is never half a file. */
export async function writeAtomically(path: string, bytes: Uint8Array): Promise<void> {
  const partial = `${path}.partial`;
  const forget = removeOnInterrupt(partial);
  try {
    await writeFile(partial, bytes);
    await rename(partial, path);
  } finally {
    forget();
  }
}
