/**
 * The export file's model (yaml and json): a lossless picture of a snapshot. Absent
 * fields mean null, so a file stays short and a person can read it. Items come as a
 * sequence, the order first, so that the file reads like the backlog; each ranked item
 * carries its position (for people) and its rank key (so an import restores it exactly).
 * Nothing in it depends on when or where it was written: export → import → export
 * gives the same bytes.
 */
import { legacyUid, positions, rankedItems, type Snapshot, type SnapshotEvent } from './snapshot.js';
import type { Goal, Item, Release, Sprint } from './types.js';

export const DOCUMENT_KIND = 'ordo-backlog';
export const DOCUMENT_VERSION = 1;
/**
 * The last key of a file ordo writes (`end: ordo-backlog`), after `counts` near its top: a file
 * cut short (a full disk, an interrupted copy) lacks it or holds fewer records than it counts,
 * and is refused rather than imported as a smaller backlog. Files written before both existed
 * have neither and are read as they are.
 */
export const DOCUMENT_END = 'ordo-backlog';

/** One record: field → value, in the order written, nulls left out. */
export type Fields = Record<string, unknown>;

export interface BacklogDocument {
  schemaVersion: typeof DOCUMENT_VERSION;
  kind: typeof DOCUMENT_KIND;
  counts: { goals: number; items: number; events: number };
  goals: Fields[];
  items: Fields[];
  events: Fields[];
  /** Present only when the backlog has releases or sprints, so older files read the same. */
  releases?: Fields[];
  sprints?: Fields[];
  end: typeof DOCUMENT_END;
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
    ['criteria', i.criteria.length > 0 ? i.criteria : null],
    ['assignee', i.assignee],
    // Only a uid that cannot be derived again from the item's origin needs writing down.
    ['uid', i.uid === legacyUid(i.number, i.createdAt, i.createdBy) ? undefined : i.uid],
  ]);
}

export function releaseFields(r: Release): Fields {
  return fields([
    ['id', r.id],
    ['name', r.name],
    ['date', r.date],
    ['status', r.status],
    ['items', r.items],
    ['shippedAt', r.shippedAt],
    ['createdAt', r.createdAt],
    ['updatedAt', r.updatedAt],
  ]);
}

export function sprintFields(s: Sprint): Fields {
  return fields([
    ['id', s.id],
    ['goal', s.goal],
    ['status', s.status],
    ['start', s.start],
    ['end', s.end],
    ['capacity', s.capacity],
    ['items', s.items],
    ['goalMet', s.goalMet],
    ['velocity', s.velocity],
    ['endedAt', s.endedAt],
    ['createdAt', s.createdAt],
    ['updatedAt', s.updatedAt],
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
  counts: BacklogDocument['counts'];
  goals: Iterable<Fields>;
  items: Iterable<Fields>;
  events: Iterable<Fields>;
  /** Present only when the backlog has releases or sprints, as in toDocument. */
  releases?: Fields[];
  sprints?: Fields[];
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
  return {
    counts: doc.counts,
    goals: doc.goals,
    items: doc.items,
    events: doc.events,
    ...(doc.releases ? { releases: doc.releases } : {}),
    ...(doc.sprints ? { sprints: doc.sprints } : {}),
    total: doc.goals.length + doc.items.length + doc.events.length,
  };
}

export function toDocument(snapshot: Snapshot): BacklogDocument {
  const pos = positions(snapshot.items);
  return {
    schemaVersion: DOCUMENT_VERSION,
    kind: DOCUMENT_KIND,
    counts: { goals: snapshot.goals.length, items: snapshot.items.length, events: snapshot.events.length },
    goals: snapshot.goals.map(goalFields),
    items: documentOrder(snapshot.items).map((i) => itemFields(i, pos.get(i.number) ?? null)),
    events: snapshot.events.map(eventFields),
    ...(snapshot.releases && snapshot.releases.length > 0 ? { releases: snapshot.releases.map(releaseFields) } : {}),
    ...(snapshot.sprints && snapshot.sprints.length > 0 ? { sprints: snapshot.sprints.map(sprintFields) } : {}),
    end: DOCUMENT_END,
  };
}
