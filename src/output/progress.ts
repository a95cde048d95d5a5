/** A small progress bar on stderr, for long imports and exports: only on a terminal, and cleared when done. */
export interface Progress {
  update(done: number, total: number): void;
  done(): void;
}

const NONE: Progress = { update: () => {}, done: () => {} };

/** Shows nothing unless `stream` is a terminal and the job has at least `minimum` rows. */
export function createProgress(stream: { isTTY?: boolean; write(s: string): unknown }, label: string, minimum = 5000): Progress {
  if (!stream.isTTY) return NONE;
  let last = -1;
  const width = 30;
  return {
    update(done, all) {
      if (all < minimum) return;
      const pct = Math.floor((done / Math.max(1, all)) * 100);
      if (pct === last) return;
      last = pct;
      const filled = Math.round((pct / 100) * width);
      stream.write(`\r${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${pct}% ${done}/${all}`);
    },
    done() {
      if (last !== -1) stream.write(`\r${' '.repeat(label.length + width + 30)}\r`);
    },
  };
}
