/**
 * Schema migrations, keyed on PRAGMA user_version. Append only: a released
 * migration is never edited, so every database walks the same path. Versions are
 * applied in ascending order whatever their place in this list, and a missing number
 * is simply skipped.
 */
import { chainHash } from '../core/audit.js';
import type { Db } from './database.js';

export interface Migration {
  version: number;
  description: string;
  sql: string;
  /** Runs after the SQL, in the same transaction, for data SQL cannot compute. */
  backfill?: (db: Db) => void;
}

/**
 * The item text `ordo list --search` finds, each an expression over an items row. The
 * index is external-content (the text lives once, in items) and triggers keep it in step
 * with every write, whatever code path makes it. A new searchable column is one more entry.
 */
export const SEARCH_COLUMNS: readonly (readonly [name: string, column: string])[] = [
  ['title', 'title'],
  ['description', 'description'],
  ['rationale', 'rationale'],
];

function searchIndexSql(): string {
  const names = SEARCH_COLUMNS.map(([n]) => n).join(', ');
  return `
    CREATE VIEW items_search AS SELECT number, ${SEARCH_COLUMNS.map(([n, c]) => `${c} AS ${n}`).join(', ')} FROM items;
    CREATE VIRTUAL TABLE items_fts USING fts5(${names}, content='items_search', content_rowid='number', tokenize='unicode61 remove_diacritics 2');
    ${searchTriggersSql()}
    CREATE TRIGGER items_relations_delete AFTER DELETE ON items BEGIN
      DELETE FROM item_labels WHERE item = old.number;
      DELETE FROM item_dependencies WHERE item = old.number;
    END;`;
}

/** The triggers that keep the search index in step, row by row. */
export const SEARCH_TRIGGERS = ['items_fts_insert', 'items_fts_delete', 'items_fts_update'] as const;

/**
 * Their SQL, also for recreating them after a bulk write (ItemRepo.pauseSearchIndex): a
 * migration that changes them must change this function's output with them.
 */
export function searchTriggersSql(): string {
  const names = SEARCH_COLUMNS.map(([n]) => n).join(', ');
  const values = (row: 'new' | 'old') => SEARCH_COLUMNS.map(([, c]) => `${row}.${c}`).join(', ');
  const columns = SEARCH_COLUMNS.map(([, c]) => c).join(', ');
  return `
    CREATE TRIGGER items_fts_insert AFTER INSERT ON items BEGIN
      INSERT INTO items_fts(rowid, ${names}) VALUES (new.number, ${values('new')});
    END;
    CREATE TRIGGER items_fts_delete AFTER DELETE ON items BEGIN
      INSERT INTO items_fts(items_fts, rowid, ${names}) VALUES ('delete', old.number, ${values('old')});
    END;
    CREATE TRIGGER items_fts_update AFTER UPDATE OF ${columns} ON items BEGIN
      INSERT INTO items_fts(items_fts, rowid, ${names}) VALUES ('delete', old.number, ${values('old')});
      INSERT INTO items_fts(rowid, ${names}) VALUES (new.number, ${values('new')});
    END;`;
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
    version: 6,
    description: 'labels, dependencies between items, and a full-text index for search',
    sql: `
      CREATE TABLE item_labels (
        item INTEGER NOT NULL,
        label TEXT NOT NULL COLLATE NOCASE,
        PRIMARY KEY (item, label)
      ) WITHOUT ROWID;
      CREATE INDEX item_labels_by_label ON item_labels(label, item);
      CREATE TABLE item_dependencies (
        item INTEGER NOT NULL,
        needs INTEGER NOT NULL,
        PRIMARY KEY (item, needs)
      ) WITHOUT ROWID;
      CREATE INDEX item_dependencies_by_needs ON item_dependencies(needs, item);
      ${searchIndexSql()}
      INSERT INTO items_fts(items_fts) VALUES ('rebuild');
    `,
  },
];

export const SCHEMA_VERSION = Math.max(...MIGRATIONS.map((m) => m.version));
