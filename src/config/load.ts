/**
 * Finds, parses, validates and normalises ordo.yml: the one place that knows its format.
 * yaml and zod load lazily so that commands pay for them only when the file is read, and the
 * validated result is cached (.ordo/cache/config.json) so that they are not loaded at all
 * while the file is unchanged.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { DataError, NotFoundError } from '../errors.js';
import type { RuleId, Severity } from '../core/rules.js';
import type { People } from '../core/roles.js';
import { BUILD_ID } from '../version.js';

export const CONFIG_FILE = 'ordo.yml';
export const DATA_DIR = '.ordo';
export const DATABASE_FILE = 'backlog.db';
/** A real ordo.yml is well under a kilobyte; past this size it is not one, and parsing it would only waste time. */
export const CONFIG_MAX_BYTES = 256 * 1024;

export interface Config extends People {
  /** The directory holding ordo.yml. */
  root: string;
  file: string;
  product: string;
  prefix: string;
  ownerKey: string | null;
  /** `ordo:` in ordo.yml: the versions the team uses, and whether this ordo is one of them. */
  versionPin: VersionPin | null;
  scale: number[];
  sync: SyncConfig;
  check: {
    rationaleMinWords: number;
    staleProposalDays: number;
    rules: Record<RuleId, Severity>;
  };
}

export interface VersionPin {
  range: string;
  /** The version of the ordo that read the file. */
  running: string;
  satisfied: boolean;
  /** The lowest version in the range: the one to install. */
  install: string | null;
}

export interface SyncConfig {
  remote: string;
  branch: string;
  /** Sync after every writing command; null: yes when the remote exists. */
  auto: boolean | null;
  /** Reading commands say so when the last sync is older than this. */
  staleAfterMs: number;
}

export function databasePath(root: string): string {
  return join(root, DATA_DIR, DATABASE_FILE);
}

/** Walks up from `start` to the first directory holding ordo.yml, as git finds .git. */
export function findProjectRoot(start: string): string {
  let dir = resolve(start);
  for (;;) {
    if (existsSync(join(dir, CONFIG_FILE))) return dir;
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  throw new NotFoundError(
    'NO_BACKLOG',
    `No ${CONFIG_FILE} found in ${resolve(start)} or any parent directory.`,
    'Run `ordo init` to create a backlog here, or pass -C <dir> to use one elsewhere.',
  );
}

export async function loadConfig(root: string): Promise<Config> {
  const file = join(root, CONFIG_FILE);
  let text: string;
  try {
    const size = statSync(file).size;
    if (size > CONFIG_MAX_BYTES) {
      throw new DataError(
        'CONFIG_INVALID',
        `${file} is ${size} bytes; an ordo configuration is at most ${CONFIG_MAX_BYTES} bytes.`,
        'Restore ordo.yml from git (`git checkout -- ordo.yml`); the README section "Configuration" lists every key.',
      );
    }
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if (error instanceof DataError) throw error;
    throw new DataError('CONFIG_UNREADABLE', `Cannot read ${file}: ${(error as Error).message}.`, 'Check the file exists and is readable.');
  }
  const cacheDir = join(root, DATA_DIR, 'cache');
  const cacheFile = join(cacheDir, 'config.json');
  // The cache is keyed on the file's whole text and the build, compared exactly: no hash to
  // compute (loading node:crypto alone costs more memory than the rest of the lookup).
  const key = { build: BUILD_ID, source: text };
  const cached = readCachedConfig(cacheFile, key);
  if (cached) return { ...cached, root, file };
  const config = await parseConfig(text, file, root);
  writeCachedConfig(cacheDir, cacheFile, key, config);
  return config;
}

type CachedConfig = Omit<Config, 'root' | 'file'>;

/** The cached configuration when it was made from these exact bytes by this build; anything else is ignored. */
interface CacheKey {
  build: string;
  source: string;
}

function readCachedConfig(cacheFile: string, key: CacheKey): CachedConfig | undefined {
  try {
    const data = JSON.parse(readFileSync(cacheFile, 'utf8')) as Partial<CacheKey> & { config?: unknown };
    return data.build === key.build && data.source === key.source && isCachedConfig(data.config) ? data.config : undefined;
  } catch {
    return undefined; // missing, unreadable or corrupt: parse ordo.yml instead
  }
}

/** Best effort: a directory that cannot be written (read-only checkout, no .ordo yet) just goes uncached. */
function writeCachedConfig(cacheDir: string, cacheFile: string, key: CacheKey, config: Config): void {
  const { root: _root, file: _file, ...rest } = config;
  const tmp = `${cacheFile}.${process.pid}.tmp`;
  try {
    if (!existsSync(dirname(cacheDir))) return; // never create .ordo/ itself: that is ordo init's job
    mkdirSync(cacheDir, { recursive: true });
    writeFileSync(tmp, JSON.stringify({ ...key, config: rest }));
    renameSync(tmp, cacheFile); // atomic: a concurrent reader sees the old file or the new one
  } catch {
    try {
      rmSync(tmp, { force: true });
    } catch {
      // nothing more to do
    }
  }
}

const isStrings = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string');

function isCachedConfig(v: unknown): v is CachedConfig {
  const c = v as Partial<CachedConfig> | null;
  return (
    typeof c === 'object' &&
    c !== null &&
    typeof c.product === 'string' &&
    typeof c.owner === 'string' &&
    isStrings(c.managers) &&
    isStrings(c.team) &&
    typeof c.prefix === 'string' &&
    (c.ownerKey === null || typeof c.ownerKey === 'string') &&
    (c.versionPin === null || (typeof c.versionPin === 'object' && typeof c.versionPin?.range === 'string' && typeof c.versionPin.satisfied === 'boolean')) &&
    Array.isArray(c.scale) &&
    c.scale.every((n) => typeof n === 'number') &&
    typeof c.sync === 'object' &&
    c.sync !== null &&
    typeof c.sync.remote === 'string' &&
    typeof c.sync.branch === 'string' &&
    typeof c.sync.staleAfterMs === 'number' &&
    typeof c.check === 'object' &&
    c.check !== null &&
    typeof c.check.rationaleMinWords === 'number' &&
    typeof c.check.staleProposalDays === 'number' &&
    typeof c.check.rules === 'object' &&
    c.check.rules !== null
  );
}

/** Parses and validates the text of an ordo.yml; see parse.ts. */
export async function parseConfig(text: string, file: string, root: string): Promise<Config> {
  return (await import('./parse.js')).parseConfigText(text, file, root);
}
