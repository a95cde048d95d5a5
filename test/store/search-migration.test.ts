import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { searchQuery } from '../../src/core/search.js';
import { openDatabase } from '../../src/store/database.js';
import { MIGRATIONS } from '../../src/store/migrations.js';
import { readSnapshot, writeSnapshot } from '../../src/store/snapshot.js';
import { Store } from '../../src/store/store.js';
import { withStore } from '../helpers/db.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ordo-search-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** The schema just before labels, dependencies and search arrived. */
const BEFORE = Math.max(...MIGRATIONS.filter((m) => m.version < 6).map((m) => m.version));

async function buildOld(path: string, items: number): Promise<void> {
  const db = await openDatabase(path, { mode: 'write', create: true, targetVersion: BEFORE });
  db.prepare("INSERT INTO goals (id, title, status, created_at, updated_at) VALUES ('G1', 'Faster checkout', 'active', 'x', 'x')").run();
  const insert = db.prepare(
    "INSERT INTO items (number, title, description, type, value, rationale, goal, status, rank, created_by, created_at, updated_at) VALUES (?, ?, ?, 'story', 8, ?, 'G1', 'ready', ?, 'alice@example.com', 'x', 'x')",
  );
  for (let n = 1; n <= items; n++) insert.run(n, `Item ${n}`, n === 2 ? 'Uses the gateway' : null, n === 3 ? 'Refunds take a week' : 'Shoppers ask for it', `a${String(n).padStart(5, '0')}`);
  db.close();
}

const search = (store: Store, text: string) => [...store.transaction(() => store.items.search(searchQuery(text)))].sort((a, b) => a - b);

describe(`migration 6 on a database at schema ${BEFORE}`, () => {
  it('indexes the items already there, so a writer finds them by title, description and rationale', async () => {
    const path = join(dir, 'backlog.db');
    await buildOld(path, 500);
    await withStore(path, 'write', (store) => {
    expect(search(store, 'item 137')).toEqual([137]); // a word or the start of one: 137 starts no other number here
    expect(search(store, 'gateway')).toEqual([2]);
    expect(search(store, 'refunds')).toEqual([3]);
    expect(search(store, 'shoppers')).toHaveLength(499);
    expect(store.transaction(() => store.items.get(7))).toMatchObject({ labels: [], dependsOn: [] });
    });
    const db = new Database(path, { readonly: true });
    expect(db.prepare("SELECT count(*) AS n FROM items_fts WHERE items_fts MATCH 'item'").get()).toEqual({ n: 500 });
    db.close();
  });

  it('a reader migrates a copy in memory and can search it', async () => {
    const path = join(dir, 'backlog.db');
    await buildOld(path, 20);
    await withStore(path, 'read', (store) => {
    expect(search(store, 'gateway')).toEqual([2]);
    });
  });

  it('keeps the index in step with every write: edit, labels, clear and insert', async () => {
    const path = join(dir, 'backlog.db');
    await buildOld(path, 3);
    await withStore(path, 'write', (store) => {
    store.transaction(() => store.items.update(2, { title: 'Apple Pay', description: null, labels: ['wallet'], dependsOn: [1] }));
    expect(search(store, 'gateway')).toEqual([]);
    expect(search(store, 'apple')).toEqual([2]);
    expect(store.transaction(() => store.items.get(2))).toMatchObject({ labels: ['wallet'], dependsOn: [1] });
    const all = store.transaction(() => store.items.all());
    store.transaction(() => {
      store.items.clear();
      for (const i of all) store.items.insertExact(i);
    });
    expect(search(store, 'apple')).toEqual([2]);
    expect(store.transaction(() => store.items.get(2))).toMatchObject({ labels: ['wallet'], dependsOn: [1] });
    // The index agrees with its content.
    store.db.prepare("INSERT INTO items_fts(items_fts, rank) VALUES ('integrity-check', 1)").run();
    });
  });

  it('a bulk write (import, merge) rebuilds the index in one pass and puts the triggers back', async () => {
    const path = join(dir, 'backlog.db');
    await buildOld(path, 50);
    await withStore(path, 'write', (store) => {
    const snapshot = store.transaction(() => readSnapshot(store));
    snapshot.items[4] = { ...snapshot.items[4]!, title: 'Apple Pay', labels: ['wallet'] };
    store.transaction(() => writeSnapshot(store, snapshot));
    expect(search(store, 'apple')).toEqual([5]);
    expect(search(store, 'item')).toHaveLength(49);
    store.transaction(() => store.items.update(6, { title: 'Google Pay' }));
    expect(search(store, 'pay')).toEqual([5, 6]);
    store.db.prepare("INSERT INTO items_fts(items_fts, rank) VALUES ('integrity-check', 1)").run();
    const triggers = store.db.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger' ORDER BY name").pluck().all();
    expect(triggers).toEqual(['items_fts_delete', 'items_fts_insert', 'items_fts_update', 'items_relations_delete', 'order_stats_delete', 'order_stats_insert', 'order_stats_rank']);
    });
  });
});
