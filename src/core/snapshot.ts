/**
 * A whole backlog as plain data: goals, items with their status and rank key, and the
 * audit trail. Export, import, `ordo diff` and `ordo sync` all work on
 * this one model, so each of them sees the same backlog the same way.
 */
import type { EventContent } from './audit.js';
import type { SignatureRow } from './signature.js';
import type { Goal, Item, MoveProposal } from './types.js';

/** An audit row without its database id: ids are local, content is what is shared. */
export type SnapshotEvent = EventContent;

/** A move proposal without its local id (P1, P2, … are numbered per database). */
export type SnapshotProposal = Omit<MoveProposal, 'id'>;

export interface Snapshot {
  goals: Goal[];
  /** Every item, whatever its status, sorted by number. */
  items: Item[];
  /** The audit trail, oldest first. */
  events: SnapshotEvent[];
  /**
   * Move proposals, oldest first. Absent: the snapshot does not speak of them (an import
   * file), and writing it leaves the stored proposals as they are.
   */
  proposals?: SnapshotProposal[];
  /** The Product Owner's order signatures in id order; read for the merge, never rewritten. */
  signatures?: Omit<SignatureRow, 'id'>[];
}

export const EMPTY_SNAPSHOT: Snapshot = { goals: [], items: [], events: [] };

/** The ranked items, top of the order first. */
export function rankedItems(items: readonly Item[]): Item[] {
  return items.filter((i) => i.rank !== null).sort((a, b) => compareKeys(a.rank!, b.rank!));
}

/** Rank keys compare as byte strings, the way SQLite compares TEXT with BINARY collation. */
export function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Item number → 1-based position in the order. */
export function positions(items: readonly Item[]): Map<number, number> {
  return new Map(rankedItems(items).map((item, i) => [item.number, i + 1]));
}

/** What identifies an event across copies of a backlog: its content, not its local id. */
export function eventIdentity(e: SnapshotEvent): string {
  return JSON.stringify([e.at, e.actor, e.source, e.command, e.action, e.item, e.goal, e.details]);
}

/** The item fields a person edits or a workflow step changes; rank is the order's business. */
export const ITEM_FIELDS = [
  'title',
  'description',
  'type',
  'value',
  'rationale',
  'goal',
  'estimate',
  'status',
  'createdBy',
  'createdAt',
  'updatedAt',
  'startedAt',
  'doneAt',
  'closedAt',
  'reason',
  'labels',
  'dependsOn',
] as const satisfies readonly (keyof Item)[];
export type ItemField = (typeof ITEM_FIELDS)[number];

export const GOAL_FIELDS = ['title', 'description', 'horizon', 'metric', 'status', 'createdAt', 'updatedAt'] as const satisfies readonly (keyof Goal)[];
export type GoalField = (typeof GOAL_FIELDS)[number];

/**
 * Marks the elements of a longest strictly increasing subsequence, O(n log n).
 * Used to find what moved (the rest) and which rank keys can be kept.
 */
export function longestIncreasing<T>(values: readonly T[], less: (a: T, b: T) => boolean): boolean[] {
  const tails: number[] = [];
  const prev = new Array<number>(values.length).fill(-1);
  for (let i = 0; i < values.length; i++) {
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (less(values[tails[mid]!]!, values[i]!)) lo = mid + 1;
      else hi = mid;
    }
    if (lo > 0) prev[i] = tails[lo - 1]!;
    tails[lo] = i;
  }
  const keep = new Array<boolean>(values.length).fill(false);
  for (let i = tails.length > 0 ? tails[tails.length - 1]! : -1; i >= 0; i = prev[i]!) keep[i] = true;
  return keep;
}

/**
 * Items whose relative order changed between two sequences of item numbers: the items
 * outside a longest common subsequence. Moving one item to the top reports that item,
 * not every item it pushed down.
 */
export function movedItems(before: readonly number[], after: readonly number[]): Set<number> {
  const inAfter = new Map(after.map((n, i) => [n, i]));
  const common = before.filter((n) => inAfter.has(n));
  const keep = longestIncreasing(
    common.map((n) => inAfter.get(n)!),
    (a, b) => a < b,
  );
  return new Set(common.filter((_, i) => !keep[i]));
}

/**
 * True when two snapshots hold the same backlog: the same goals, items (rank keys
 * included), audit trail, move proposals and signatures. Local row ids and hashes do not count.
 */
export function sameSnapshot(a: Snapshot, b: Snapshot): boolean {
  return canonicalSnapshot(a) === canonicalSnapshot(b);
}

function canonicalSnapshot(s: Snapshot): string {
  // Plain JSON: every copy of a record is made by the same mapping (the store's row readers,
  // or the merge's spreads of them), so fields come in one order; sorting keys would cost
  // more than the rest of a sync at 10,000 items.
  const goals = [...s.goals].sort((x, y) => (x.id.toLowerCase() < y.id.toLowerCase() ? -1 : 1));
  const items = [...s.items].sort((x, y) => x.number - y.number);
  const signatures = (s.signatures ?? []).map((r) => [r.counter, r.kind, r.signedAt, r.signer, r.payload, r.signature]);
  return JSON.stringify([goals, items, s.events.map(eventIdentity), s.proposals ?? [], signatures]);
}
