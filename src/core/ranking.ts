/**
 * The order is stored as fractional rank keys (DESIGN.md section 7): placing an item
 * between two others writes one row. Keys grow when many items go into the same gap,
 * so they are capped; past the cap a window of neighbours is re-keyed evenly.
 */
import { generateKeyBetween, generateNKeysBetween } from 'fractional-indexing';
import { UsageError } from '../errors.js';
import { parsePosition } from './numbers.js';

/** Longest rank key ordo writes. Long enough that rebalancing is rare, short enough to index well. */
export const RANK_KEY_CAP = 24;

const FIRST_WINDOW = 8;

export interface RankedRef {
  number: number;
  rank: string;
}

/**
 * The ranked items on either side of the gap where an item is being placed
 * (the item itself excluded): `before(n)` the n closest above the gap, top first;
 * `after(n)` the n closest below it, top first.
 */
export interface GapView {
  before(count: number): RankedRef[];
  after(count: number): RankedRef[];
  /** The keys just above and just below the gap, when the caller knows them already (saves two lookups). */
  bounds?: { above: string | null; below: string | null };
}

export interface PlacementPlan {
  /** The rank key for the placed item. */
  key: string;
  /** Neighbours that must be re-keyed first, when the gap was too narrow. */
  rekey: { number: number; rank: string }[];
}

/** Plans the rank key for an item entering the gap that `view` describes. */
export function planPlacement(view: GapView, cap = RANK_KEY_CAP): PlacementPlan {
  const above = view.bounds ? view.bounds.above : (view.before(1)[0]?.rank ?? null);
  const below = view.bounds ? view.bounds.below : (view.after(1)[0]?.rank ?? null);
  const key = generateKeyBetween(above, below);
  if (key.length <= cap) return { key, rekey: [] };

  for (let width = FIRST_WINDOW; ; width *= 2) {
    const before = view.before(width + 1);
    const after = view.after(width + 1);
    const lo = before.length > width ? before[0]!.rank : null;
    const hi = after.length > width ? after[after.length - 1]!.rank : null;
    const windowBefore = before.length > width ? before.slice(1) : before;
    const windowAfter = after.length > width ? after.slice(0, -1) : after;
    const keys = generateNKeysBetween(lo, hi, windowBefore.length + 1 + windowAfter.length);
    if (keys.every((k) => k.length <= cap) || (lo === null && hi === null)) {
      const rekey = [
        ...windowBefore.map((ref, i) => ({ number: ref.number, rank: keys[i]! })),
        ...windowAfter.map((ref, i) => ({ number: ref.number, rank: keys[windowBefore.length + 1 + i]! })),
      ];
      return { key: keys[windowBefore.length]!, rekey };
    }
  }
}

/** Rank keys for `count` items appended in a row after `last` (null: an empty order). */
export function keysAfter(last: string | null, count: number): string[] {
  return generateNKeysBetween(last, null, count);
}

const BASE_62 = /^[0-9A-Za-z]+$/;
/** fractional-indexing's smallest integer, which it refuses as a key: the head A and 26 zeros. */
const SMALLEST_INTEGER = `A${'0'.repeat(26)}`;

/**
 * True when a key is well-formed for ordo: base-62 fractional key within the cap. The key is
 * held to fractional-indexing's own rules for its default digits (validateOrderKey), without
 * calling it: `ordo check` asks this of every ranked item, and generating a key only to see
 * whether the library throws cost more than the rest of the order's checks together. A unit
 * test holds the two to the same answers.
 */
export function isValidRankKey(key: string, cap = RANK_KEY_CAP): boolean {
  if (key.length === 0 || key.length > cap) return false;
  // The library checks the head and the trailing digit only; the rest must be base-62 too.
  if (!BASE_62.test(key)) return false;
  // The head gives the length of the integer part: a-z 2 to 27, Z-A 2 to 27.
  const head = key.charCodeAt(0);
  const integerLength = head >= 97 ? head - 95 : head >= 65 && head <= 90 ? 92 - head : 0;
  if (integerLength === 0 || integerLength > key.length || key === SMALLEST_INTEGER) return false;
  // A fraction, if any, never ends in the zero digit.
  return key.length === integerLength || key.charCodeAt(key.length - 1) !== 48;
}

export type Placement =
  | { kind: 'top' }
  | { kind: 'bottom' }
  | { kind: 'before'; key: string }
  | { kind: 'after'; key: string }
  | { kind: 'to'; position: number }
  | { kind: 'up'; by: number }
  | { kind: 'down'; by: number };

/** Parses `--at top|bottom|N|before:KEY|after:KEY`. */
export function parseAt(text: string): Placement {
  const t = text.trim();
  if (/^top$/i.test(t)) return { kind: 'top' };
  if (/^bottom$/i.test(t)) return { kind: 'bottom' };
  if (/^[0-9]+$/.test(t)) return { kind: 'to', position: parsePosition(t, '--at') };
  const m = /^(before|after):(.+)$/i.exec(t);
  if (m) return { kind: m[1]!.toLowerCase() as 'before' | 'after', key: m[2]!.trim() };
  throw new UsageError(
    `--at "${text}" is not a place in the order.`,
    'Use --at top, --at bottom, --at N (a position), --at before:KEY or --at after:KEY.',
  );
}

/**
 * The 1-based position an item ends at, given its current position (null when it is
 * not in the order yet) and the number of ranked items other than itself.
 * Relative placements (before/after) are resolved by the caller against keys.
 */
export function targetPosition(placement: Placement, current: number | null, others: number): number | null {
  const last = others + 1;
  switch (placement.kind) {
    case 'top':
      return 1;
    case 'bottom':
      return last;
    case 'to':
      if (placement.position > last) {
        throw new UsageError(
          `Position ${placement.position} is past the end of the order (${last} is the last position).`,
          `Use a position from 1 to ${last}, or --bottom.`,
        );
      }
      return placement.position;
    case 'up':
      return Math.max(1, (current ?? last) - placement.by);
    case 'down':
      return Math.min(last, (current ?? last) + placement.by);
    default:
      return null;
  }
}
