/**
 * `ordo diff`: what changed between two versions of the backlog. Versions are commits of
 * the backlog branch (each holds backlog.db) or, for the newer side, this clone's database.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { diffSnapshots, type BacklogDiff } from '../core/backlog-diff.js';
import { EMPTY_SNAPSHOT, type Snapshot } from '../core/snapshot.js';
import { databasePath } from '../config/load.js';
import { NotFoundError, UsageError } from '../errors.js';
import { readSnapshot } from '../store/snapshot.js';
import { Store } from '../store/store.js';
import { readBlob, resolveCommit, worktreeRoot } from '../sync/git.js';
import { BRANCH_DATABASE, syncedRef } from '../sync/sync.js';
import type { Context } from './context.js';

export interface DiffResult {
  from: string;
  to: string;
  before: Snapshot;
  after: Snapshot;
  diff: BacklogDiff;
  prefix: string;
}

async function loadSnapshot(file: string): Promise<Snapshot> {
  const store = await Store.open(file, { mode: 'read' });
  try {
    return store.transaction(() => readSnapshot(store));
  } finally {
    store.close();
  }
}

/**
 * `ordo diff`: the last sync against this clone's database (what the next sync publishes);
 * `ordo diff REV`: REV against this clone's database; `ordo diff REV1 REV2`: two commits.
 */
export async function diffRevisions(input: { revs: string[] }, ctx: Context): Promise<DiffResult> {
  if (input.revs.length > 2) throw new UsageError('ordo diff takes at most two revisions.', 'For example: ordo diff origin/ordo/backlog~1 origin/ordo/backlog');
  const config = await ctx.config();
  const dbFile = databasePath(config.root);
  const top = worktreeRoot(config.root);
  if (!top) throw new NotFoundError('NOT_A_GIT_REPOSITORY', `${config.root} is not inside a git repository.`, 'ordo diff compares versions of the backlog kept in git by `ordo sync`.');
  // Older layout: the database rode on code branches at this path.
  const legacyPath = relative(top, dbFile).split(sep).join('/');
  const scratch = mkdtempSync(join(tmpdir(), 'ordo-diff-'));
  try {
    const atRevision = async (rev: string): Promise<Snapshot> => {
      const commit = resolveCommit(rev, config.root);
      if (commit === null) {
        // Never synced: everything in this clone is new.
        if (input.revs.length === 0) return EMPTY_SNAPSHOT;
        throw new UsageError(`"${rev}" is not a revision in this repository.`, `Give a commit of the backlog branch, e.g. ordo diff ${config.sync.remote}/${config.sync.branch}~1.`);
      }
      const blob = readBlob(commit, BRANCH_DATABASE, top) ?? readBlob(commit, legacyPath, top);
      if (blob === null) {
        throw new UsageError(`${rev} holds no backlog: it is not a commit of the ${config.sync.branch} branch.`, `Commits of the backlog branch: git log ${config.sync.remote}/${config.sync.branch}.`);
      }
      if (blob.length === 0) return EMPTY_SNAPSHOT;
      const file = join(scratch, `${commit}.db`);
      writeFileSync(file, blob);
      return loadSnapshot(file);
    };
    const fromRev = input.revs[0] ?? syncedRef(config.sync.branch);
    const toRev = input.revs[1] ?? null;
    const before = await atRevision(fromRev);
    const after = toRev === null ? (existsSync(dbFile) ? await loadSnapshot(dbFile) : EMPTY_SNAPSHOT) : await atRevision(toRev);
    const fromLabel = input.revs[0] ?? 'last sync';
    return { from: fromLabel, to: toRev ?? 'this clone', before, after, diff: diffSnapshots(before, after), prefix: config.prefix };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
