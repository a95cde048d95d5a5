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

/**
 * The item text `ordo list --search` finds, each an expression over an items row. The
 * index is external-content (the text lives once, in items) and triggers keep it in step
 * with every write, whatever code path makes it. A new searchable column is one more entry.
 */
export const SEARCH_COLUMNS: readonly (readonly [name: string, column: string])[] = [
  ['title', 'title'],
  ['description', 'description'],
  ['rationale', 'rationale'],
  // The acceptance criteria's JSON text: the tokenizer reads its brackets and quotes as spaces.
  ['criteria', 'criteria'],
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

/**
 * The order's statistics, kept exact by triggers: how many items are ranked, and a pivot key
 * near the middle of the order with the number of ranked items before it. A position is then
 * counted from the nearest of the top, the pivot and the bottom (ItemRepo.positionOf), so it
 * costs the distance to the nearest of them rather than the depth of the item.
 */
export const ORDER_STATS_TRIGGERS = ['order_stats_insert', 'order_stats_delete', 'order_stats_rank'] as const;

/** Their SQL, also for recreating them after a bulk write (ItemRepo.pauseIndexes). */
export function orderStatsTriggersSql(): string {
  // 1 when a rank key is before the pivot, else 0 (also for no key, or no pivot).
  const before = (rank: string) => `(CASE WHEN ${rank} IS NOT NULL AND pivot IS NOT NULL AND ${rank} < pivot THEN 1 ELSE 0 END)`;
  const ranked = (rank: string) => `(CASE WHEN ${rank} IS NOT NULL THEN 1 ELSE 0 END)`;
  return `
    CREATE TRIGGER order_stats_insert AFTER INSERT ON items WHEN new.rank IS NOT NULL BEGIN
      UPDATE order_stats SET ranked = ranked + 1, before_pivot = before_pivot + ${before('new.rank')};
    END;
    CREATE TRIGGER order_stats_delete AFTER DELETE ON items WHEN old.rank IS NOT NULL BEGIN
      UPDATE order_stats SET ranked = ranked - 1, before_pivot = before_pivot - ${before('old.rank')};
    END;
    CREATE TRIGGER order_stats_rank AFTER UPDATE OF rank ON items WHEN old.rank IS NOT new.rank BEGIN
      UPDATE order_stats SET ranked = ranked + ${ranked('new.rank')} - ${ranked('old.rank')}, before_pivot = before_pivot + ${before('new.rank')} - ${before('old.rank')};
    END;`;
}

/** Counts the order afresh and puts the pivot at its middle: after a migration or a bulk write, or when moves have left the pivot far from the middle. */
export const RECOUNT_ORDER_SQL = `
  INSERT OR REPLACE INTO order_stats (id, ranked, pivot, before_pivot) VALUES (
    1,
    (SELECT COUNT(*) FROM items WHERE rank IS NOT NULL),
    (SELECT rank FROM items WHERE rank IS NOT NULL ORDER BY rank LIMIT 1 OFFSET (SELECT COUNT(*) FROM items WHERE rank IS NOT NULL) / 2),
    (SELECT COUNT(*) FROM items WHERE rank IS NOT NULL) / 2
  );`;

/** The triggers that keep the search index in step, row by row. */
export const SEARCH_TRIGGERS = ['items_fts_insert', 'items_fts_delete', 'items_fts_update'] as const;

/**
 * Their SQL, also for recreating them after a bulk write (ItemRepo.pauseIndexes): a
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
    version: 5,
    description: 'planning: acceptance criteria, assignees, releases and sprints',
    sql: `
      ALTER TABLE items ADD COLUMN criteria TEXT NOT NULL DEFAULT '[]';
      ALTER TABLE items ADD COLUMN assignee TEXT;
      CREATE TABLE releases (
        id TEXT PRIMARY KEY COLLATE NOCASE,
        name TEXT NOT NULL,
        date TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'planned',
        items TEXT NOT NULL DEFAULT '[]',
        shipped_at TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE TABLE sprints (
        id TEXT PRIMARY KEY COLLATE NOCASE,
        goal TEXT NOT NULL,
        status TEXT NOT NULL,
        start TEXT NOT NULL,
        end TEXT NOT NULL,
        capacity REAL,
        items TEXT NOT NULL DEFAULT '[]',
        goal_met INTEGER,
        velocity REAL,
        ended_at TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
    `,
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
  {
    version: 8,
    description: "the order's size and a pivot near its middle, so that a position is counted from the nearest end",
    sql: `
      CREATE TABLE order_stats (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        ranked INTEGER NOT NULL,
        pivot TEXT,
        before_pivot INTEGER NOT NULL
      );
      ${orderStatsTriggersSql()}
      ${RECOUNT_ORDER_SQL}
    `,
  },
];

export const SCHEMA_VERSION = Math.max(...MIGRATIONS.map((m) => m.version));
