/** Reading a whole backlog out of the database, and replacing it wholesale (import, merge). */
import type { Snapshot } from '../core/snapshot.js';
import type { Store } from './store.js';

export function readSnapshot(store: Store): Snapshot {
  return {
    goals: store.goals.list(),
    items: store.items.all(),
    events: [...store.events.all()],
    proposals: store.proposals.all().map(({ id: _id, ...p }) => p),
    signatures: store.signatures.all().map(({ id: _id, ...s }) => s),
    releases: store.releases.list(),
    sprints: store.sprints.list(),
  };
}

/** Reports how many rows were written so far; called every few thousand rows. */
export type OnRows = (done: number, total: number) => void;

/**
 * Replaces goals, items and events with the snapshot's, inside the caller's transaction,
 * and the move proposals when the snapshot holds them. Signatures are append-only: the
 * stored ones must be where the snapshot's begin, and only the rest are appended (a sync,
 * whose merge holds every stored signature, replaces them with `replaceSignatures`).
 * One prepared INSERT per table, reused for every row.
 */
export function writeSnapshot(store: Store, snapshot: Snapshot, onRows?: OnRows, options: { replaceSignatures?: boolean } = {}): void {
  const resumeIndexes = store.items.pauseIndexes();
  store.events.clear();
  store.items.clear();
  store.goals.clear();
  const total = snapshot.goals.length + snapshot.items.length + snapshot.events.length;
  let done = 0;
  const tick = () => {
    done++;
    if (onRows && (done % 2000 === 0 || done === total)) onRows(done, total);
  };
  for (const goal of snapshot.goals) {
    store.goals.insert(goal);
    tick();
  }
  for (const item of snapshot.items) {
    store.items.insertExact(item);
    tick();
  }
  resumeIndexes();
  for (const event of snapshot.events) {
    store.events.append(event);
    tick();
  }
  if (snapshot.proposals !== undefined) {
    store.proposals.clear();
    for (const p of snapshot.proposals) store.proposals.insertExact(p);
  }
  if (snapshot.signatures !== undefined) {
    // A sync's merge keeps every signature either side holds, but may put the published ones first.
    if (options.replaceSignatures) store.signatures.clear();
    appendSignatures(store, snapshot.signatures);
  }
  if (snapshot.releases !== undefined) {
    store.releases.clear();
    for (const r of snapshot.releases) store.releases.put(r);
  }
  if (snapshot.sprints !== undefined) {
    store.sprints.clear();
    for (const s of snapshot.sprints) store.sprints.put(s);
  }
}

function appendSignatures(store: Store, wanted: NonNullable<Snapshot['signatures']>): void {
  const stored = store.signatures.all();
  stored.forEach((s, i) => {
    const w = wanted[i];
    if (!w || w.counter !== s.counter || w.signature !== s.signature || w.payload !== s.payload) {
      throw new Error(`signature row ${s.id} (#${s.counter}) is not where the written signatures begin; signatures are never rewritten`);
    }
  });
  for (const s of wanted.slice(stored.length)) store.signatures.append(s);
}
