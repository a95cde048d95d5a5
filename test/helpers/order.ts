/**
 * An in-memory order for testing the ranking core without SQLite: an array of
 * ranked items kept in the order the test intends, with planPlacement deciding keys.
 */
import { keysAfter, planPlacement, RANK_KEY_CAP, type GapView, type PlacementPlan, type RankedRef } from '../../src/core/ranking.js';

export class ArrayOrder {
  /** The intended order, top first. Keys must be strictly increasing along it. */
  items: RankedRef[];
  /** How many moves re-keyed neighbours (the cap was reached). */
  rebalances = 0;
  maxRekeyed = 0;

  constructor(
    count: number,
    readonly cap = RANK_KEY_CAP,
  ) {
    this.items = keysAfter(null, count).map((rank, i) => ({ number: i + 1, rank }));
  }

  numbers(): number[] {
    return this.items.map((i) => i.number);
  }

  indexOf(number: number): number {
    const i = this.items.findIndex((r) => r.number === number);
    if (i < 0) throw new Error(`item ${number} is not in the order`);
    return i;
  }

  /** The gap before 0-based `index` in `others` (the moving item already left out). */
  static gap(others: readonly RankedRef[], index: number): GapView {
    return {
      before: (count) => others.slice(Math.max(0, index - count), index).map((r) => ({ ...r })),
      after: (count) => others.slice(index, index + count).map((r) => ({ ...r })),
    };
  }

  /** Moves an item so that it ends at 1-based `position`; returns the plan that was applied. */
  moveTo(number: number, position: number): PlacementPlan {
    const others = this.items.filter((r) => r.number !== number);
    if (position < 1 || position > others.length + 1) throw new Error(`position ${position} out of range`);
    const plan = planPlacement(ArrayOrder.gap(others, position - 1), this.cap);
    if (plan.rekey.length > 0) {
      this.rebalances += 1;
      this.maxRekeyed = Math.max(this.maxRekeyed, plan.rekey.length);
    }
    const byNumber = new Map(others.map((r) => [r.number, r]));
    for (const { number: n, rank } of plan.rekey) {
      const ref = byNumber.get(n);
      if (!ref) throw new Error(`plan re-keys item ${n}, which is not a neighbour in the order`);
      ref.rank = rank;
    }
    others.splice(position - 1, 0, { number, rank: plan.key });
    this.items = others;
    return plan;
  }

  /** Moves an item directly below another one. */
  moveAfter(number: number, anchor: number): PlacementPlan {
    const others = this.items.filter((r) => r.number !== number);
    const i = others.findIndex((r) => r.number === anchor);
    return this.moveTo(number, i + 2);
  }

  /** Problems with the keys: duplicates, not strictly increasing along the intended order, over the cap. */
  problems(): string[] {
    const out: string[] = [];
    const seen = new Set<string>();
    this.items.forEach((r, i) => {
      if (seen.has(r.rank)) out.push(`duplicate key ${r.rank}`);
      seen.add(r.rank);
      if (r.rank.length > this.cap) out.push(`key ${r.rank} of item ${r.number} is ${r.rank.length} long`);
      const prev = this.items[i - 1];
      if (prev && !(prev.rank < r.rank)) out.push(`key ${prev.rank} (item ${prev.number}) does not sort before ${r.rank} (item ${r.number})`);
    });
    return out;
  }

  /** The order that sorting by key gives (what SQLite's ORDER BY rank returns). */
  sortedByKey(): number[] {
    return [...this.items].sort((a, b) => (a.rank < b.rank ? -1 : a.rank > b.rank ? 1 : 0)).map((r) => r.number);
  }

  maxKeyLength(): number {
    return Math.max(...this.items.map((r) => r.rank.length));
  }
}

/** The seeded PRNG the forecast uses (mulberry32), so random tests replay exactly. */
export { mulberry32 as seededRandom } from '../../src/core/forecast.js';
