/** Defaults of ordo.yml that code outside the schema needs too; kept apart so that using them does not load zod. */
export const DEFAULT_SCALE = [1, 2, 3, 5, 8, 13, 21];

/** Item key prefixes: ORD in ORD-12. */
export const PREFIX_PATTERN = /^[A-Z][A-Z0-9]{0,9}$/;

/** Where and how `ordo sync` shares the backlog when ordo.yml does not say. */
export const SYNC_DEFAULTS = { remote: 'origin', branch: 'ordo/backlog', staleAfter: '1d' } as const;

/** A span of time as ordo.yml writes it: 30m, 12h, 1d, 2w. */
export const DURATION_PATTERN = /^([1-9][0-9]{0,5})([mhdw])$/;

/** Milliseconds in a duration written as DURATION_PATTERN allows. */
export function durationMs(text: string): number {
  const m = DURATION_PATTERN.exec(text);
  if (!m) throw new Error(`not a duration: ${text}`);
  const unit = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 }[m[2] as 'm' | 'h' | 'd' | 'w'];
  return Number(m[1]) * unit;
}
