/**
 * A full look at a database file for `ordo doctor`: SQLite's own integrity check and the
 * schema version, read without migrating or writing anything.
 */
import { createRequire } from 'node:module';
import type BetterSqlite3 from 'better-sqlite3';
import { SCHEMA_VERSION } from './migrations.js';

export interface DatabaseHealth {
  /** PRAGMA integrity_check's findings; empty when the file is sound. */
  problems: string[];
  /** PRAGMA user_version: the schema the file was written with. */
  version: number;
  /** The newest schema this ordo knows. */
  known: number;
}

/** Runs the full PRAGMA integrity_check (every page, every index) on a read-only connection. */
export function inspectDatabase(path: string): DatabaseHealth {
  const Database = createRequire(import.meta.url)('better-sqlite3') as typeof BetterSqlite3;
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    const version = db.pragma('user_version', { simple: true }) as number;
    const rows = db.pragma('integrity_check') as { integrity_check: string }[];
    const problems = rows.map((r) => r.integrity_check).filter((t) => t !== 'ok');
    return { problems, version, known: SCHEMA_VERSION };
  } finally {
    db.close();
  }
}
