/**
 * `ordo doctor`: everything that can be wrong with this clone, each with its fix. Reads only:
 * no network (the remote is looked up in git's config), no write to the database.
 */
import { existsSync, readFileSync } from 'node:fs';
import { databasePath, findProjectRoot, loadConfig, type Config } from '../config/load.js';
import { SYNC_DEFAULTS } from '../config/defaults.js';
import { loadPrivateKey, keyFile } from '../config/keys.js';
import { rolesOf } from '../core/roles.js';
import { relativeTime } from '../core/time.js';
import { OrdoError } from '../errors.js';
import { inspectDatabase } from '../store/integrity.js';
import { getConfig, resolveCommit, worktreeRoot } from '../sync/git.js';
import { syncStatePath, type SyncState } from '../sync/state.js';
import type { Context } from './context.js';

export type CheckStatus = 'ok' | 'info' | 'warn' | 'error';

export interface DoctorCheck {
  id: string;
  status: CheckStatus;
  message: string;
  fix?: string;
}

export interface DoctorResult {
  /** False when any check is an error. */
  ok: boolean;
  checks: DoctorCheck[];
}

const DAY_MS = 24 * 3600_000;

/** The sync state file as `ordo sync` wrote it; 'unreadable' when it is there but not JSON. */
function readState(root: string): Partial<SyncState> | null | 'unreadable' {
  const file = syncStatePath(root);
  if (!existsSync(file)) return null;
  try {
    const state = JSON.parse(readFileSync(file, 'utf8')) as Partial<SyncState>;
    return typeof state === 'object' && state !== null ? state : 'unreadable';
  } catch {
    return 'unreadable';
  }
}

export async function doctor(input: { version: string; node: string }, ctx: Context): Promise<DoctorResult> {
  const checks: DoctorCheck[] = [];
  const add = (id: string, status: CheckStatus, message: string, fix?: string) => checks.push({ id, status, message, ...(fix ? { fix } : {}) });
  add('version', 'ok', `ordo ${input.version} on Node.js ${input.node}`);

  const identity = ctx.identity();
  if (identity.source === 'OS user') {
    add('identity', 'warn', `${identity.id} (from the OS user name): teammates will not recognise it`, 'Set your e-mail: git config user.email you@example.com (or export ORDO_USER=you@example.com).');
  } else {
    add('identity', 'ok', `${identity.id} (from ${identity.source})`);
  }

  let root: string;
  let config: Config | null = null;
  try {
    root = findProjectRoot(ctx.cwd);
  } catch (error) {
    add('config', 'error', (error as OrdoError).message, (error as OrdoError).hint);
    return { ok: false, checks };
  }
  try {
    config = await loadConfig(root);
    add('config', 'ok', `${config.file} is valid (product ${config.product}, prefix ${config.prefix})`);
  } catch (error) {
    if (!(error instanceof OrdoError)) throw error;
    add('config', 'error', error.message, error.hint);
  }

  if (config) {
    const roles = rolesOf(identity.id, config);
    add('role', 'ok', `${roles.join(', ')} (the Product Owner is ${config.owner})`);
    const isOwner = roles.includes('product-owner');
    if (config.ownerKey === null) {
      add('owner-key', 'info', "no owner-key in ordo.yml: the Product Owner's decisions are not signed", 'Optional: the Product Owner runs `ordo key generate` and puts the public key in ordo.yml as owner-key.');
    } else if (!isOwner) {
      add('owner-key', 'ok', `set (${config.ownerKey.slice(0, 20)}…); only the Product Owner needs its private key`);
    } else {
      try {
        const key = loadPrivateKey(ctx.env, config.ownerKey);
        if (key) add('owner-key', 'ok', `set, and its private key is here (${keyFile(ctx.env, config.ownerKey)})`);
        else add('owner-key', 'error', `you are the Product Owner but the private key for owner-key is not on this machine (looked for ${keyFile(ctx.env, config.ownerKey)})`, 'Copy the key file from the machine where you ran `ordo key generate` to that path (mode 0600).');
      } catch (error) {
        if (!(error instanceof OrdoError)) throw error;
        add('owner-key', 'error', error.message, error.hint);
      }
    }
  }

  const top = worktreeRoot(root);
  if (top === null) {
    add('git', 'warn', `${root} is not in a git repository: the backlog cannot be shared`, 'Run `git init`, add a remote, then `ordo sync`.');
  } else {
    add('git', 'ok', `repository at ${top}`);
    const remote = config?.sync.remote ?? SYNC_DEFAULTS.remote;
    const branch = config?.sync.branch ?? SYNC_DEFAULTS.branch;
    const url = getConfig(`remote.${remote}.url`, root);
    if (url === null) {
      add('remote', 'warn', `no remote "${remote}": the backlog stays on this machine`, `Add one with \`git remote add ${remote} URL\`, then run \`ordo sync\`.`);
    } else {
      add('remote', 'ok', `${remote} → ${url}`);
    }
    const tracking = resolveCommit(`refs/remotes/${remote}/${branch}`, root);
    const local = resolveCommit(`refs/heads/${branch}`, root);
    if (local === null && tracking === null) {
      add('backlog-branch', url === null ? 'info' : 'warn', `no backlog branch ${branch} in this clone yet`, '`ordo sync` fetches it, or publishes it when the team has none.');
    } else {
      add('backlog-branch', 'ok', `${branch} at ${(tracking ?? local)!.slice(0, 12)}${tracking ? ` (as last fetched from ${remote})` : ' (local only)'}`);
    }
    const state = readState(root);
    const staleAfter = config?.sync.staleAfterMs ?? DAY_MS;
    if (state === 'unreadable') {
      add('last-sync', 'warn', `${syncStatePath(root)} cannot be read`, 'Run `ordo sync`: it writes the file again.');
    } else if (state?.lastSync === undefined || Number.isNaN(Date.parse(state.lastSync))) {
      add('last-sync', url === null ? 'info' : 'warn', 'never synced from this clone', 'Run `ordo sync` to share your changes and take the team\'s.');
    } else {
      const age = ctx.now().getTime() - Date.parse(state.lastSync);
      const text = `last synced ${relativeTime(state.lastSync, ctx.now())} (${state.lastSync}${state.commit ? `, ${state.commit.slice(0, 12)}` : ''})`;
      if (age > staleAfter) add('last-sync', 'warn', text, 'Run `ordo sync`: what you read may be out of date.');
      else add('last-sync', 'ok', text);
    }
  }

  const db = databasePath(root);
  if (!existsSync(db)) {
    add('database', 'error', `${db} does not exist`, 'Run `ordo sync` to get the team\'s backlog, or `ordo init` to start one.');
  } else {
    try {
      const health = inspectDatabase(db);
      if (health.problems.length > 0) {
        add('database', 'error', `${db} failed SQLite's integrity check: ${health.problems.slice(0, 3).join('; ')}${health.problems.length > 3 ? ` and ${health.problems.length - 3} more` : ''}`, 'Move the file away and run `ordo sync` to take the team\'s copy, or restore it from a backup.');
      } else {
        add('database', 'ok', `${db} passed SQLite's integrity check`);
      }
      if (health.version > health.known) {
        add('schema', 'error', `the database has schema ${health.version}; this ordo knows up to ${health.known}`, 'Upgrade ordo to the version your team uses.');
      } else if (health.version < health.known) {
        add('schema', 'warn', `the database has schema ${health.version}; this ordo writes ${health.known}`, 'Run `ordo migrate` (any writing command does it too).');
      } else {
        add('schema', 'ok', `schema ${health.version}, the one this ordo writes`);
      }
    } catch (error) {
      const e = error as { code?: string; message: string };
      add('database', 'error', `${db} cannot be read as a database (${e.code ?? ''} ${e.message})`.replace('( ', '('), 'Move the file away and run `ordo sync` to take the team\'s copy, or restore it from a backup.');
    }
  }
  return { ok: !checks.some((c) => c.status === 'error'), checks };
}
