/** The semantic difference between two versions of a backlog (`ordo diff`). */
import { eventIdentity, GOAL_FIELDS, ITEM_FIELDS, movedItems, positions, rankedItems, type Snapshot } from './snapshot.js';
import type { Goal, Item } from './types.js';

export interface FieldChange {
  field: string;
  from: unknown;
  to: unknown;
}

export interface BacklogDiff {
  goals: {
    added: Goal[];
    removed: Goal[];
    changed: { id: string; title: string; changes: FieldChange[] }[];
  };
  items: {
    added: { item: Item; position: number | null }[];
    removed: { item: Item; position: number | null }[];
    /** Field changes; entering or leaving the order shows as a change of `position`. */
    edited: { number: number; title: string; changes: FieldChange[] }[];
  };
  /** Items ranked in both versions whose place relative to the others changed. */
  moves: { number: number; title: string; from: number; to: number }[];
  events: { added: number; removed: number };
}

/** updatedAt changes with every edit; showing it would only repeat that there was one. */
const QUIET_ITEM_FIELDS = new Set<string>(['updatedAt']);

function sameValue(a: unknown, b: unknown): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}

export function isEmptyDiff(d: BacklogDiff): boolean {
  return (
    d.goals.added.length + d.goals.removed.length + d.goals.changed.length +
      d.items.added.length + d.items.removed.length + d.items.edited.length + d.moves.length + d.events.added + d.events.removed ===
    0
  );
}

export function diffSnapshots(before: Snapshot, after: Snapshot): BacklogDiff {
  const diff: BacklogDiff = {
    goals: { added: [], removed: [], changed: [] },
    items: { added: [], removed: [], edited: [] },
    moves: [],
    events: { added: 0, removed: 0 },
  };

  const oldGoals = new Map(before.goals.map((g) => [g.id.toLowerCase(), g]));
  const newGoals = new Map(after.goals.map((g) => [g.id.toLowerCase(), g]));
  for (const [id, g] of newGoals) {
    const old = oldGoals.get(id);
    if (!old) {
      diff.goals.added.push(g);
      continue;
    }
    const changes: FieldChange[] = GOAL_FIELDS.filter((f) => f !== 'updatedAt' && !sameValue(old[f], g[f])).map((f) => ({ field: f, from: old[f], to: g[f] }));
    if (g.id !== old.id) changes.unshift({ field: 'id', from: old.id, to: g.id });
    if (changes.length > 0) diff.goals.changed.push({ id: g.id, title: g.title, changes });
  }
  for (const [id, g] of oldGoals) if (!newGoals.has(id)) diff.goals.removed.push(g);

  const oldPos = positions(before.items);
  const newPos = positions(after.items);
  const oldItems = new Map(before.items.map((i) => [i.number, i]));
  const newItems = new Map(after.items.map((i) => [i.number, i]));
  for (const item of after.items) {
    const old = oldItems.get(item.number);
    if (!old) {
      diff.items.added.push({ item, position: newPos.get(item.number) ?? null });
      continue;
    }
    const changes: FieldChange[] = ITEM_FIELDS.filter((f) => !QUIET_ITEM_FIELDS.has(f) && !sameValue(old[f], item[f])).map((f) => ({
      field: f,
      from: old[f],
      to: item[f],
    }));
    const from = oldPos.get(item.number) ?? null;
    const to = newPos.get(item.number) ?? null;
    if ((from === null) !== (to === null)) changes.push({ field: 'position', from, to });
    if (changes.length > 0) diff.items.edited.push({ number: item.number, title: item.title, changes });
  }
  for (const item of before.items) {
    if (!newItems.has(item.number)) diff.items.removed.push({ item, position: oldPos.get(item.number) ?? null });
  }

  const oldOrder = rankedItems(before.items).map((i) => i.number);
  const newOrder = rankedItems(after.items).map((i) => i.number);
  const moved = movedItems(oldOrder, newOrder);
  for (const number of newOrder) {
    if (moved.has(number)) {
      diff.moves.push({ number, title: newItems.get(number)!.title, from: oldPos.get(number)!, to: newPos.get(number)! });
    }
  }

  diff.events = eventChanges(before.events, after.events);
  return diff;
}

/** Events added and removed, by identity (content), counting repeats. */
function eventChanges(before: Snapshot['events'], after: Snapshot['events']): { added: number; removed: number } {
  const count = (events: Snapshot['events']) => {
    const m = new Map<string, number>();
    for (const e of events) m.set(eventIdentity(e), (m.get(eventIdentity(e)) ?? 0) + 1);
    return m;
  };
  const oldEvents = count(before);
  const newEvents = count(after);
  const changes = { added: 0, removed: 0 };
  for (const [k, n] of newEvents) changes.added += Math.max(0, n - (oldEvents.get(k) ?? 0));
  for (const [k, n] of oldEvents) changes.removed += Math.max(0, n - (newEvents.get(k) ?? 0));
  return changes;
}

export interface ChangeCounts {
  goals: { added: number; changed: number; removed: number };
  items: { added: number; changed: number; removed: number };
  events: { added: number; removed: number };
}

/** How many records an import or merge adds, changes and removes (rank keys included). */
export function countChanges(before: Snapshot, after: Snapshot): ChangeCounts {
  // Into a backlog without goals or items (the usual import) everything is added: no orders to compare.
  if (before.goals.length === 0 && before.items.length === 0) {
    return {
      goals: { added: after.goals.length, changed: 0, removed: 0 },
      items: { added: after.items.length, changed: 0, removed: 0 },
      events: eventChanges(before.events, after.events),
    };
  }
  const d = diffSnapshots(before, after);
  const old = new Map(before.items.map((i) => [i.number, i]));
  const edited = new Set(d.items.edited.map((e) => e.number));
  for (const i of after.items) {
    const o = old.get(i.number);
    if (o && (o.rank !== i.rank || o.updatedAt !== i.updatedAt)) edited.add(i.number);
  }
  return {
    goals: { added: d.goals.added.length, changed: d.goals.changed.length, removed: d.goals.removed.length },
    items: { added: d.items.added.length, changed: edited.size, removed: d.items.removed.length },
    events: d.events,
  };
}
