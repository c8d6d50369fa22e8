/**
 * Ctrl-C (SIGINT) and SIGTERM while a command runs: the files being written are removed at
 * once (synchronously, before the process ends), so an interruption never leaves a half-written
 * `.partial` file; complete outputs from earlier are kept.
 */
import { unlinkSync } from 'node:fs';

const partialFiles = new Set<string>();

/** Removes `path` if the process is interrupted before the returned function is called. */
export function removeOnInterrupt(path: string): () => void {
  partialFiles.add(path);
  return () => partialFiles.delete(path);
}

/** Removes every file registered with `removeOnInterrupt` that still exists. */
export function removePartialFiles(): void {
  for (const path of partialFiles) {
    try {
      unlinkSync(path);
    } catch {
      // not created yet, or already renamed
    }
  }
  partialFiles.clear();
}

const SIGNALS = ['SIGINT', 'SIGTERM'] as const;

/**
 * While installed, an interrupting signal removes the partial files and calls `onInterrupt`
 * (which ends the process). Returns the uninstaller.
 */
export function handleInterrupts(onInterrupt: (signal: (typeof SIGNALS)[number]) => void): () => void {
  const handler = (signal: (typeof SIGNALS)[number]) => {
    removePartialFiles();
    onInterrupt(signal);
  };
  for (const signal of SIGNALS) process.on(signal, handler);
  return () => {
    for (const signal of SIGNALS) process.off(signal, handler);
  };
}
