/** The backlog store: one open database, its prepared statements, and its repositories. */
import type BetterSqlite3 from 'better-sqlite3';
import { migrate, openDatabase, translateSqliteError, type Db, type OpenOptions } from './database.js';
import { EventRepo } from './events.js';
import { SCHEMA_VERSION } from './migrations.js';
import { GoalRepo } from './goals.js';
import { ItemRepo } from './items.js';
import { SignatureRepo } from './signatures.js';
import { ProposalRepo } from './proposals.js';
import { ReleaseRepo, SprintRepo } from './planning.js';
import type { ItemStatus } from '../core/types.js';

/** Prepares each SQL text once per process and hands back the same statement. */
export class Statements {
  private readonly cache = new Map<string, BetterSqlite3.Statement>();
  constructor(readonly db: Db) {}
  get(sql: string): BetterSqlite3.Statement {
    let s = this.cache.get(sql);
    if (!s) {
      s = this.db.prepare(sql);
      this.cache.set(sql, s);
    }
    return s;
  }
}

/**
 * Runs `fn` with SIGINT at its default action. A handler could only run after `fn` returned, that
 * is after the commit; without one, Ctrl-C ends the process inside the transaction and the
 * rollback journal undoes it: an interrupted command writes nothing.
 */
function withDefaultInterrupt<T>(fn: () => T): T {
  const listeners = process.listeners('SIGINT');
  for (const l of listeners) process.removeListener('SIGINT', l);
  try {
    return fn();
  } finally {
    for (const l of listeners) process.on('SIGINT', l);
  }
}

export class Store {
  readonly items: ItemRepo;
  readonly goals: GoalRepo;
  readonly events: EventRepo;
  readonly signatures: SignatureRepo;
  /** Items the current transaction wrote, with their status and rank before it (null: created by it). */
  readonly touched = new Map<number, { status: ItemStatus; rank: string | null } | null>();
  /** True once the current transaction cleared the items (an import replaces the backlog). */
  replaced = false;
  readonly proposals: ProposalRepo;
  readonly releases: ReleaseRepo;
  readonly sprints: SprintRepo;
  private readonly statements: Statements;

  constructor(
    readonly db: Db,
    readonly path: string,
    readonly writable: boolean,
    /** Migrations still to apply, inside the first transaction (OpenOptions.deferMigration). */
    private pendingMigration?: number,
  ) {
    this.statements = new Statements(db);
    this.items = new ItemRepo(
      this.statements,
      (number, created) => {
        if (number === 0) this.replaced = true;
        // Once the transaction replaced the backlog, what it did to each item is not recorded
        // (signing.ts): an import would only fill a Map of 100,000 entries no one reads.
        else if (!this.replaced && !this.touched.has(number)) {
          const before = created ? undefined : this.items.state(number);
          this.touched.set(number, before ? { status: before.status, rank: before.rank } : null);
        }
      },
    );
    this.goals = new GoalRepo(this.statements);
    this.events = new EventRepo(this.statements);
    this.signatures = new SignatureRepo(this.statements);
    this.proposals = new ProposalRepo(this.statements);
    this.releases = new ReleaseRepo(this.statements);
    this.sprints = new SprintRepo(this.statements);
  }

  static async open(path: string, options: OpenOptions): Promise<Store> {
    const db = await openDatabase(path, options);
    const deferred = options.mode === 'write' && options.deferMigration ? (options.targetVersion ?? SCHEMA_VERSION) : undefined;
    return new Store(db, path, options.mode === 'write', deferred);
  }

  /**
   * Runs `fn` as one transaction: all of it is written or none of it.
   * Writers take the write lock up front (BEGIN IMMEDIATE) so that two commands
   * never deadlock upgrading read locks; the busy timeout makes them queue.
   */
  transaction<T>(fn: () => T): T {
    this.touched.clear();
    this.replaced = false;
    try {
      const target = this.pendingMigration;
      const tx = this.db.transaction(() => {
        // Nested in this transaction, the migration is rolled back with it if fn throws.
        if (target !== undefined) migrate(this.db, target);
        return fn();
      });
      const result = this.writable ? withDefaultInterrupt(() => tx.immediate()) : tx.deferred();
      this.pendingMigration = undefined;
      return result;
    } catch (error) {
      throw translateSqliteError(error, this.path);
    }
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
