/** Reading a whole backlog out of the database, and replacing it wholesale (import, merge). */
import type { Snapshot } from '../core/snapshot.js';
import type { Store } from './store.js';

export function readSnapshot(store: Store): Snapshot {
  return { goals: store.goals.list(), items: store.items.all(), events: [...store.events.all()] };
}

/** Reports how many rows were written so far; called every few thousand rows. */
export type OnRows = (done: number, total: number) => void;

/**
 * Replaces goals, items and events with the snapshot's, inside the caller's transaction.
 * One prepared INSERT per table, reused for every row.
 */
export function writeSnapshot(store: Store, snapshot: Snapshot, onRows?: OnRows): void {
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
  for (const event of snapshot.events) {
    store.events.append(event);
    tick();
  }
}
