/**
 * A one-line progress bar on a terminal (redrawn in place), or a line every few seconds when
 * the output is a file or a pipe, so logs stay readable.
 */
export interface ProgressBar {
  update(done: number, total: number, detail?: string): void;
  /** Ends the bar's line. */
  done(): void;
}

interface Stream {
  isTTY?: boolean;
  write(text: string): unknown;
}

export function progressBar(label: string, stream: Stream = process.stderr, intervalMs = 10_000): ProgressBar {
  const started = Date.now();
  let last = 0;
  let drawn = false;
  const eta = (done: number, total: number) => {
    if (done === 0) return '';
    const left = ((Date.now() - started) / done) * (total - done) / 1000;
    return left >= 90 ? ` ${Math.round(left / 60)} min left` : ` ${Math.round(left)} s left`;
  };
  return {
    update(done, total, detail = '') {
      const now = Date.now();
      if (stream.isTTY) {
        const width = 24;
        const filled = Math.round((done / total) * width);
        stream.write(`\r${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}${detail ? ` ${detail}` : ''}${eta(done, total)}\x1b[K`);
        drawn = true;
      } else if (now - last >= intervalMs || done === total) {
        stream.write(`${label} ${done}/${total}${detail ? ` ${detail}` : ''}${eta(done, total)}\n`);
        last = now;
      }
    },
    done() {
      if (stream.isTTY && drawn) stream.write('\n');
      drawn = false;
    },
  };
}
