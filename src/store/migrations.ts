/**
 * Schema migrations, keyed on PRAGMA user_version. Append only: a released
 * migration is never edited, so every database walks the same path. Versions are
 * applied in ascending order whatever their place in this list, and a missing number
 * is simply skipped.
 */
import { chainHash } from '../core/audit.js';
import { legacyUid } from '../core/snapshot.js';
import type { Db } from './database.js';

export interface Migration {
  version: number;
  description: string;
  sql: string;
  /** Runs after the SQL, in the same transaction, for data SQL cannot compute. */
  backfill?: (db: Db) => void;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'roadmap goals and backlog items with fractional rank keys',
    sql: `
      CREATE TABLE goals (
        id TEXT PRIMARY KEY COLLATE NOCASE,
        title TEXT NOT NULL,
        description TEXT,
        horizon TEXT,
        metric TEXT,
        status TEXT NOT NULL DEFAULT 'active',
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE TABLE items (
        number INTEGER PRIMARY KEY,
        title TEXT NOT NULL,
        description TEXT,
        type TEXT NOT NULL,
        value INTEGER,
        rationale TEXT,
        goal TEXT,
        estimate REAL,
        status TEXT NOT NULL,
        rank TEXT,
        created_by TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        started_at TEXT,
        done_at TEXT,
        closed_at TEXT,
        reason TEXT
      );
      CREATE UNIQUE INDEX items_by_rank ON items(rank) WHERE rank IS NOT NULL;
      CREATE INDEX items_by_status ON items(status, number);
    `,
  },
  {
    version: 2,
    description: 'audit trail of every change',
    sql: `
      CREATE TABLE events (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        actor TEXT NOT NULL,
        source TEXT NOT NULL,
        command TEXT NOT NULL,
        action TEXT NOT NULL,
        item INTEGER,
        goal TEXT,
        details TEXT NOT NULL DEFAULT '{}'
      );
      CREATE INDEX events_by_item ON events(item, id) WHERE item IS NOT NULL;
    `,
  },
  {
    version: 3,
    description: 'move proposals: anyone asks the Product Owner to move an item',
    sql: `
      CREATE TABLE move_proposals (
        id INTEGER PRIMARY KEY,
        item INTEGER NOT NULL,
        placement TEXT NOT NULL,
        anchor INTEGER,
        why TEXT NOT NULL,
        proposed_by TEXT NOT NULL,
        created_at TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'pending',
        decided_by TEXT,
        decided_at TEXT,
        reason TEXT
      );
      CREATE INDEX move_proposals_by_status ON move_proposals(status, id);
    `,
  },
  {
    version: 4,
    description: 'hash-chained audit trail and the Product Owner\'s order signatures',
    sql: `
      ALTER TABLE events ADD COLUMN hash TEXT;
      CREATE TABLE order_signatures (
        id INTEGER PRIMARY KEY,
        counter INTEGER NOT NULL,
        kind TEXT NOT NULL,
        signed_at TEXT NOT NULL,
        signer TEXT NOT NULL,
        payload TEXT NOT NULL,
        signature TEXT NOT NULL
      );
    `,
    // Events written before the chain existed are chained as they are, in id order.
    backfill(db) {
      const rows = db.prepare('SELECT * FROM events ORDER BY id').all() as { id: number; details: string; item: number | null; goal: string | null; at: string; actor: string; source: string; command: string; action: string }[];
      const update = db.prepare('UPDATE events SET hash = ? WHERE id = ?');
      let previous: string | null = null;
      for (const r of rows) {
        previous = chainHash(previous, { ...r, details: JSON.parse(r.details) as Record<string, unknown> });
        update.run(previous, r.id);
      }
    },
  },
  {
    version: 7,
    description: 'a stable identity for every item, which survives renumbering when backlogs meet',
    sql: `ALTER TABLE items ADD COLUMN uid TEXT;`,
    // Derived from what the item was created with, so two clones that upgrade apart give
    // the same item the same uid; items created from now on get a random one.
    backfill(db) {
      const rows = db.prepare('SELECT number, created_at, created_by FROM items').all() as { number: number; created_at: string; created_by: string }[];
      const update = db.prepare('UPDATE items SET uid = ? WHERE number = ?');
      for (const r of rows) update.run(legacyUid(r.number, r.created_at, r.created_by), r.number);
    },
  },
];

export const SCHEMA_VERSION = Math.max(...MIGRATIONS.map((m) => m.version));
