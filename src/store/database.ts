/**
 * Opening .ordo/backlog.db. The database uses a rollback journal, never WAL, so that
 * when a command exits the single file holds everything it wrote and `git add`
 * captures it. Readers open it read-only and leave it byte-identical.
 */
import { existsSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import { ensureDirectory, readBoundedFile, writeFileAtomic } from '../config/files.js';
import { BUILD_ID } from '../version.js';
import type BetterSqlite3 from 'better-sqlite3';
import { ConflictError, DataError, NotFoundError, OrdoError } from '../errors.js';
import { MIGRATIONS, SCHEMA_VERSION } from './migrations.js';

export type Db = BetterSqlite3.Database;
export type OpenMode = 'read' | 'write';

/** SQLite's page cache for a reader, in KiB. */
const READ_CACHE_KIB = 2048;

/** How long a command waits for another ordo process to release the database. */
export const BUSY_TIMEOUT_MS = 5000;

export interface OpenOptions {
  mode: OpenMode;
  /** Create the file when it does not exist (ordo init). */
  create?: boolean;
  /** Apply migrations up to this version only (tests of older databases). */
  targetVersion?: number;
  /**
   * Writers: leave migrating to the caller's transaction (Store.transaction), so that a
   * command that fails leaves an older database exactly as it was.
   */
  deferMigration?: boolean;
}

const ADDON = 'better-sqlite3/build/Release/better_sqlite3.node';
let driver: typeof BetterSqlite3 | undefined;
let addon: string | undefined;
/** Loads the driver on first use. The build bundles its JavaScript into one chunk; only the native addon stays a file of its own. */
async function loadDriver(): Promise<typeof BetterSqlite3> {
  if (!driver) {
    driver = (await import('better-sqlite3')).default;
    // Name the native addon directly: the driver's default lookup probes several build
    // directories and walks a stack trace on every start. The built bundle (dist/chunks/) sits
    // two levels under ordo's package, whose node_modules holds the driver unless a package
    // manager hoisted it; resolving the package (reading its package.json) costs milliseconds.
    const beside = join(dirname(import.meta.dirname), '..', 'node_modules', ADDON);
    try {
      addon = existsSync(beside) ? beside : createRequire(import.meta.url).resolve(ADDON);
      if (!existsSync(addon)) addon = undefined;
    } catch {
      addon = undefined; // an unusual install: let the driver find its addon itself
    }
  }
  return driver;
}

export async function openDatabase(path: string, options: OpenOptions): Promise<Db> {
  const Database = await loadDriver();
  const target = options.targetVersion ?? SCHEMA_VERSION;
  if (!existsSync(path)) {
    if (!options.create) {
      throw new NotFoundError(
        'NO_DATABASE',
        `The backlog database ${path} does not exist.`,
        'Run `ordo init` in this directory to create it, or restore it from git (`git checkout -- .ordo/backlog.db`).',
      );
    }
    ensureDirectory(dirname(path));
  } else if (!options.create && statSync(path).size === 0) {
    // SQLite would take an empty file for a new database, and a writer would quietly turn a
    // truncated backlog into an empty one: refuse it instead.
    throw new DataError(
      'DATABASE_CORRUPT',
      `${path} is empty (0 bytes): it is not a valid ordo database.`,
      'Restore it from git (`git checkout -- .ordo/backlog.db`) or from a backup.',
    );
  }
  let db: Db;
  try {
    db = new Database(path, { readonly: options.mode === 'read', fileMustExist: !options.create, ...(addon ? { nativeBinding: addon } : {}) });
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    let version: number;
    try {
      version = db.pragma('user_version', { simple: true }) as number;
    } catch (error) {
      if ((error as { code?: string }).code !== 'SQLITE_READONLY_ROLLBACK') throw error;
      // A write was interrupted (killed, power lost) and left its rollback journal. A read-only
      // connection cannot roll it back, so do it once with a writable one: the file returns to
      // its last committed state, which is what every reader must see anyway.
      db.close();
      rollBackInterruptedWrite(Database, path);
      db = new Database(path, { readonly: true, fileMustExist: true, ...(addon ? { nativeBinding: addon } : {}) });
      db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
      version = db.pragma('user_version', { simple: true }) as number;
    }
    if (version > SCHEMA_VERSION) {
      db.close();
      throw new DataError(
        'DATABASE_TOO_NEW',
        `${path} was written by a newer ordo (schema version ${version}; this ordo knows up to ${SCHEMA_VERSION}).`,
        'Upgrade ordo to the version your team uses; this one will not touch the file.',
      );
    }
    const damage = schemaProblems(Database, db, version, path);
    if (damage.length > 0) {
      db.close();
      throw new DataError(
        'DATABASE_DAMAGED',
        `${path} is not an ordo database in one piece: ${damage.join('; ')}.`,
        'Restore .ordo/backlog.db from a backup; ordo will neither read nor write it as it is.',
      );
    }
    if (options.mode === 'read') {
      if (version < target) {
        // Migrate a copy in memory: a reader must never rewrite a committed file.
        const image = db.serialize();
        db.close();
        db = new Database(image, addon ? { nativeBinding: addon } : {});
        migrate(db, target);
      }
      // A reader reads each page about once (a page of the order, a whole export or check), so
      // SQLite's cache of the driver's default 16 MB only grows memory with the size of the file;
      // 2 MB holds what a query comes back to. Writers keep the default for large transactions.
      db.pragma(`cache_size = -${READ_CACHE_KIB}`);
      return db;
    }
    if ((db.pragma('journal_mode', { simple: true }) as string).toLowerCase() === 'wal') {
      db.pragma('journal_mode = DELETE');
    }
    if (!options.deferMigration) migrate(db, target);
    return db;
  } catch (error) {
    throw translateSqliteError(error, path);
  }
}

/**
 * Table name → column names, for a database's own tables (not SQLite's). Indexes are left out
 * on purpose: a missing one makes queries slower, not wrong, and what a dropped unique index
 * lets in (duplicate rank keys) is what `ordo check`'s order-integrity rule reports.
 */
type Shape = Map<string, string[]>;

const SHAPE_SQL = "SELECT m.name AS t, p.name AS c FROM sqlite_master m JOIN pragma_table_info(m.name) p WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY m.name, p.cid";

function shapeOf(db: Db): Shape {
  const shape: Shape = new Map();
  for (const { t, c } of db.prepare(SHAPE_SQL).all() as { t: string; c: string }[]) {
    const columns = shape.get(t);
    if (columns) columns.push(c);
    else shape.set(t, [c]);
  }
  return shape;
}

const expectedShapes = new Map<number, Shape>();
/**
 * The tables and columns a database of `version` has, worked out from the migrations
 * themselves (applied to an empty in-memory database) so the expectation can never drift from
 * what the migrations create. Kept per build in .ordo/cache/schema.json: deriving it costs a
 * few milliseconds, reading it back a tenth of one.
 */
function expectedShape(Database: typeof BetterSqlite3, version: number, dbPath: string): Shape {
  let shape = expectedShapes.get(version);
  if (shape) return shape;
  // Only beside a backlog's own database (.ordo/backlog.db): never a cache directory elsewhere.
  const cacheFile = basename(dirname(dbPath)) === '.ordo' ? join(dirname(dbPath), 'cache', 'schema.json') : null;
  try {
    if (!cacheFile) throw new Error('no cache');
    const cached = JSON.parse(readBoundedFile(cacheFile, { maxBytes: 1024 * 1024, what: 'the schema cache', hint: '' })) as { build?: string; shapes?: Record<string, [string, string[]][]> };
    const entries = cached.build === BUILD_ID ? cached.shapes?.[version] : undefined;
    if (Array.isArray(entries)) shape = new Map(entries);
  } catch {
    // missing or unreadable: derive it below
  }
  if (!shape) {
    const scratch = new Database(':memory:', addon ? { nativeBinding: addon } : {});
    try {
      migrate(scratch, version);
      shape = shapeOf(scratch);
    } finally {
      scratch.close();
    }
    try {
      if (!cacheFile) throw new Error('no cache');
      ensureDirectory(dirname(cacheFile));
      writeFileAtomic(cacheFile, JSON.stringify({ build: BUILD_ID, shapes: { [version]: [...shape] } }));
    } catch {
      // a read-only checkout goes uncached
    }
  }
  expectedShapes.set(version, shape);
  return shape;
}

/**
 * What is wrong with the schema of an open database for its `user_version`: missing tables,
 * missing columns, or (at version 0) another application's tables. It reads the schema only,
 * never the rows, so it costs the same at 100 items and at 100,000.
 */
function schemaProblems(Database: typeof BetterSqlite3, db: Db, version: number, dbPath: string): string[] {
  const actual = shapeOf(db);
  if (version === 0) {
    // A new, empty database is version 0 until its first migration; one holding tables is someone else's.
    const tables = [...actual.keys()];
    return tables.length === 0 ? [] : [`it holds tables ordo did not create (${tables.slice(0, 5).join(', ')}) and no ordo schema version`];
  }
  const problems: string[] = [];
  for (const [table, columns] of expectedShape(Database, version, dbPath)) {
    const have = actual.get(table);
    if (!have) {
      problems.push(`table "${table}" is missing`);
      continue;
    }
    const missing = columns.filter((c) => !have.includes(c));
    if (missing.length > 0) {
      const extra = have.filter((c) => !columns.includes(c));
      problems.push(
        `table "${table}" lacks column${missing.length > 1 ? 's' : ''} ${missing.map((c) => `"${c}"`).join(', ')}${extra.length > 0 ? ` (it has ${extra.map((c) => `"${c}"`).join(', ')} instead)` : ''}`,
      );
    }
  }
  return problems;
}

/**
 * How much of the file SQLite's integrity check reads. 'full': everything (PRAGMA
 * integrity_check). 'tables': every table of the backlog's own with its indexes, one at a time —
 * every page of their b-trees, each index against its table's rows, UNIQUE, NOT NULL and CHECK
 * constraints — but not the full-text search index, neither its tables nor its contents checked
 * against the items (it is derived from the items, and only `--search` reads it), nor the
 * file-level accounting (the free list, pages no table uses, a page two tables share). The full
 * check costs about twice as much.
 */
export type IntegrityScope = 'full' | 'tables';

/** The messages SQLite's integrity check reports (at most 20), empty when the file is sound. */
export function integrityProblems(db: Db, scope: IntegrityScope = 'full'): string[] {
  if (scope === 'full') {
    const rows = db.prepare('PRAGMA integrity_check(20)').pluck().all() as string[];
    return rows.length === 1 && rows[0] === 'ok' ? [] : rows;
  }
  // The schema table first: the list of tables comes from it. The search index (a virtual table
  // and the shadow tables that hold its data) is left out.
  const tables = ['sqlite_schema', ...(db.prepare("SELECT name FROM pragma_table_list WHERE schema = 'main' AND type = 'table' AND name <> 'sqlite_schema' ORDER BY name").pluck().all() as string[])];
  const problems: string[] = [];
  for (const table of tables) {
    const rows = db.prepare(`PRAGMA integrity_check("${table.replaceAll('"', '""')}")`).pluck().all() as string[];
    if (!(rows.length === 1 && rows[0] === 'ok')) problems.push(...rows);
    if (problems.length >= 20) return problems.slice(0, 20);
  }
  return problems;
}

/** Throws a DataError naming what `integrityProblems` found. */
export function requireIntegrity(db: Db, path: string, scope: IntegrityScope = 'full'): void {
  throwIntegrityProblems(path, integrityProblems(db, scope));
}

/** The DataError for problems an integrity check found; nothing when there are none. */
export function throwIntegrityProblems(path: string, problems: readonly string[]): void {
  if (problems.length > 0) {
    throw new DataError(
      'DATABASE_CORRUPT',
      `${path} failed SQLite's integrity check: ${problems.slice(0, 5).join('; ')}${problems.length > 5 ? ` (and ${problems.length - 5} more)` : ''}.`,
      'Restore .ordo/backlog.db from a backup.',
    );
  }
}

/**
 * Starts SQLite's integrity check of the file at `path` on a worker thread of its own, so that a
 * command reading the whole backlog (ordo check) does its own reading meanwhile; returns the
 * problems it finds. Without the built worker (sources run directly) the check runs here, when
 * the result is asked for.
 */
export function integrityAside(path: string, scope: IntegrityScope): () => Promise<string[]> {
  const file = join(import.meta.dirname, 'integrity-worker.cjs');
  const here = async () => {
    const db = await openDatabase(path, { mode: 'read' });
    try {
      return integrityProblems(db, scope);
    } finally {
      db.close();
    }
  };
  if (!existsSync(file)) return here;
  const { Worker } = createRequire(import.meta.url)('node:worker_threads') as typeof import('node:worker_threads');
  const worker = new Worker(file, { workerData: { path, scope } });
  const result = new Promise<string[]>((resolve, reject) => {
    worker.once('message', (m: { problems?: string[]; error?: string }) => (m.problems ? resolve(m.problems) : reject(new Error(m.error))));
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the integrity check's worker stopped (exit ${code})`)));
  });
  // A worker that failed to start or to run (no threads, no memory) leaves the check to this thread.
  const settled = result.catch(() => here());
  return () => settled;
}

function rollBackInterruptedWrite(Database: typeof BetterSqlite3, path: string): void {
  const writer = new Database(path, { fileMustExist: true, ...(addon ? { nativeBinding: addon } : {}) });
  try {
    writer.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    // Taking a shared lock on a writable connection replays the hot journal.
    writer.prepare('SELECT COUNT(*) FROM sqlite_master').get();
  } finally {
    writer.close();
  }
}

/** Applies the pending migrations in one immediate transaction. */
export function migrate(db: Db, target = SCHEMA_VERSION): void {
  const apply = db.transaction(() => {
    const current = db.pragma('user_version', { simple: true }) as number;
    // Ascending whatever the list order; gaps between version numbers are skipped.
    const pending = MIGRATIONS.filter((m) => m.version > current && m.version <= target).sort((a, b) => a.version - b.version);
    for (const m of pending) {
      db.exec(m.sql);
      m.backfill?.(db);
      db.pragma(`user_version = ${m.version}`);
    }
  });
  if ((db.pragma('user_version', { simple: true }) as number) < target) apply.immediate();
}

/** Maps SQLite failures to ordo errors with exit codes; anything else passes through. */
export function translateSqliteError(error: unknown, path: string): unknown {
  if (error instanceof OrdoError) return error;
  const code = (error as { code?: string }).code ?? '';
  if (code === 'SQLITE_BUSY' || code.startsWith('SQLITE_BUSY_') || code === 'SQLITE_LOCKED') {
    return new ConflictError(
      'DATABASE_LOCKED',
      `${path} stayed locked by another process for more than ${BUSY_TIMEOUT_MS / 1000} s.`,
      'Wait for the other ordo command to finish and run this one again.',
    );
  }
  if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT' || code.startsWith('SQLITE_CORRUPT_')) {
    return new DataError(
      'DATABASE_CORRUPT',
      `${path} is not a valid ordo database (${(error as Error).message}).`,
      'Restore it from git (`git checkout -- .ordo/backlog.db`) or from a backup.',
    );
  }
  if (code === 'SQLITE_READONLY' || code.startsWith('SQLITE_READONLY_') || code === 'SQLITE_CANTOPEN' || code.startsWith('SQLITE_CANTOPEN_')) {
    return new DataError(
      'DATABASE_UNWRITABLE',
      `Cannot write ${path} (${(error as Error).message}).`,
      'Check that you may write to the file and to its directory .ordo/.',
    );
  }
  if (code === 'SQLITE_ERROR' && /^no such (table|column)/.test((error as Error).message)) {
    // The schema check on open catches these; this is the net for anything it does not name.
    return new DataError(
      'DATABASE_DAMAGED',
      `${path} is not an ordo database in one piece (${(error as Error).message}).`,
      'Restore .ordo/backlog.db from a backup.',
    );
  }
  if (code === 'SQLITE_FULL' || code === 'SQLITE_IOERR' || code.startsWith('SQLITE_IOERR_')) {
    return new DataError(
      'DATABASE_IO',
      `Could not write ${path} (${(error as Error).message}); nothing was changed.`,
      'Free some disk space or fix the file system, then run the command again.',
    );
  }
  return error;
}
