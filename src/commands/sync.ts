/**
 * `ordo sync` as a command: shares this clone's backlog through its branch (sync/sync.ts)
 * and, on the Product Owner's machine, signs what a merge left unsigned. Also the one-time
 * move of a backlog from the older layout, where git tracked the database on code branches.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { loadPrivateKey } from '../config/keys.js';
import { databasePath, DATA_DIR, type Config } from '../config/load.js';
import { sameIdentity } from '../core/roles.js';
import type { Snapshot } from '../core/snapshot.js';
import type { Identity } from '../core/types.js';
import { ConflictError } from '../errors.js';
import type { Store } from '../store/store.js';
import { isTracked, runGit } from '../sync/git.js';
import { requireSyncable, syncBacklog, type SyncResult } from '../sync/sync.js';
import type { Context } from './context.js';
import { DATA_GITIGNORE } from './init.js';
import { appendSignature } from './signing.js';
import { verifyTrust } from './verify.js';
import { requireWritableVersion } from './version-pin.js';

export interface SyncCommandResult extends SyncResult {
  /** Set when the sync moved a backlog out of the older layout: what the user must commit. */
  adopted: { untracked: string; files: string[] } | null;
  /** True when the Product Owner's machine signed the merged order. */
  signed: boolean;
}

export async function syncCommand(input: { adopt?: boolean }, ctx: Context): Promise<SyncCommandResult> {
  const config = await ctx.config();
  requireWritableVersion(config); // a sync writes this clone's backlog and the team's branch
  const identity = ctx.identity();
  let signed = false;
  const result = await syncBacklog({
    config,
    identity,
    now: ctx.now(),
    adoptTracked: input.adopt === true,
    afterMerge: (store, sides) => {
      signed = signMergedDecisions(ctx, config, identity, store, sides);
      return signed;
    },
  });
  const adopted = input.adopt ? adoptLayout(config) : null;
  return { ...result, adopted, signed };
}

/**
 * The Product Owner's own decisions, made here and not yet published, may land after
 * teammates' published changes or take new keys: their signatures no longer cover the
 * merged trail. On the Product Owner's machine, with the key, the merged order is signed
 * again as part of the sync. Nobody else ever needs to: a teammate's changes are appended
 * after the published trail and never touch the order.
 */
function signMergedDecisions(ctx: Context, config: Config, identity: Identity, store: Store, sides: { published: Snapshot; ours: Snapshot }): boolean {
  if (config.ownerKey === null || !sameIdentity(identity.id, config.owner)) return false;
  const published = new Set((sides.published.signatures ?? []).map((s) => s.signature));
  const ownUnpublished = (sides.ours.signatures ?? []).some((s) => !published.has(s.signature));
  if (!ownUnpublished) return false;
  if (verifyTrust({ config, store }).violations.every((v) => v.rule !== 'order-signed')) return false;
  const key = loadPrivateKey(ctx.env, config.ownerKey);
  if (!key) return false;
  appendSignature({ store, config, identity, at: ctx.now().toISOString(), command: 'sync', signingKey: () => key }, 'order');
  return true;
}

/**
 * Finishes the move from the older layout: the database is published, so git stops
 * tracking it on this branch, .ordo/.gitignore ignores it, and ordo's old drivers go.
 * The user commits the result; nothing here commits on a code branch.
 */
function adoptLayout(config: Config): { untracked: string; files: string[] } | null {
  const top = requireSyncable(config);
  const path = relative(top, databasePath(config.root)).split(sep).join('/');
  if (!isTracked(path, top)) return null;
  const removed = runGit(['rm', '--cached', '--quiet', '--', path], top);
  if (removed.status !== 0) {
    throw new ConflictError('UNTRACK_FAILED', `The backlog is published, but git could not stop tracking ${path}: ${removed.stderr.trim()}`, `Run \`git rm --cached ${path}\` yourself.`);
  }
  const files = [relative(top, join(config.root, DATA_DIR, '.gitignore')).split(sep).join('/')];
  writeFileSync(join(config.root, DATA_DIR, '.gitignore'), DATA_GITIGNORE);
  const attributes = join(top, '.gitattributes');
  if (existsSync(attributes)) {
    const before = readFileSync(attributes, 'utf8');
    const after = before
      .split('\n')
      .filter((l) => !/\bmerge=ordo\b|\bdiff=ordo\b/.test(l))
      .join('\n');
    if (after !== before) {
      writeFileSync(attributes, after);
      files.push('.gitattributes');
    }
  }
  // The drivers pointed at one ordo by absolute path; nothing needs them any more.
  for (const section of ['diff.ordo', 'merge.ordo']) runGit(['config', '--local', '--remove-section', section], top);
  return { untracked: path, files };
}
