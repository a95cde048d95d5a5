/** `ordo migrate`: brings a database written by an older ordo up to this version's schema. */
import { databasePath } from '../config/load.js';
import { openDatabase } from '../store/database.js';
import { SCHEMA_VERSION } from '../store/migrations.js';
import type { Context } from './context.js';
import { requireWritableVersion } from './version-pin.js';

export async function migrateBacklog(_input: object, ctx: Context): Promise<{ database: string; from: number; to: number }> {
  const config = await ctx.config();
  const path = databasePath(config.root);
  const reader = await openDatabase(path, { mode: 'read', targetVersion: 0 });
  const from = reader.pragma('user_version', { simple: true }) as number;
  reader.close();
  if (from < SCHEMA_VERSION) {
    requireWritableVersion(config);
    (await openDatabase(path, { mode: 'write' })).close();
  }
  return { database: path, from, to: SCHEMA_VERSION };
}
