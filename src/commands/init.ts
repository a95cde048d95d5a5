/** `ordo init`: creates ordo.yml, .ordo/.gitignore and the backlog database. */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { CONFIG_FILE, DATA_DIR, databasePath, parseConfig } from '../config/load.js';
import { DEFAULT_SCALE, PREFIX_PATTERN } from '../config/defaults.js';
import { ConflictError, UsageError } from '../errors.js';
import { Store } from '../store/store.js';
import type { Context } from './context.js';
import type { SyncCommandResult } from './sync.js';
import { requireWritableVersion } from './version-pin.js';

export interface InitInput {
  owner?: string;
  product?: string;
  prefix?: string;
}

export interface InitResult {
  root: string;
  config: string;
  database: string;
  product: string;
  owner: string;
  prefix: string;
  /**
   * With a git remote: the sync that published the new backlog's branch, or that took the
   * team's backlog in a fresh clone; `shareError` says why it could not be shared yet.
   */
  shared: Pick<SyncCommandResult, 'outcome' | 'remote' | 'branch' | 'commit'> | null;
  shareError: string | null;
}

/** Values init uses when none are given: the runner becomes the Product Owner. */
export function initDefaults(ctx: Context): Required<InitInput> {
  return { owner: ctx.identity().id, product: basename(ctx.cwd) || 'My product', prefix: 'ORD' };
}

function yamlScalar(value: string): string {
  return /^[A-Za-z0-9][\w .@+/-]*$/.test(value) && !/[ ]$/.test(value) ? value : JSON.stringify(value);
}

export function renderConfig(values: Required<InitInput>): string {
  return `# ordo configuration. Commit this file; the backlog itself is shared by \`ordo sync\`
# on a branch of its own (sync: below), never on code branches.
product: ${yamlScalar(values.product)}
# The Product Owner: the one person who orders the backlog.
owner: ${yamlScalar(values.owner)}
# Product Managers: manage roadmap goals.
managers: []
# Developers who start and finish items; empty means anyone.
team: []
# Item keys look like ${values.prefix}-1, ${values.prefix}-2, ...
prefix: ${values.prefix}
value:
  # The business values an item may have.
  scale: [${DEFAULT_SCALE.join(', ')}]
sync:
  remote: origin
  branch: ordo/backlog
check:
  rationale-min-words: 5
  stale-proposal-days: 14
  rules: {}
`;
}

/** What `.ordo/.gitignore` holds: everything in .ordo/ is this clone's own. */
export const DATA_GITIGNORE = `# This clone's copy of the backlog, its side files and caches: never committed on code branches.
# The team's backlog is shared by \`ordo sync\` on a branch of its own (ordo/backlog by default).
backlog.db
*.db-journal
*.db-wal
*.db-shm
*.lock
*.tmp
cache/
sync-state.json
`;

export interface InitOptions {
  /** Publish the new backlog's branch when the repository has a remote (not with --no-sync). */
  share?: boolean;
}

export async function initBacklog(input: InitInput, ctx: Context, options: InitOptions = {}): Promise<InitResult> {
  const root = ctx.cwd;
  const defaults = initDefaults(ctx);
  const values: Required<InitInput> = {
    owner: input.owner?.trim() || defaults.owner,
    product: input.product?.trim() || defaults.product,
    prefix: (input.prefix?.trim() || defaults.prefix).toUpperCase(),
  };
  if (!PREFIX_PATTERN.test(values.prefix)) {
    throw new UsageError(
      `--prefix "${input.prefix}" cannot be an item key prefix: it must be 1-10 letters or digits, starting with a letter.`,
      'For example: --prefix ORD (keys ORD-1, ORD-2, ...).',
    );
  }
  const configFile = join(root, CONFIG_FILE);
  const dbFile = databasePath(root);
  if (existsSync(dbFile)) {
    throw new ConflictError(
      'ALREADY_INITIALISED',
      `${dbFile} already exists: this directory holds a backlog.`,
      'Use the backlog that is here, or run `ordo init` in another directory (or with -C <dir>).',
    );
  }
  // An ordo.yml without a database (a fresh project whose file was written by hand):
  // create the database for it rather than overwrite it.
  const keepConfig = existsSync(configFile);
  if (keepConfig && (input.owner || input.product || input.prefix)) {
    throw new UsageError(
      `${configFile} already exists, so --owner, --product and --prefix cannot be applied.`,
      'Edit ordo.yml instead, then run `ordo init` without those flags to create the database.',
    );
  }
  const text = keepConfig ? readFileSync(configFile, 'utf8') : renderConfig(values);
  // Validate with the same rules every later command applies, before anything is written.
  const config = await parseConfig(text, configFile, root);
  requireWritableVersion(config);
  if (keepConfig) Object.assign(values, { owner: config.owner, product: config.product, prefix: config.prefix });
  // A fresh clone of a project that shares its backlog: take the team's rather than start an empty one.
  if (keepConfig && (await import('../sync/sync.js')).fetchMissingBacklog(config, ctx.now())) {
    const { readSyncState } = await import('../sync/state.js');
    const state = readSyncState(root);
    return {
      root,
      config: configFile,
      database: dbFile,
      ...values,
      shared: state && { outcome: 'fetched', remote: state.remote, branch: state.branch, commit: state.commit },
      shareError: null,
    };
  }
  const dataDir = join(root, DATA_DIR);
  const createdDataDir = !existsSync(dataDir);
  try {
    mkdirSync(dataDir, { recursive: true });
    const store = await Store.open(dbFile, { mode: 'write', create: true });
    try {
      store.transaction(() =>
        store.events.append({
          at: ctx.now().toISOString(),
          actor: ctx.identity().id,
          source: ctx.identity().source,
          command: 'init',
          action: 'owner.set',
          item: null,
          goal: null,
          details: { owner: values.owner, product: values.product },
        }),
      );
    } finally {
      store.close();
    }
    writeFileSync(join(dataDir, '.gitignore'), DATA_GITIGNORE);
    if (!keepConfig) writeFileSync(configFile, text, { flag: 'wx' });
  } catch (error) {
    rmSync(dbFile, { force: true });
    if (createdDataDir) rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
  // With a remote, publish the new backlog's branch so that teammates can sync.
  let shared: InitResult['shared'] = null;
  let shareError: string | null = null;
  const { canSync } = await import('../sync/state.js');
  if (options.share !== false && config.sync.auto !== false && canSync(config)) {
    try {
      const { syncCommand } = await import('./sync.js');
      const r = await syncCommand({}, { ...ctx, cwd: root, config: async () => config });
      shared = { outcome: r.outcome, remote: r.remote, branch: r.branch, commit: r.commit };
    } catch (error) {
      shareError = (error as Error).message;
    }
  }
  return { root, config: configFile, database: dbFile, ...values, shared, shareError };
}
