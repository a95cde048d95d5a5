/**
 * This clone's record of its last sync (.ordo/sync-state.json, never committed). Small and
 * free of heavy imports: reading commands consult it to say when the backlog may be stale.
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DATA_DIR, type Config } from '../config/load.js';
import { hasRemote } from './git.js';

export interface SyncState {
  lastSync: string;
  remote: string;
  branch: string;
  commit: string;
}

export const syncStatePath = (root: string) => join(root, DATA_DIR, 'sync-state.json');

/** When this clone last synced; null when it never did. */
export function readSyncState(root: string): SyncState | null {
  try {
    const s = JSON.parse(readFileSync(syncStatePath(root), 'utf8')) as Partial<SyncState>;
    return typeof s.lastSync === 'string' && typeof s.commit === 'string' ? (s as SyncState) : null;
  } catch {
    return null;
  }
}

export function writeSyncState(root: string, state: SyncState): void {
  const file = syncStatePath(root);
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(state, null, 2)}\n`);
  renameSync(tmp, file);
}

/** True when `ordo sync` would share this backlog: its git repository has the configured remote. */
export function canSync(config: Pick<Config, 'root' | 'sync'>): boolean {
  return hasRemote(config.root, config.sync.remote);
}
