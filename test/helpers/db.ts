/** Reads a sandbox's database directly, read-only, to assert what a command stored. */
import Database from 'better-sqlite3';

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
