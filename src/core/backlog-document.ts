/**
 * The export file's model (yaml and json): a lossless picture of a snapshot. Absent
 * fields mean null, so a file stays short and a person can read it. Items come as a
 * sequence, the order first, so that the file reads like the backlog; each ranked item
 * carries its position (for people) and its rank key (so an import restores it exactly).
 * Nothing in it depends on when or where it was written: export → import → export
 * gives the same bytes.
 */
import { positions, rankedItems, type Snapshot, type SnapshotEvent } from './snapshot.js';
import type { Goal, Item } from './types.js';

export const DOCUMENT_KIND = 'ordo-backlog';
export const DOCUMENT_VERSION = 1;

/** One record: field → value, in the order written, nulls left out. */
export type Fields = Record<string, unknown>;

export interface BacklogDocument {
  schemaVersion: typeof DOCUMENT_VERSION;
  kind: typeof DOCUMENT_KIND;
  goals: Fields[];
  items: Fields[];
  events: Fields[];
}

/** Leaves out nulls; keeps the field order given. */
function fields(entries: [string, unknown][]): Fields {
  const out: Fields = {};
  for (const [k, v] of entries) if (v !== null && v !== undefined) out[k] = v;
  return out;
}

export function goalFields(g: Goal): Fields {
  return fields([
    ['id', g.id],
    ['title', g.title],
    ['status', g.status],
    ['horizon', g.horizon],
    ['metric', g.metric],
    ['description', g.description],
    ['createdAt', g.createdAt],
    ['updatedAt', g.updatedAt],
  ]);
}

export function itemFields(i: Item, position: number | null): Fields {
  return fields([
    ['number', i.number],
    ['position', position],
    ['rank', i.rank],
    ['title', i.title],
    ['type', i.type],
    ['status', i.status],
    ['value', i.value],
    ['goal', i.goal],
    ['estimate', i.estimate],
    ['labels', i.labels.length > 0 ? i.labels : null],
    ['dependsOn', i.dependsOn.length > 0 ? i.dependsOn : null],
    ['rationale', i.rationale],
    ['description', i.description],
    ['reason', i.reason],
    ['createdBy', i.createdBy],
    ['createdAt', i.createdAt],
    ['updatedAt', i.updatedAt],
    ['startedAt', i.startedAt],
    ['doneAt', i.doneAt],
    ['closedAt', i.closedAt],
  ]);
}

export function eventFields(e: SnapshotEvent): Fields {
  return fields([
    ['at', e.at],
    ['actor', e.actor],
    ['source', e.source],
    ['command', e.command],
    ['action', e.action],
    ['item', e.item],
    ['goal', e.goal],
    ['details', Object.keys(e.details).length > 0 ? e.details : null],
  ]);
}

/**
 * The document's rows as streams, so that `ordo export` writes each row as it reads it and
 * never holds the backlog in memory. `total` counts the rows, for a progress bar.
 */
export interface DocumentRows {
  goals: Iterable<Fields>;
  items: Iterable<Fields>;
  events: Iterable<Fields>;
  total: number;
}

/** Item rows in document order from the ranked items (in rank order) and the others (by number), numbering positions as they pass. */
export function* itemRows(ranked: Iterable<Item>, unranked: Iterable<Item>): Generator<Fields> {
  let position = 0;
  for (const item of ranked) yield itemFields(item, ++position);
  for (const item of unranked) yield itemFields(item, null);
}

/** Ranked items in order, then every other item by number. */
export function documentOrder(items: readonly Item[]): Item[] {
  return [...rankedItems(items), ...items.filter((i) => i.rank === null).sort((a, b) => a.number - b.number)];
}

/** A snapshot's document as rows (the in-memory form of what export streams). */
export function documentRows(snapshot: Snapshot): DocumentRows {
  const doc = toDocument(snapshot);
  return { goals: doc.goals, items: doc.items, events: doc.events, total: doc.goals.length + doc.items.length + doc.events.length };
}

export function toDocument(snapshot: Snapshot): BacklogDocument {
  const pos = positions(snapshot.items);
  return {
    schemaVersion: DOCUMENT_VERSION,
    kind: DOCUMENT_KIND,
    goals: snapshot.goals.map(goalFields),
    items: documentOrder(snapshot.items).map((i) => itemFields(i, pos.get(i.number) ?? null)),
    events: snapshot.events.map(eventFields),
  };
}
