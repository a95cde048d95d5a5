import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { verifyChain } from '../../src/core/audit.js';
import { openDatabase } from '../../src/store/database.js';
import { MIGRATIONS, SCHEMA_VERSION } from '../../src/store/migrations.js';
import { Store } from '../../src/store/store.js';

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('migration 4', () => {
  it('versions are unique and the newest is the schema version, gaps allowed', () => {
    const versions = MIGRATIONS.map((m) => m.version);
    expect(new Set(versions).size).toBe(versions.length);
    expect(SCHEMA_VERSION).toBe(Math.max(...versions));
  });

  it('chains the events a version 2 database already holds, and new ones after them', async () => {
    dir = mkdtempSync(join(tmpdir(), 'ordo-store-'));
    const path = join(dir, 'backlog.db');
    const old = await openDatabase(path, { mode: 'write', create: true, targetVersion: 2 });
    const insert = old.prepare("INSERT INTO events (at, actor, source, command, action, details) VALUES (?, 'alice', 'ORDO_USER', 'add', 'add', ?)");
    insert.run('2026-01-01T00:00:00.000Z', '{"b":1,"a":2}');
    insert.run('2026-01-02T00:00:00.000Z', '{}');
    old.close();

    // A reader migrates a copy in memory; the chain is already whole there.
    const reader = await Store.open(path, { mode: 'read' });
    expect(verifyChain(reader.events.chain())).toMatchObject({ ok: true, count: 2 });
    reader.close();

    const store = await Store.open(path, { mode: 'write' });
    expect(store.db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    store.transaction(() => store.events.append({ at: '2026-01-03T00:00:00.000Z', actor: 'alice', source: 'ORDO_USER', command: 'edit', action: 'edit', item: 1, goal: null, details: { changes: {} } }));
    const report = verifyChain(store.events.chain());
    expect(report).toMatchObject({ ok: true, count: 3 });
    expect(report.head).toBe(store.events.head());
    store.close();
  });
});

describe('migration 5', () => {
  it('upgrades a schema 4 database: items get empty criteria and no assignee, releases and sprints start empty', async () => {
    dir = mkdtempSync(join(tmpdir(), 'ordo-store-'));
    const path = join(dir, 'backlog.db');
    const old = await openDatabase(path, { mode: 'write', create: true, targetVersion: 4 });
    old.exec(`INSERT INTO goals (id, title, status, created_at, updated_at) VALUES ('G1', 'Faster checkout', 'active', 't0', 't0');
      INSERT INTO items (title, type, value, rationale, goal, status, rank, created_by, created_at, updated_at, started_at)
        VALUES ('Apple Pay', 'story', 8, 'Most mobile shoppers asked for a wallet', 'G1', 'in-progress', 'a0', 'alice@example.com', 't0', 't0', 't1');`);
    expect(old.pragma('user_version', { simple: true })).toBe(4);
    old.close();

    // Up to 5 exactly: later migrations are other tests' business.
    const store = await Store.open(path, { mode: 'write', targetVersion: 5 });
    expect(store.db.pragma('user_version', { simple: true })).toBe(5);
    // Raw rows: the item repository already reads the tables of later migrations.
    const row = () => store.db.prepare('SELECT title, status, criteria, assignee FROM items WHERE number = 1').get();
    expect(row()).toEqual({ title: 'Apple Pay', status: 'in-progress', criteria: '[]', assignee: null });
    expect(store.releases.list()).toEqual([]);
    expect(store.sprints.list()).toEqual([]);
    store.transaction(() => {
      store.db.prepare(`UPDATE items SET criteria = '["Works on Safari"]', assignee = 'carol@example.com' WHERE number = 1`).run();
      store.releases.put({ id: 'R1', name: 'Spring', date: '2027-06-30', status: 'planned', items: [1], shippedAt: null, createdAt: 't2', updatedAt: 't2' });
    });
    expect(row()).toMatchObject({ criteria: '["Works on Safari"]', assignee: 'carol@example.com' });
    expect(store.releases.get('r1')).toMatchObject({ id: 'R1', items: [1] });
    store.close();
  });
});
