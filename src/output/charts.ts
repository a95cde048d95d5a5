/** Terminal pictures: horizontal bars and sparklines, plain text so they survive NO_COLOR and pipes. */

const SPARKS = '▁▂▃▄▅▆▇█';

/** A bar `width` cells wide, filled (█) for `share` (0 to 1) and the rest shown as track (░). */
export function bar(share: number, width: number): string {
  const clamped = Number.isFinite(share) ? Math.min(1, Math.max(0, share)) : 0;
  let filled = Math.round(clamped * width);
  // Something above zero always shows, and only a whole share fills the bar.
  if (clamped > 0 && filled === 0) filled = 1;
  if (clamped < 1 && filled === width && width > 0) filled = width - 1;
  return '█'.repeat(filled) + '░'.repeat(width - filled);
}

/**
 * One character per value, scaled to the largest: zero is the lowest block (▁), any
 * value above zero at least ▂, the largest █.
 */
export function sparkline(values: readonly number[]): string {
  const max = Math.max(0, ...values);
  return values
    .map((v) => {
      if (max === 0 || v <= 0) return SPARKS[0];
      return SPARKS[1 + Math.round((v / max) * (SPARKS.length - 2))];
    })
    .join('');
}

export function percent(share: number | null): string {
  return share === null ? '-' : `${Math.round(share * 100)}%`;
}
