/**
 * better-sqlite3's native addon, packed as prebuild-install looks for a "local prebuild", from
 * the one this repository's node_modules built: an install in a test then unpacks it instead of
 * compiling SQLite again (minutes on a busy machine). Returns the environment that points there.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../..');

export function localPrebuilds(dir: string): Record<string, string> {
  const sqlite = join(ROOT, 'node_modules', 'better-sqlite3');
  const version = (JSON.parse(readFileSync(join(sqlite, 'package.json'), 'utf8')) as { version: string }).version;
  mkdirSync(dir, { recursive: true });
  const archive = `better-sqlite3-v${version}-node-v${process.versions.modules}-${process.platform}-${process.arch}.tar.gz`;
  const r = spawnSync('tar', ['czf', join(dir, archive), 'build/Release/better_sqlite3.node'], { cwd: sqlite, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`tar exited ${r.status}: ${r.stderr}`);
  return { npm_config_better_sqlite3_local_prebuilds: dir };
}
