/**
 * Three-way merge of backlogs (`ordo sync`, with the published backlog as ours and this
 * clone's unpublished one as theirs): items by number and field, goals
 * by id and field, the order as a whole, the audit trail as a union, move proposals by
 * their origin, the Product Owner's signatures as ours plus those of theirs that can follow.
 * Nothing is dropped silently: every value that could not be taken is named in a conflict.
 */
import { generateNKeysBetween } from 'fractional-indexing';
import { cycleThrough } from './dependencies.js';
import { normaliseLabels } from './labels.js';
import { isRanked } from './lifecycle.js';
import { RANK_KEY_CAP } from './ranking.js';
import { startSignatureWalk, stepSignatureWalk, type SignatureRow } from './signature.js';
import { compareKeys, eventIdentity, longestIncreasing, movedItems, rankedItems, type Snapshot, type SnapshotEvent, type SnapshotProposal } from './snapshot.js';
import type { Goal, Item } from './types.js';

export type MergeConflict =
  | { kind: 'item-field'; item: number; title: string; field: string; base: unknown; ours: unknown; theirs: unknown }
  | { kind: 'goal-field'; goal: string; field: string; base: unknown; ours: unknown; theirs: unknown }
  | { kind: 'removed-and-changed'; item?: number; goal?: string; side: 'ours' | 'theirs' }
  | { kind: 'move'; item: number; title: string; base: number | null; ours: number | null; theirs: number }
  | { kind: 'proposal'; item: number; title: string; proposedBy: string; createdAt: string; field: string; base: unknown; ours: unknown; theirs: unknown };

export interface Renumbered {
  from: number;
  to: number;
  title: string;
}

export interface MergeResult {
  merged: Snapshot;
  /** Kept ours; theirs is named here so that nothing is lost without a word. */
  conflicts: MergeConflict[];
  /** Their new items whose number our side had used for a different item. */
  renumbered: Renumbered[];
  /** Which side's order the result follows. */
  order: 'base' | 'ours' | 'theirs';
  signatures: SignatureMerge;
}

type StoredSignature = Omit<SignatureRow, 'id'>;

export interface SignatureMerge {
  /** Their signatures ours lacks that continue our chain (later counter, same key line): appended after ours. */
  appended: StoredSignature[];
  /**
   * Their signatures that cannot follow ours (a counter ours already used, a key ours
   * handed away from). Appending them would break `order-signed` for good, so they go
   * into the merge's audit event instead, and the Product Owner signs the merged order.
   */
  skipped: (StoredSignature & { why: string })[];
}

const same = (a: unknown, b: unknown) => a === b || JSON.stringify(a) === JSON.stringify(b);

/** Fields that change together with a status change, merged as one unit. */
const STATUS_GROUP = ['status', 'startedAt', 'doneAt', 'closedAt', 'reason'] as const;
const PLAIN_ITEM_FIELDS = ['title', 'description', 'type', 'value', 'rationale', 'goal', 'estimate', 'createdBy', 'createdAt'] as const;
const PLAIN_GOAL_FIELDS = ['id', 'title', 'description', 'horizon', 'metric', 'status', 'createdAt'] as const;

type Pick3<T> = { base: T | undefined; ours: T; theirs: T };

/** One side changed it: take that side. Both, differently: a conflict that keeps ours. */
function merge3<T>({ base, ours, theirs }: Pick3<T>, hasBase: boolean): { value: T; conflict: boolean } {
  if (same(ours, theirs)) return { value: ours, conflict: false };
  if (hasBase && same(base, ours)) return { value: theirs, conflict: false };
  if (hasBase && same(base, theirs)) return { value: ours, conflict: false };
  return { value: ours, conflict: true };
}

const later = (a: string, b: string) => (a >= b ? a : b);

function mergeItem(base: Item | undefined, ours: Item, theirs: Item, conflicts: MergeConflict[]): Item {
  const out: Item = { ...ours };
  const conflict = (field: string, b: unknown, o: unknown, t: unknown) =>
    conflicts.push({ kind: 'item-field', item: ours.number, title: ours.title, field, base: b, ours: o, theirs: t });
  for (const f of PLAIN_ITEM_FIELDS) {
    const r = merge3({ base: base?.[f], ours: ours[f], theirs: theirs[f] }, base !== undefined);
    (out as unknown as Record<string, unknown>)[f] = r.value;
    if (r.conflict) conflict(f, base?.[f], ours[f], theirs[f]);
  }
  const group = (i: Item | undefined) => (i ? STATUS_GROUP.map((f) => i[f]) : undefined);
  const status = merge3({ base: group(base), ours: group(ours)!, theirs: group(theirs)! }, base !== undefined);
  STATUS_GROUP.forEach((f, i) => ((out as unknown as Record<string, unknown>)[f] = status.value[i]));
  if (status.conflict) {
    const f = STATUS_GROUP.find((g) => !same(ours[g], theirs[g])) ?? 'status';
    conflict(f, base?.[f], ours[f], theirs[f]);
  }
  out.labels = normaliseLabels(mergeSet(base?.labels, ours.labels, theirs.labels, (l) => l.toLowerCase()));
  out.dependsOn = mergeSet(base?.dependsOn, ours.dependsOn, theirs.dependsOn, (n) => n).sort((a, b) => a - b);
  out.updatedAt = later(ours.updatedAt, theirs.updatedAt);
  return out;
}

/**
 * A set merged member by member: what one side added is added, what one side removed is
 * removed, so adding and removing different members on the two sides never conflicts.
 */
function mergeSet<T>(base: readonly T[] | undefined, ours: readonly T[], theirs: readonly T[], id: (x: T) => string | number): T[] {
  const inBase = new Set((base ?? []).map(id));
  const inOurs = new Set(ours.map(id));
  const inTheirs = new Set(theirs.map(id));
  const out = new Map<string | number, T>();
  for (const x of [...ours, ...theirs]) {
    const k = id(x);
    if (out.has(k)) continue;
    const keep = inBase.has(k) ? inOurs.has(k) && inTheirs.has(k) : true;
    if (keep) out.set(k, x);
  }
  return [...out.values()];
}

/**
 * Each side's dependencies are free of cycles, but together they may not be: ours are
 * kept first, and a dependency only theirs added that would close a cycle is left out
 * and reported.
 */
function breakCycles(items: Item[], ours: ReadonlyMap<number, Item>, conflicts: MergeConflict[]): void {
  const graph = new Map<number, number[]>();
  const later: [Item, number][] = [];
  for (const item of items) {
    const own = new Set(ours.get(item.number)?.dependsOn ?? []);
    graph.set(item.number, item.dependsOn.filter((n) => own.has(n)));
    for (const n of item.dependsOn) if (!own.has(n)) later.push([item, n]);
  }
  for (const [item, n] of later) {
    const cycle = cycleThrough(graph, item.number, n);
    if (cycle) {
      const kept = item.dependsOn.filter((d) => d !== n);
      conflicts.push({ kind: 'item-field', item: item.number, title: item.title, field: 'dependsOn', base: null, ours: kept, theirs: item.dependsOn });
      item.dependsOn = kept;
    } else graph.get(item.number)!.push(n);
  }
}

function mergeGoal(base: Goal | undefined, ours: Goal, theirs: Goal, conflicts: MergeConflict[]): Goal {
  const out: Goal = { ...ours };
  for (const f of PLAIN_GOAL_FIELDS) {
    const r = merge3({ base: base?.[f], ours: ours[f], theirs: theirs[f] }, base !== undefined);
    (out as unknown as Record<string, unknown>)[f] = r.value;
    if (r.conflict) conflicts.push({ kind: 'goal-field', goal: ours.id, field: f, base: base?.[f], ours: ours[f], theirs: theirs[f] });
  }
  out.updatedAt = later(ours.updatedAt, theirs.updatedAt);
  return out;
}

/**
 * Merges records present in any of the three versions. A record removed on one side
 * goes when the other side left it unchanged; when the other side changed it, it stays
 * (with the change) and the removal is reported.
 */
function mergeRecords<T>(
  base: Map<string | number, T>,
  ours: Map<string | number, T>,
  theirs: Map<string | number, T>,
  mergeOne: (b: T | undefined, o: T, t: T) => T,
  removedAndChanged: (key: string | number, side: 'ours' | 'theirs') => void,
): T[] {
  const out: T[] = [];
  const keys = new Set([...base.keys(), ...ours.keys(), ...theirs.keys()]);
  for (const k of keys) {
    const b = base.get(k);
    const o = ours.get(k);
    const t = theirs.get(k);
    if (o && t) out.push(mergeOne(b, o, t));
    else if (o && !t) {
      if (!b) out.push(o);
      else if (!same(b, o)) {
        out.push(o);
        removedAndChanged(k, 'theirs');
      }
    } else if (t && !o) {
      if (!b) out.push(t);
      else if (!same(b, t)) {
        out.push(t);
        removedAndChanged(k, 'ours');
      }
    }
  }
  return out;
}

/** The sequence of `seq` restricted to the members of `keep`. */
const restrict = (seq: readonly number[], keep: ReadonlySet<number>) => seq.filter((n) => keep.has(n));

function orderChanged(base: readonly number[], side: readonly number[]): boolean {
  const inBase = new Set(base);
  const inBoth = new Set(side.filter((n) => inBase.has(n)));
  return !same(restrict(base, inBoth), restrict(side, inBoth));
}

/**
 * The final order: the primary side's sequence, minus items that left the order, plus
 * items that entered it, each placed after the item the other side had above it.
 */
function buildOrder(primary: readonly number[], secondary: readonly number[], ranked: ReadonlySet<number>): number[] {
  const seq = primary.filter((n) => ranked.has(n));
  const placed = new Set(seq);
  const after = new Map<number | null, number[]>();
  let last: number | null = null;
  for (const n of secondary) {
    if (!ranked.has(n)) continue;
    if (!placed.has(n)) {
      const list = after.get(last) ?? [];
      list.push(n);
      after.set(last, list);
      placed.add(n);
    }
    last = n;
  }
  const leftovers = [...ranked].filter((n) => !placed.has(n)).sort((a, b) => a - b);
  const out: number[] = [];
  // Depth-first emission with an explicit stack: a long chain of new items must not overflow.
  const emit = (root: number | null) => {
    const stack: (number | null)[] = [root];
    while (stack.length > 0) {
      const n = stack.pop()!;
      if (n !== null) out.push(n);
      const children = after.get(n);
      if (children) for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
    }
  };
  emit(null);
  for (const n of seq) emit(n);
  return [...out, ...leftovers];
}

/** Rank keys for a sequence: keeps as many existing keys as stay in order, fills the gaps. */
export function assignKeys(sequence: readonly number[], candidate: (n: number) => string | null): Map<number, string> {
  const keys = sequence.map(candidate);
  const known = keys.flatMap((k, i) => (k === null ? [] : [i]));
  const kept = longestIncreasing(known, (a, b) => compareKeys(keys[a]!, keys[b]!) < 0);
  const keep = new Array<boolean>(sequence.length).fill(false);
  known.forEach((i, x) => (keep[i] = kept[x]!));
  const out = new Map<number, string>();
  let i = 0;
  let lo: string | null = null;
  while (i < sequence.length) {
    if (keep[i]) {
      lo = keys[i]!;
      out.set(sequence[i]!, lo);
      i++;
      continue;
    }
    let j = i;
    while (j < sequence.length && !keep[j]) j++;
    const hi = j < sequence.length ? keys[j]! : null;
    const fresh = generateNKeysBetween(lo, hi, j - i);
    fresh.forEach((k, x) => out.set(sequence[i + x]!, k));
    i = j;
  }
  if ([...out.values()].some((k) => k.length > RANK_KEY_CAP)) {
    const even = generateNKeysBetween(null, null, sequence.length);
    return new Map(sequence.map((n, x) => [n, even[x]!]));
  }
  return out;
}

/**
 * Ours as it is, then their events that ours lacks (by content), in their order. Ours is
 * the published trail: appending keeps every published event at its place with its hash,
 * so what was signed over it stays covered.
 */
function mergeEvents(ours: readonly SnapshotEvent[], theirs: readonly SnapshotEvent[]): SnapshotEvent[] {
  const seen = new Map<string, number>();
  for (const e of ours) seen.set(eventIdentity(e), (seen.get(eventIdentity(e)) ?? 0) + 1);
  const extra: SnapshotEvent[] = [];
  for (const e of theirs) {
    const k = eventIdentity(e);
    const n = seen.get(k) ?? 0;
    if (n > 0) seen.set(k, n - 1);
    else extra.push(e);
  }
  return [...ours, ...extra];
}

/** What identifies a move proposal across copies: where it came from, not its local id. */
const proposalIdentity = (p: SnapshotProposal) => JSON.stringify([p.item, p.createdAt, p.proposedBy, p.placement, p.anchor]);

/** The decision on a proposal, merged as one unit like an item's status. */
const DECISION = ['status', 'decidedBy', 'decidedAt', 'reason'] as const;

/**
 * Move proposals by identity: a decision made on one side is taken; both sides deciding
 * differently is a conflict that keeps ours. Ours come first in their order (so our P1,
 * P2, … keep their numbers), then proposals only theirs holds.
 */
export function mergeProposals(
  base: readonly SnapshotProposal[],
  ours: readonly SnapshotProposal[],
  theirs: readonly SnapshotProposal[],
  titles: ReadonlyMap<number, string>,
  conflicts: MergeConflict[],
): SnapshotProposal[] {
  const index = (list: readonly SnapshotProposal[]) => new Map<string | number, SnapshotProposal>(list.map((p) => [proposalIdentity(p), p]));
  const merged = mergeRecords(
    index(base),
    index(ours),
    index(theirs),
    (b, o, t) => {
      const out: SnapshotProposal = { ...o };
      const why = merge3({ base: b?.why, ours: o.why, theirs: t.why }, b !== undefined);
      out.why = why.value;
      const decision = (p: SnapshotProposal | undefined) => (p ? DECISION.map((f) => p[f]) : undefined);
      const d = merge3({ base: decision(b), ours: decision(o)!, theirs: decision(t)! }, b !== undefined);
      DECISION.forEach((f, i) => ((out as unknown as Record<string, unknown>)[f] = d.value[i]));
      const conflict = (field: string, bv: unknown, ov: unknown, tv: unknown) =>
        conflicts.push({ kind: 'proposal', item: o.item, title: titles.get(o.item) ?? '', proposedBy: o.proposedBy, createdAt: o.createdAt, field, base: bv, ours: ov, theirs: tv });
      if (why.conflict) conflict('why', b?.why, o.why, t.why);
      if (d.conflict) {
        const f = DECISION.find((g) => !same(o[g], t[g])) ?? 'status';
        conflict(f, b?.[f], o[f], t[f]);
      }
      return out;
    },
    // ordo never deletes a proposal; one that only a side's import removed is kept when the other changed it.
    () => undefined,
  );
  const rank = new Map<string, number>();
  for (const p of [...ours, ...theirs]) if (!rank.has(proposalIdentity(p))) rank.set(proposalIdentity(p), rank.size);
  return merged.sort((a, b) => (rank.get(proposalIdentity(a)) ?? Infinity) - (rank.get(proposalIdentity(b)) ?? Infinity));
}

/**
 * Our signatures stay as they are. Theirs that ours lacks are appended when the signature
 * rules (core/signature.ts) accept them after ours: valid, by the key ours ends with, with
 * a higher counter. The merged audit trail is re-chained, so the latest signature no
 * longer covers it and `order-signed` asks the Product Owner to `ordo sign` the result.
 */
export function mergeSignatures(ours: readonly StoredSignature[], theirs: readonly StoredSignature[]): SignatureMerge {
  const identity = (r: StoredSignature) => `${r.counter}\n${r.signature}`;
  const known = new Set(ours.map(identity));
  const walk = startSignatureWalk();
  for (const row of ours) stepSignatureWalk(walk, row);
  const appended: StoredSignature[] = [];
  const skipped: SignatureMerge['skipped'] = [];
  for (const row of theirs) {
    if (known.has(identity(row))) continue;
    const rejected = stepSignatureWalk(walk, row);
    const stored: StoredSignature = { counter: row.counter, kind: row.kind, signedAt: row.signedAt, signer: row.signer, payload: row.payload, signature: row.signature };
    if (rejected) skipped.push({ ...stored, why: rejected.message });
    else appended.push(stored);
  }
  return { appended, skipped };
}

/** Two items with one number on both sides are the same item when created by the same person at the same time. */
const sameOrigin = (a: Item, b: Item) => a.createdAt === b.createdAt && a.createdBy === b.createdBy;

export function mergeSnapshots(base: Snapshot, ours: Snapshot, theirsIn: Snapshot): MergeResult {
  const conflicts: MergeConflict[] = [];
  const renumbered: Renumbered[] = [];

  // Their new items that collide with our new items take the next free numbers.
  const baseItems = new Map(base.items.map((i) => [i.number, i]));
  const ourItems = new Map(ours.items.map((i) => [i.number, i]));
  // A loop, not Math.max(...spread): 100,000 arguments overflow the stack.
  let next = 1;
  for (const s of [base, ours, theirsIn]) for (const i of s.items) if (i.number >= next) next = i.number + 1;
  const renumber = new Map<number, number>();
  for (const t of [...theirsIn.items].sort((a, b) => a.number - b.number)) {
    const o = ourItems.get(t.number);
    if (o && !baseItems.has(t.number) && !sameOrigin(o, t)) {
      renumber.set(t.number, next);
      renumbered.push({ from: t.number, to: next, title: t.title });
      next++;
    }
  }
  const theirs: Snapshot =
    renumber.size === 0
      ? theirsIn
      : {
          goals: theirsIn.goals,
          items: theirsIn.items.map((i) => ({
            ...i,
            number: renumber.get(i.number) ?? i.number,
            dependsOn: i.dependsOn.map((n) => renumber.get(n) ?? n),
          })),
          events: theirsIn.events.map((e) => (e.item !== null && renumber.has(e.item) ? { ...e, item: renumber.get(e.item)! } : e)),
          proposals: theirsIn.proposals?.map((p) => ({
            ...p,
            item: renumber.get(p.item) ?? p.item,
            anchor: p.anchor === null ? null : (renumber.get(p.anchor) ?? p.anchor),
          })),
          signatures: theirsIn.signatures,
        };

  const byId = (goals: Goal[]) => new Map<string | number, Goal>(goals.map((g) => [g.id.toLowerCase(), g]));
  const goals = mergeRecords(
    byId(base.goals),
    byId(ours.goals),
    byId(theirs.goals),
    (b, o, t) => mergeGoal(b, o, t, conflicts),
    (k, side) => conflicts.push({ kind: 'removed-and-changed', goal: String(k), side }),
  );

  const byNumber = (items: Item[]) => new Map<string | number, Item>(items.map((i) => [i.number, i]));
  const items = mergeRecords(
    byNumber(base.items),
    byNumber(ours.items),
    byNumber(theirs.items),
    (b, o, t) => mergeItem(b, o, t, conflicts),
    (k, side) => conflicts.push({ kind: 'removed-and-changed', item: Number(k), side }),
  )
    .map((i) => ({ ...i }))
    .sort((a, b) => a.number - b.number);
  breakCycles(items, ourItems, conflicts);

  // The order.
  const baseSeq = rankedItems(base.items).map((i) => i.number);
  const ourSeq = rankedItems(ours.items).map((i) => i.number);
  const theirSeq = rankedItems(theirs.items).map((i) => i.number);
  const oursMoved = orderChanged(baseSeq, ourSeq);
  const theirsMoved = orderChanged(baseSeq, theirSeq);
  const order: MergeResult['order'] = theirsMoved && !oursMoved ? 'theirs' : oursMoved ? 'ours' : 'base';
  const [primary, secondary] = order === 'theirs' ? [theirSeq, ourSeq] : [ourSeq, theirSeq];
  const ranked = new Set(items.filter((i) => isRanked(i.status)).map((i) => i.number));
  const sequence = buildOrder(primary, secondary, ranked);

  if (oursMoved && theirsMoved) {
    const inTheirs = new Set(theirSeq);
    const inBoth = new Set(ourSeq.filter((n) => inTheirs.has(n)));
    if (!same(restrict(ourSeq, inBoth), restrict(theirSeq, inBoth))) {
      const finalPos = new Map(sequence.map((n, i) => [n, i + 1]));
      const basePos = new Map(baseSeq.map((n, i) => [n, i + 1]));
      const theirPos = new Map(theirSeq.map((n, i) => [n, i + 1]));
      const theirMoves = movedItems(baseSeq, theirSeq);
      const titles = new Map(items.map((i) => [i.number, i.title]));
      for (const n of theirSeq) {
        if (!theirMoves.has(n)) continue;
        conflicts.push({ kind: 'move', item: n, title: titles.get(n) ?? '', base: basePos.get(n) ?? null, ours: finalPos.get(n) ?? null, theirs: theirPos.get(n)! });
      }
    }
  }

  const primaryKeys = new Map((order === 'theirs' ? theirs : ours).items.map((i) => [i.number, i.rank]));
  const secondaryKeys = new Map((order === 'theirs' ? ours : theirs).items.map((i) => [i.number, i.rank]));
  const keys = assignKeys(sequence, (n) => primaryKeys.get(n) ?? secondaryKeys.get(n) ?? null);
  for (const item of items) item.rank = keys.get(item.number) ?? null;

  const titles = new Map(items.map((i) => [i.number, i.title]));
  const proposals = mergeProposals(base.proposals ?? [], ours.proposals ?? [], theirs.proposals ?? [], titles, conflicts);
  const signatures = mergeSignatures(ours.signatures ?? [], theirs.signatures ?? []);

  return {
    merged: { goals, items, events: mergeEvents(ours.events, theirs.events), proposals, signatures: [...(ours.signatures ?? []), ...signatures.appended] },
    conflicts,
    renumbered,
    order,
    signatures,
  };
}
