/**
 * Schema migrations, keyed on PRAGMA user_version. Append only: a released
 * migration is never edited, so every database walks the same path.
 */
export interface Migration {
  version: number;
  description: string;
  sql: string;
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
];

export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;
