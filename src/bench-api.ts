/**
 * In-process entry for the benchmark (scripts/bench.mjs): the placement path that `ordo move`
 * runs, on one open backlog, without starting a process per move. Not part of the CLI.
 */
import type BetterSqlite3 from 'better-sqlite3';
import { rankInOrder, requireRef, type Writer } from './commands/backlog.js';
import { databasePath, findProjectRoot, loadConfig } from './config/load.js';
import type { Placement } from './core/ranking.js';
import { Store } from './store/store.js';

export { RANK_KEY_CAP } from './core/ranking.js';
export { mulberry32 } from './core/forecast.js';
export { RECOUNT_ORDER_SQL } from './store/migrations.js';

export interface MoveSession {
  /** The open connection, for baselines measured on the same database. */
  db: BetterSqlite3.Database;
  /** Moves one item as `ordo move` does (without the audit record and the positions it prints); returns its new rank key. */
  move(key: string, placement: Placement): string;
  close(): void;
}

/** Opens the backlog at or above `dir` for writing. Callers bracket moves with BEGIN/ROLLBACK. */
export async function openMoveSession(dir: string): Promise<MoveSession> {
  const config = await loadConfig(findProjectRoot(dir));
  const store = await Store.open(databasePath(config.root), { mode: 'write' });
  const writer: Writer = {
    config,
    store,
    identity: { id: config.owner, source: 'ORDO_USER' },
    at: new Date().toISOString(),
    command: 'bench',
    record: () => {},
    checkpoint: () => {},
    key: null,
  };
  return {
    db: store.db,
    move: (key, placement) => rankInOrder(writer, requireRef(writer, key), placement),
    close: () => store.close(),
  };
}
