/** Reads a sandbox's database directly to assert what a command stored, or changes it as a forger would. */
import Database from 'better-sqlite3';
import { chainHash, type EventContent } from '../../src/core/audit.js';
import { Store } from '../../src/store/store.js';

export function rankKeys(dbPath: string): Map<string, string> {
  const db = new Database(dbPath, { readonly: true, fileMustExist: true });
  try {
    const rows = db.prepare('SELECT number, rank FROM items WHERE rank IS NOT NULL ORDER BY rank').all() as { number: number; rank: string }[];
    return new Map(rows.map((r) => [`ORD-${r.number}`, r.rank]));
  } finally {
    db.close();
  }
}

export function events(dbPath: string, action?: string): { action: string; actor: string; item: number | null; details: Record<string, unknown> }[] {
  const db = new Database(dbPath, { readonly: true, fileMustExist: true });
  try {
    const rows = db.prepare(`SELECT action, actor, item, details FROM events ${action ? 'WHERE action = ?' : ''} ORDER BY id`).all(...(action ? [action] : [])) as {
      action: string;
      actor: string;
      item: number | null;
      details: string;
    }[];
    return rows.map((r) => ({ ...r, details: JSON.parse(r.details) as Record<string, unknown> }));
  } finally {
    db.close();
  }
}

/** Opens a database for writing behind ordo's back, as anyone with sqlite3 could. */
export function tamper(dbPath: string, fn: (db: Database.Database) => void): void {
  const db = new Database(dbPath, { fileMustExist: true });
  try {
    fn(db);
  } finally {
    db.close();
  }
}

/** Recomputes every event's hash, as anyone who knows the (public) chain rule could: only signatures still hold. */
export function rechain(db: Database.Database): void {
  let previous: string | null = null;
  for (const r of db.prepare('SELECT * FROM events ORDER BY id').all() as (EventContent & { id: number; details: string })[]) {
    previous = chainHash(previous, { ...r, details: JSON.parse(r.details) as Record<string, unknown> });
    db.prepare('UPDATE events SET hash = ? WHERE id = ?').run(previous, r.id);
  }
}

/** Opens ordo's store on a database file, runs `fn` with it and closes it, whatever happens. */
export async function withStore<T>(path: string, mode: 'read' | 'write', fn: (store: Store) => T | Promise<T>): Promise<T> {
  const store = await Store.open(path, { mode });
  try {
    return await fn(store);
  } finally {
    store.close();
  }
}
