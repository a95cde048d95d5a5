/**
 * Reordering many items at once (`ordo reorder`): from the current order and the
 * order the Product Owner wants, the fewest items to move and their new rank keys.
 * Items whose relative order did not change keep their rank keys, so the change a
 * reorder writes (and the diff git shows) is as small as it can be.
 */
import { generateNKeysBetween } from 'fractional-indexing';
import { RANK_KEY_CAP, type RankedRef } from './ranking.js';

export interface PlannedMove {
  number: number;
  /** The new rank key. */
  rank: string;
  /** 1-based positions before and after the reorder. */
  from: number;
  to: number;
}

/**
 * Indices (into `seq`) of one longest strictly increasing subsequence, in O(n log n).
 * These are the items that can stay where they are.
 */
export function longestIncreasingSubsequence(seq: readonly number[]): number[] {
  const tails: number[] = []; // tails[k]: index of the smallest tail of an increasing run of length k+1
  const prev: number[] = new Array<number>(seq.length).fill(-1);
  for (let i = 0; i < seq.length; i++) {
    const v = seq[i]!;
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (seq[tails[mid]!]! < v) lo = mid + 1;
      else hi = mid;
    }
    if (lo > 0) prev[i] = tails[lo - 1]!;
    tails[lo] = i;
  }
  const out: number[] = [];
  for (let i = tails.length > 0 ? tails[tails.length - 1]! : -1; i !== -1; i = prev[i]!) out.push(i);
  return out.reverse();
}

/**
 * Plans a reorder. `current` is the whole order, top first; `wanted` the item numbers in
 * their new order (the same items). Returns the moves, fewest first: an item stays unless
 * it is outside a longest run of items already in the right relative order. When new keys
 * between two kept neighbours would pass the key-length cap, those neighbours are moved too
 * (the window widens until the keys fit), as a single move does in planPlacement.
 */
export function planReorder(current: readonly RankedRef[], wanted: readonly number[], cap = RANK_KEY_CAP): PlannedMove[] {
  const indexOf = new Map(current.map((ref, i) => [ref.number, i]));
  if (wanted.length !== current.length || new Set(wanted).size !== wanted.length || wanted.some((n) => !indexOf.has(n))) {
    throw new Error('planReorder: the new order must hold exactly the items of the current order');
  }
  const seq = wanted.map((n) => indexOf.get(n)!);
  const kept = new Array<boolean>(wanted.length).fill(false);
  for (const i of longestIncreasingSubsequence(seq)) kept[i] = true;

  for (;;) {
    const ranks = new Array<string>(wanted.length);
    let tooLong: { start: number; end: number } | null = null;
    let i = 0;
    while (i < wanted.length && tooLong === null) {
      if (kept[i]) {
        ranks[i] = current[seq[i]!]!.rank;
        i += 1;
        continue;
      }
      let end = i;
      while (end < wanted.length && !kept[end]) end += 1;
      const lo = i > 0 ? ranks[i - 1]! : null;
      const hi = end < wanted.length ? current[seq[end]!]!.rank : null;
      const keys = generateNKeysBetween(lo, hi, end - i);
      if (keys.some((k) => k.length > cap) && (lo !== null || hi !== null)) tooLong = { start: i, end };
      else keys.forEach((k, j) => (ranks[i + j] = k));
      i = end;
    }
    if (tooLong === null) {
      const moves: PlannedMove[] = [];
      wanted.forEach((number, to) => {
        if (!kept[to]) moves.push({ number, rank: ranks[to]!, from: seq[to]! + 1, to: to + 1 });
      });
      return moves;
    }
    // Release the kept neighbours on both sides of the crowded run and try again.
    const width = Math.max(1, tooLong.end - tooLong.start);
    for (let j = Math.max(0, tooLong.start - width); j < Math.min(wanted.length, tooLong.end + width); j++) kept[j] = false;
  }
}
