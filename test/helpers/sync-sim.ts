/**
 * A stand-in for `ordo sync` until it lands: merges a clone's backlog with the published
 * one exactly as the sync contract says, so the trust tests can prove that signed
 * decisions survive syncs without re-signing. Replace its uses with the real `ordo sync`.
 *
 * The contract: mergeSnapshots(base, published, local), where the published side plays
 * "ours" (its values win, its numbers never change) and the local side "theirs" (its new
 * items that collide take the next free numbers, their events and proposals following).
 * The merged trail is the published trail unchanged, followed by the local events it
 * lacks (by content), in local order; it is re-chained when written. Signature rows:
 * the published ones, then the local ones the published set lacks.
 */
import { mergeSnapshots, type MergeResult } from '../../src/core/merge.js';
import { syncNotes } from '../../src/sync/sync.js';
import { eventIdentity, type Snapshot } from '../../src/core/snapshot.js';
import { readSnapshot, writeSnapshot } from '../../src/store/snapshot.js';
import { Store } from '../../src/store/store.js';

/** The merge of one sync: the published backlog with this clone's unpublished work on top. */
export function syncMerge(base: Snapshot, published: Snapshot, local: Snapshot): { merged: Snapshot; result: MergeResult } {
  const result = mergeSnapshots(base, published, local);
  // mergeSnapshots has already renumbered the local events; keep them, but after the published trail.
  const count = new Map<string, number>();
  for (const e of published.events) count.set(eventIdentity(e), (count.get(eventIdentity(e)) ?? 0) + 1);
  const extra = result.merged.events.filter((e) => {
    const n = count.get(eventIdentity(e)) ?? 0;
    if (n === 0) return true;
    count.set(eventIdentity(e), n - 1);
    return false;
  });
  const sigKey = (s: NonNullable<Snapshot['signatures']>[number]) => `${s.counter}\n${s.signature}`;
  const publishedSigs = published.signatures ?? [];
  const known = new Set(publishedSigs.map(sigKey));
  const signatures = [...publishedSigs, ...(local.signatures ?? []).filter((s) => !known.has(sigKey(s)))];
  // What the real sync notes about the values that lost, on their items.
  const notes = syncNotes(result, { id: 'sync-sim@example.com', source: 'ORDO_USER' }, new Date(), {});
  return { merged: { ...result.merged, events: [...published.events, ...extra, ...notes], signatures }, result };
}

export async function readDatabase(path: string): Promise<Snapshot> {
  const store = await Store.open(path, { mode: 'read' });
  try {
    return store.transaction(() => readSnapshot(store));
  } finally {
    store.close();
  }
}

/** Replaces a clone's backlog with a merged one, as the sync writes it (the trail re-chained). */
export async function writeDatabase(path: string, snapshot: Snapshot, after?: (store: Store) => void): Promise<void> {
  const store = await Store.open(path, { mode: 'write' });
  try {
    store.transaction(() => {
      // Signature rows are append-only; the merged list starts with the published ones, which may not be this clone's.
      store.db.prepare('DELETE FROM order_signatures').run();
      writeSnapshot(store, snapshot);
      after?.(store);
    });
  } finally {
    store.close();
  }
}

/** One clone of a shared backlog: its database and the published state it last synced with. */
export interface Clone {
  db: string;
  base: Snapshot;
}

/** The published backlog (the remote branch tip), held in memory. */
export interface Remote {
  published: Snapshot;
}

/** What the sync hands its hook (resignIfNeeded), in the transaction that wrote the merged backlog. */
export type AfterMerge = (store: Store, sides: { published: Snapshot; local: Snapshot }) => void;

/** `ordo sync` on one clone: merge with the published backlog, write the result here, publish it. */
export async function sync(clone: Clone, remote: Remote, after?: AfterMerge): Promise<MergeResult> {
  const local = await readDatabase(clone.db);
  const published = remote.published;
  const { merged, result } = syncMerge(clone.base, published, local);
  await writeDatabase(clone.db, merged, after && ((store) => after(store, { published, local })));
  const written = await readDatabase(clone.db);
  remote.published = written;
  clone.base = written;
  return result;
}
