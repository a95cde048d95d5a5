import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DataError, ExitCode, NotFoundError } from '../../src/errors.js';
import { openDatabase } from '../../src/store/database.js';
import { MIGRATIONS, SCHEMA_VERSION } from '../../src/store/migrations.js';
import { RANK_INDEX_SQL } from '../../src/store/items.js';
import { Store } from '../../src/store/store.js';
import { OWNER, Sandbox } from '../helpers/cli.js';
import { seededRandom } from '../helpers/order.js';

let dir: string;
let sb: Sandbox | undefined;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ordo-store-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
  sb?.cleanup();
  sb = undefined;
});

function hash(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

function userVersion(path: string): number {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    return db.pragma('user_version', { simple: true }) as number;
  } finally {
    db.close();
  }
}

function tables(db: Database.Database): string[] {
  return (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[]).map((r) => r.name);
}

/** A database as the first release of ordo left it: schema version 1, one goal and one item. */
async function buildVersion1(path: string): Promise<void> {
  const db = await openDatabase(path, { mode: 'write', create: true, targetVersion: 1 });
  db.prepare("INSERT INTO goals (id, title, status, created_at, updated_at) VALUES ('G1', 'Faster checkout', 'active', 'x', 'x')").run();
  db.prepare(
    "INSERT INTO items (number, title, type, value, rationale, goal, status, rank, created_by, created_at, updated_at) VALUES (1, 'Retry on timeout', 'story', 8, 'Timeouts lose orders every day', 'G1', 'ready', 'a0', ?, 'x', 'x')",
  ).run(OWNER);
  db.close();
}

function randomBytes(n: number, seed: number): Buffer {
  const random = seededRandom(seed);
  return Buffer.from(Array.from({ length: n }, () => Math.floor(random() * 256)));
}

describe('migrations', () => {
  it('are numbered 1, 2, … without gaps and end at SCHEMA_VERSION', () => {
    expect(MIGRATIONS.map((m) => m.version)).toEqual(MIGRATIONS.map((_, i) => i + 1));
    expect(SCHEMA_VERSION).toBe(MIGRATIONS.length);
  });

  it('create the unique index on rank as the check of shared rank keys expects it', async () => {
    const store = await Store.open(join(dir, 'backlog.db'), { mode: 'write', create: true });
    try {
      expect(store.db.prepare("SELECT sql FROM sqlite_schema WHERE name = 'items_by_rank'").pluck().get()).toBe(RANK_INDEX_SQL);
      expect(store.items.sharedRanks()).toEqual([]);
      // Another index under the name does not vouch for the keys: they are grouped.
      store.db.exec("DROP INDEX items_by_rank; CREATE INDEX items_by_rank ON items(rank); INSERT INTO items (number, title, type, status, rank, created_by, created_at, updated_at) VALUES (1, 'A', 'story', 'ready', 'a0', 'x', 't', 't'), (2, 'B', 'story', 'ready', 'a0', 'x', 't', 't')");
      expect(store.items.sharedRanks()).toEqual(['a0']);
    } finally {
      store.close();
    }
  });

  it('builds a database at an older schema version when asked to', async () => {
    const path = join(dir, 'backlog.db');
    await buildVersion1(path);
    expect(userVersion(path)).toBe(1);
    const db = new Database(path, { readonly: true });
    expect(tables(db)).toEqual(['goals', 'items']);
    db.close();
  });

  it('a reader sees the current schema of an old database without changing a byte of it', async () => {
    const path = join(dir, 'backlog.db');
    await buildVersion1(path);
    const before = hash(path);
    const store = await Store.open(path, { mode: 'read' });
    try {
      expect(store.db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
      expect(tables(store.db)).toContain('events');
      const item = store.transaction(() => store.items.get(1));
      expect(item).toMatchObject({ title: 'Retry on timeout', rank: 'a0', status: 'ready' });
      expect(store.transaction(() => store.events.forItem(1, 10))).toEqual([]);
    } finally {
      store.close();
    }
    expect(hash(path)).toBe(before);
    expect(userVersion(path)).toBe(1);
  });

  it('a writer migrates an old database to SCHEMA_VERSION and keeps its data', async () => {
    const path = join(dir, 'backlog.db');
    await buildVersion1(path);
    const store = await Store.open(path, { mode: 'write' });
    store.close();
    expect(userVersion(path)).toBe(SCHEMA_VERSION);
    const db = new Database(path, { readonly: true });
    expect(tables(db)).toEqual(['events', 'goals', 'item_dependencies', 'item_labels', 'items', 'items_fts', 'items_fts_config', 'items_fts_data', 'items_fts_docsize', 'items_fts_idx', 'move_proposals', 'order_signatures', 'order_stats', 'releases', 'sprints']);
    expect(db.prepare('SELECT title FROM items WHERE number = 1').get()).toEqual({ title: 'Retry on timeout' });
    db.close();
  });

  it('a deferred migration runs inside the first transaction and is rolled back with it', async () => {
    const path = join(dir, 'backlog.db');
    await buildVersion1(path);
    const before = hash(path);
    const store = await Store.open(path, { mode: 'write', deferMigration: true });
    try {
      expect(hash(path)).toBe(before);
      expect(() =>
        store.transaction(() => {
          expect(store.db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
          store.events.append({ at: 'x', actor: OWNER, source: 'ORDO_USER', command: 't', action: 'a', item: 1, goal: null, details: {} });
          throw new Error('the command failed');
        }),
      ).toThrow('the command failed');
      expect(hash(path)).toBe(before);
      expect(store.db.pragma('user_version', { simple: true })).toBe(1);
      store.transaction(() => store.events.append({ at: 'x', actor: OWNER, source: 'ORDO_USER', command: 't', action: 'a', item: 1, goal: null, details: {} }));
    } finally {
      store.close();
    }
    expect(userVersion(path)).toBe(SCHEMA_VERSION);
  });

  it('opening a current database for writing changes nothing', async () => {
    const path = join(dir, 'backlog.db');
    (await openDatabase(path, { mode: 'write', create: true })).close();
    const before = hash(path);
    (await openDatabase(path, { mode: 'write' })).close();
    expect(hash(path)).toBe(before);
  });

  it('refuses a database newer than this ordo, for readers and writers, and leaves it alone', async () => {
    const path = join(dir, 'backlog.db');
    const db = await openDatabase(path, { mode: 'write', create: true });
    db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    db.close();
    const before = hash(path);
    for (const mode of ['read', 'write'] as const) {
      const error = await openDatabase(path, { mode }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(DataError);
      expect((error as DataError).code).toBe('DATABASE_TOO_NEW');
      expect((error as DataError).exitCode).toBe(ExitCode.invalidData);
      expect((error as DataError).message).toContain(`schema version ${SCHEMA_VERSION + 1}`);
    }
    expect(hash(path)).toBe(before);
  });

  it('a missing database is "not found" unless it is being created', async () => {
    const path = join(dir, 'nothing', 'backlog.db');
    const error = await openDatabase(path, { mode: 'read' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect((error as NotFoundError).hint).toContain('ordo init');
    expect(existsSync(path)).toBe(false);
  });

  it('a file of random bytes is reported as corrupt (exit 6) and left as it was', async () => {
    const path = join(dir, 'backlog.db');
    writeFileSync(path, randomBytes(8192, 42));
    const before = hash(path);
    for (const mode of ['read', 'write'] as const) {
      const error = await openDatabase(path, { mode }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DataError);
      expect((error as DataError).code).toBe('DATABASE_CORRUPT');
    }
    expect(hash(path)).toBe(before);
  });
});

describe('Store.transaction', () => {
  it('writes nothing when the function throws midway', async () => {
    const path = join(dir, 'backlog.db');
    (await openDatabase(path, { mode: 'write', create: true })).close();
    const before = hash(path);
    const store = await Store.open(path, { mode: 'write' });
    const boom = new Error('midway');
    try {
      expect(() =>
        store.transaction(() => {
          store.goals.insert({
            id: 'G1',
            title: 'Faster checkout',
            description: null,
            horizon: null,
            metric: null,
            status: 'active',
            createdAt: 'x',
            updatedAt: 'x',
          });
          store.events.append({ at: 'x', actor: OWNER, source: 'ORDO_USER', command: 'test', action: 'goal.add', item: null, goal: 'G1', details: {} });
          expect(store.goals.get('G1')).toBeDefined(); // visible inside the transaction
          throw boom;
        }),
      ).toThrow(boom);
      expect(store.goals.get('G1')).toBeUndefined();
      expect(store.goals.list()).toEqual([]);
    } finally {
      store.close();
    }
    expect(hash(path)).toBe(before);
    expect(readdirSync(dir)).toEqual(['backlog.db']);
  });

  it('commits everything when the function returns', async () => {
    const path = join(dir, 'backlog.db');
    const store = await Store.open(path, { mode: 'write', create: true });
    const result = store.transaction(() => {
      store.events.append({ at: 'x', actor: OWNER, source: 'ORDO_USER', command: 'test', action: 'note', item: 3, goal: null, details: { n: 1 } });
      return 'ok';
    });
    store.close();
    expect(result).toBe('ok');
    const db = new Database(path, { readonly: true });
    expect(db.prepare('SELECT actor, details FROM events').all()).toEqual([{ actor: OWNER, details: '{"n":1}' }]);
    db.close();
  });

  it('a read-only store cannot write', async () => {
    const path = join(dir, 'backlog.db');
    (await openDatabase(path, { mode: 'write', create: true })).close();
    const before = hash(path);
    const store = await Store.open(path, { mode: 'read' });
    try {
      const error = (() => {
        try {
          store.transaction(() => store.events.append({ at: 'x', actor: OWNER, source: 'ORDO_USER', command: 't', action: 'a', item: null, goal: null, details: {} }));
        } catch (e) {
          return e;
        }
        return undefined;
      })();
      expect(error).toBeInstanceOf(DataError);
    } finally {
      store.close();
    }
    expect(hash(path)).toBe(before);
  });
});

describe('the database file through the built binary', () => {
  /** A project whose database is replaced by one at schema version 1. */
  async function oldProject(): Promise<Sandbox> {
    const s = new Sandbox();
    s.ok(['init', '--owner', OWNER, '--product', 'Acme']);
    rmSync(s.dbPath);
    await buildVersion1(s.dbPath);
    return s;
  }

  it('read commands leave an old database byte-identical; writing commands migrate it', async () => {
    sb = await oldProject();
    const before = sb.dbHash();
    const list = sb.ok(['list', '--json']).json();
    expect(list.items).toMatchObject([{ key: 'ORD-1', position: 1, title: 'Retry on timeout' }]);
    sb.ok(['show', 'ORD-1']);
    sb.ok(['goal', 'list']);
    expect(sb.dbHash()).toBe(before);
    expect(userVersion(sb.dbPath)).toBe(1);

    sb.ok(['add', 'Apple Pay', '--value', '8', '--why', 'Most mobile shoppers asked for it', '--goal', 'G1']);
    expect(userVersion(sb.dbPath)).toBe(SCHEMA_VERSION);
    expect(sb.order()).toEqual(['ORD-1', 'ORD-2']);
  });

  it('a writing command that fails leaves an old database byte-identical, unmigrated', async () => {
    sb = await oldProject();
    const before = sb.dbHash();
    const add = sb.run(['add', 'Apple Pay', '--value', '8', '--why', 'Most mobile shoppers asked for it', '--goal', 'G9']);
    expect(add.code).toBe(4);
    expect(sb.run(['start', 'ORD-99']).code).toBe(4);
    expect(sb.run(['done', 'ORD-1']).code).toBe(5);
    expect(sb.dbHash()).toBe(before);
    expect(userVersion(sb.dbPath)).toBe(1);
  });

  it('`ordo migrate` upgrades an old database and says so; run again it is up to date', async () => {
    sb = await oldProject();
    const r = sb.ok(['migrate', '--json']).json();
    expect(r).toMatchObject({ schemaVersion: 1, kind: 'migration', from: 1, to: SCHEMA_VERSION });
    expect(userVersion(sb.dbPath)).toBe(SCHEMA_VERSION);
    const after = sb.dbHash();
    const again = sb.ok(['migrate']);
    expect(again.stdout).toContain('up to date');
    expect(sb.dbHash()).toBe(after);
  });

  it('a database from a newer ordo is refused with exit 6 by list and add, and left unchanged', () => {
    sb = new Sandbox().initBacklog();
    sb.addItems(1);
    const db = new Database(sb.dbPath);
    db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    db.close();
    const before = sb.dbHash();
    for (const args of [
      ['list'],
      ['add', 'Apple Pay', '--value', '8', '--why', 'Most mobile shoppers asked for it', '--goal', 'G1'],
      ['migrate'],
    ]) {
      const r = sb.run(args);
      expect(r.code, args.join(' ')).toBe(6);
      expect(r.stderr).toContain('newer ordo');
      expect(r.stderr).toContain(`schema version ${SCHEMA_VERSION + 1}`);
      expect(r.stderr).toContain('Upgrade ordo');
    }
    const json = sb.run(['list', '--json']);
    expect(json.code).toBe(6);
    expect(json.errorJson()).toMatchObject({ kind: 'error', code: 'DATABASE_TOO_NEW' });
    expect(sb.dbHash()).toBe(before);
  });

  it('a corrupt database file gives exit 6 with a way to restore it', () => {
    sb = new Sandbox().initBacklog();
    writeFileSync(sb.dbPath, randomBytes(16384, 1234));
    const before = sb.dbHash();
    for (const args of [['list'], ['next'], ['add', 'X', '--value', '8', '--why', 'Because shoppers want it', '--goal', 'G1']]) {
      const r = sb.run(args);
      expect(r.code, args.join(' ')).toBe(6);
      expect(r.stderr).toContain('not a valid ordo database');
      expect(r.stderr).toContain('git checkout');
    }
    expect(sb.dbHash()).toBe(before);
  });

  it('never uses WAL: after a write the single file holds everything, with no side files', () => {
    sb = new Sandbox().initBacklog();
    sb.addItems(2);
    sb.ok(['move', 'ORD-2', '--top']);
    const files = readdirSync(join(sb.dir, '.ordo')).sort();
    // cache/ holds the validated ordo.yml; .ordo/.gitignore keeps it out of git.
    expect(files.filter((f) => f !== 'cache')).toEqual(['.gitignore', 'backlog.db']);
    const header = readFileSync(sb.dbPath).subarray(18, 20);
    expect([...header]).toEqual([1, 1]); // file format 1: rollback journal, not WAL (2)
    const db = new Database(sb.dbPath, { readonly: true });
    expect(String(db.pragma('journal_mode', { simple: true })).toLowerCase()).not.toBe('wal');
    expect(db.prepare('SELECT COUNT(*) AS n FROM items').get()).toEqual({ n: 2 });
    db.close();
  });

  it('a database someone switched to WAL is switched back by the next write', () => {
    sb = new Sandbox().initBacklog();
    const db = new Database(sb.dbPath);
    db.pragma('journal_mode = WAL');
    db.close();
    expect([...readFileSync(sb.dbPath).subarray(18, 20)]).toEqual([2, 2]);
    sb.addItems(1);
    expect([...readFileSync(sb.dbPath).subarray(18, 20)]).toEqual([1, 1]);
    expect(readdirSync(join(sb.dir, '.ordo')).sort().filter((f) => f !== 'cache')).toEqual(['.gitignore', 'backlog.db']);
  });
});
