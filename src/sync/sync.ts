/**
 * `ordo sync`: what happens when this clone meets the team's backlog. The backlog lives
 * on its own branch (ordo/backlog); each commit there holds backlog.db and BACKLOG.md.
 * A sync fetches that branch, merges this clone's unpublished changes into it item by
 * item (core/merge.ts, with the published side winning every conflict and keeping every
 * published key), writes the result into this clone's database, commits it on top of what
 * was fetched and pushes; when a teammate pushed first, it does all of that again.
 *
 * The base of the merge is the commit this clone last synced with, kept in a ref of its
 * own (refs/ordo/synced/<branch>). Only plumbing is used: the working tree, the index and
 * the checked-out branch are never touched.
 */
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import { databasePath, type Config } from '../config/load.js';
import { diffSnapshots, type BacklogDiff } from '../core/backlog-diff.js';
import { mergeSnapshots, type MergeConflict, type MergeResult, type Renumbered } from '../core/merge.js';
import { EMPTY_SNAPSHOT, sameSnapshot, type Snapshot, type SnapshotEvent } from '../core/snapshot.js';
import type { Identity } from '../core/types.js';
import { ConflictError, NotFoundError } from '../errors.js';
import { readSnapshot, writeSnapshot } from '../store/snapshot.js';
import { Store } from '../store/store.js';
import {
  fetchBranch,
  getConfig,
  isTracked,
  pushBranch,
  readBlob,
  resolveCommit,
  updateRefs,
  worktreeRoot,
  writeBlobs,
  writeCommit,
  writeTree,
  type Author,
} from './git.js';
import { renderBacklogMarkdown, renderCommitMessage } from './render.js';
import { canSync, writeSyncState } from './state.js';

/** The file names inside each commit of the backlog branch. */
export const BRANCH_DATABASE = 'backlog.db';
export const BRANCH_MARKDOWN = 'BACKLOG.md';
/** How often a sync fetches and merges again after a teammate pushed first. */
export const SYNC_TRIES = 8;

export interface SyncInput {
  config: Config;
  identity: Identity;
  now: Date;
  /**
   * Runs inside the transaction that writes the merged backlog into this clone, before it
   * commits (the Product Owner's machine signs what the merge left unsigned).
   */
  afterMerge?: (store: Store, sides: { published: Snapshot; ours: Snapshot }) => boolean;
  /** Publish a backlog whose database git still tracks on the code branch (the older layout). */
  adoptTracked?: boolean;
}

export interface SyncResult {
  remote: string;
  branch: string;
  /**
   * created: this clone published the branch's first commit; fetched: a clone without a backlog
   * took the team's; published: changes went out (and any that came in were merged);
   * received: changes came in, none went out; up-to-date: nothing on either side.
   */
  outcome: 'created' | 'fetched' | 'published' | 'received' | 'up-to-date';
  /** The branch tip after the sync. */
  commit: string;
  /** Pushes tried (1 when nobody pushed first). */
  tries: number;
  /** This clone's new items that took other keys because theirs were published meanwhile. */
  renumbered: Renumbered[];
  /** Values of this clone that lost against published ones; they are kept in the audit trail. */
  conflicts: MergeConflict[];
  /** Changes that came in from the team and went out from this clone, as counted by the diff. */
  received: number;
  sent: number;
}

export const syncedRef = (branch: string) => `refs/ordo/synced/${branch}`;
export const trackingRef = (remote: string, branch: string) => `refs/remotes/${remote}/${branch}`;
/** The path of the database relative to the top of the checkout, as git names it. */
function trackedPath(config: Config, top: string): string {
  return relative(top, databasePath(config.root)).split(sep).join('/');
}

/** Fails unless the backlog sits in a git checkout that has the configured remote. */
export function requireSyncable(config: Config): string {
  const top = worktreeRoot(config.root);
  if (!top) {
    throw new NotFoundError(
      'NOT_A_GIT_REPOSITORY',
      `${config.root} is not inside a git repository, so there is nothing to sync with.`,
      'The backlog works locally as it is. To share it, put the project in a git repository with a remote (`git init`, `git remote add origin URL`), then run `ordo sync`.',
    );
  }
  if (!canSync(config)) {
    throw new NotFoundError(
      'NO_REMOTE',
      `This repository has no remote "${config.sync.remote}" to share the backlog through.`,
      `Add it (\`git remote add ${config.sync.remote} URL\`), or name another remote under sync: remote: in ordo.yml.`,
    );
  }
  return top;
}


/**
 * A clone with ordo.yml but no database takes the team's backlog from the remote branch.
 * Returns false when the remote has no backlog branch (or cannot be reached).
 */
export function fetchMissingBacklog(config: Config, now: Date): boolean {
  if (existsSync(databasePath(config.root)) || !canSync(config)) return false;
  const { remote, branch } = config.sync;
  const fetched = fetchBranch(remote, branch, config.root);
  if (fetched.kind !== 'fetched') return false;
  materialise(config, fetched.commit, now);
  return true;
}

/** Writes the branch's database at `commit` as this clone's backlog (atomically) and records the sync. */
function materialise(config: Config, commit: string, now: Date): void {
  const blob = readBlob(commit, BRANCH_DATABASE, config.root);
  if (!blob || blob.length === 0) {
    throw new ConflictError(
      'SYNC_BRANCH_DAMAGED',
      `The commit ${commit.slice(0, 12)} of ${config.sync.remote}/${config.sync.branch} holds no ${BRANCH_DATABASE}.`,
      'Only ordo writes the backlog branch; check what pushed that commit, and ask the team which commit to restore.',
    );
  }
  const file = databasePath(config.root);
  const tmp = `${file}.${process.pid}.tmp`;
  // A clone whose code branch lacks .ordo/ altogether (its .gitignore was never committed).
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(tmp, blob);
  renameSync(tmp, file);
  updateRefs({ [syncedRef(config.sync.branch)]: commit }, config.root);
  writeSyncState(config.root, { lastSync: now.toISOString(), remote: config.sync.remote, branch: config.sync.branch, commit });
}

/** Reads the backlog held by a commit of the branch. */
async function snapshotAt(commit: string | null, config: Config, scratch: string): Promise<Snapshot> {
  if (commit === null) return EMPTY_SNAPSHOT;
  const blob = readBlob(commit, BRANCH_DATABASE, config.root);
  if (!blob || blob.length === 0) return EMPTY_SNAPSHOT;
  const file = join(scratch, `${commit}.db`);
  writeFileSync(file, blob);
  const store = await Store.open(file, { mode: 'read' });
  try {
    return store.transaction(() => readSnapshot(store));
  } finally {
    store.close();
  }
}

/** Who the commit is by: git's own identity when set, else ordo's. */
function commitAuthor(identity: Identity, root: string): Author | null {
  if (getConfig('user.email', root) !== null) return null;
  const email = identity.id.includes('@') ? identity.id : `${identity.id}@localhost`;
  return { name: identity.id, email };
}

/**
 * One audit event per value that lost and per key that changed, on the item it concerns, so
 * that `ordo log KEY` shows it: the losing value is kept there, whole, not dropped. The replay
 * of signed decisions (core/decisions.ts) reads them as the point where this clone's people
 * start again from the merged state.
 */
export function syncNotes(result: Pick<MergeResult, 'conflicts' | 'renumbered'>, identity: Identity, now: Date, where: Record<string, unknown>): SnapshotEvent[] {
  const note = (target: { item?: number; goal?: string }, details: Record<string, unknown>): SnapshotEvent => ({
    at: now.toISOString(),
    actor: identity.id,
    source: identity.source,
    command: 'sync',
    action: 'sync.merge',
    item: target.item ?? null,
    goal: target.goal ?? null,
    details: { ...where, ...details },
  });
  return [
    ...result.conflicts.map((c) => note('item' in c ? { item: c.item } : 'goal' in c ? { goal: c.goal } : {}, { conflict: c })),
    ...result.renumbered.map((r) => note({ item: r.to }, { renumbered: r })),
  ];
}

export async function syncBacklog(input: SyncInput): Promise<SyncResult> {
  const { config, identity, now } = input;
  const { remote, branch } = config.sync;
  const root = config.root;
  const top = requireSyncable(config);
  const dbFile = databasePath(root);
  if (existsSync(dbFile) && !input.adoptTracked && isTracked(trackedPath(config, top), top)) {
    throw new ConflictError(
      'TRACKED_DATABASE',
      `git tracks ${trackedPath(config, top)} on this branch: this backlog is in the older layout, where the database rode on code branches.`,
      'Run `ordo sync --adopt` once: it publishes this backlog to its own branch and stops tracking the file here, then tells you what to commit.',
    );
  }
  const renumbered = new Map<number, Renumbered>();
  const conflicts: MergeConflict[] = [];
  const scratch = mkdtempSync(join(tmpdir(), 'ordo-sync-'));
  try {
    for (let attempt = 1; attempt <= SYNC_TRIES; attempt++) {
      const fetched = fetchBranch(remote, branch, root);
      if (fetched.kind === 'failed') {
        throw new ConflictError(
          'SYNC_UNREACHABLE',
          `Could not fetch ${branch} from ${remote}: ${fetched.message}`,
          'Your changes stay in this clone; run `ordo sync` again once the remote can be reached.',
        );
      }
      const fetchedTip = fetched.kind === 'fetched' ? fetched.commit : null;
      if (!existsSync(dbFile)) {
        const tip = fetchedTip;
        if (tip === null) {
          throw new NotFoundError('NO_DATABASE', `There is no backlog in this clone, and ${remote} has no ${branch} branch yet.`, 'Run `ordo init` to create the backlog.');
        }
        materialise(config, tip, now);
        return { remote, branch, outcome: 'fetched', commit: tip, tries: attempt, renumbered: [], conflicts: [], received: 0, sent: 0 };
      }
      const base = resolveCommit(syncedRef(branch), root);
      // A branch that vanished from the remote (deleted by hand) is not a backlog emptied by the
      // team: publish this clone's backlog again on top of the last commit it synced with.
      const tip = fetchedTip ?? base;
      const republish = fetchedTip === null && base !== null;
      const baseSnapshot = await snapshotAt(base, config, scratch);
      const published = tip === base ? baseSnapshot : await snapshotAt(tip, config, scratch);

      // Merge into this clone's database in one transaction: nothing written locally is lost
      // while the merge runs, and a failure leaves the database as it was.
      const store = await Store.open(dbFile, { mode: 'write' });
      let merged: Snapshot;
      let received = 0;
      try {
        merged = store.transaction(() => {
          const ours = readSnapshot(store);
          let changed = false;
          // Nothing came in: this clone's backlog is the merge, whatever it changed.
          if (tip !== base) {
            const result = mergeSnapshots(baseSnapshot, published, ours);
            for (const r of result.renumbered) {
              // A key renumbered on an earlier try is renumbered again: report where it started.
              const first = [...renumbered.values()].find((x) => x.to === r.from);
              if (first) renumbered.delete(first.from);
              renumbered.set(first?.from ?? r.from, { from: first?.from ?? r.from, to: r.to, title: r.title });
            }
            conflicts.push(...result.conflicts);
            result.merged.events.push(...syncNotes(result, identity, now, { remote, branch, published: tip }));
            changed = !sameSnapshot(result.merged, ours);
            if (changed) writeSnapshot(store, result.merged, undefined, { replaceSignatures: true });
            received = tip !== base ? countChanges(diffSnapshots(baseSnapshot, published)) : 0;
          }
          const signed = input.afterMerge?.(store, { published, ours }) ?? false;
          return changed || signed ? readSnapshot(store) : ours;
        });
      } finally {
        store.close();
      }
      // This clone now holds everything published up to `tip`.
      if (tip !== null && tip !== base) updateRefs({ [syncedRef(branch)]: tip }, root);

      if (tip !== null && !republish && sameSnapshot(merged, published)) {
        writeSyncState(root, { lastSync: now.toISOString(), remote, branch, commit: tip });
        return { remote, branch, outcome: received > 0 ? 'received' : 'up-to-date', commit: tip, tries: attempt, renumbered: [...renumbered.values()], conflicts, received, sent: 0 };
      }

      const diff = diffSnapshots(published, merged);
      const commit = await commitBacklog(config, merged, diff, [...renumbered.values()], tip, identity, scratch);
      const pushed = pushBranch(remote, branch, commit, root);
      if (pushed.kind === 'pushed') {
        updateRefs({ [syncedRef(branch)]: commit, [trackingRef(remote, branch)]: commit }, root);
        writeSyncState(root, { lastSync: now.toISOString(), remote, branch, commit });
        return {
          remote,
          branch,
          outcome: tip === null ? 'created' : 'published',
          commit,
          tries: attempt,
          renumbered: [...renumbered.values()],
          conflicts,
          received,
          sent: countChanges(diff),
        };
      }
      if (pushed.kind === 'failed') {
        throw new ConflictError(
          'SYNC_PUSH_FAILED',
          `Could not push ${branch} to ${remote}: ${pushed.message}`,
          'Your changes stay in this clone; check that you may push to the remote, then run `ordo sync` again.',
        );
      }
      // A teammate pushed first: fetch their commit and merge again, after a short random pause
      // so that two clones racing each other do not keep colliding in step.
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, Math.floor(Math.random() * 50 * attempt));
    }
    throw new ConflictError(
      'SYNC_RACE',
      `Teammates kept pushing to ${remote}/${branch} first: gave up after ${SYNC_TRIES} tries.`,
      'Your changes stay in this clone, merged with everything fetched so far; run `ordo sync` again.',
    );
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

function countChanges(d: BacklogDiff): number {
  return d.items.added.length + d.items.edited.length + d.items.removed.length + d.moves.length + d.goals.added.length + d.goals.changed.length + d.goals.removed.length;
}

/** Writes the merged backlog as a commit on top of `parent`: a consistent copy of the database, and BACKLOG.md. */
async function commitBacklog(
  config: Config,
  merged: Snapshot,
  diff: BacklogDiff,
  renumbered: Renumbered[],
  parent: string | null,
  identity: Identity,
  scratch: string,
): Promise<string> {
  const key = (n: number) => `${config.prefix}-${n}`;
  const copy = join(scratch, `publish-${Date.now()}-${Math.random().toString(36).slice(2)}.db`);
  // VACUUM INTO writes a compact, consistent copy from one read transaction: never a torn file,
  // never a hot journal, whatever another ordo process does to the database meanwhile.
  await vacuumInto(databasePath(config.root), copy);
  const root = config.root;
  const markdown = `${copy}.md`;
  writeFileSync(markdown, renderBacklogMarkdown(merged, config.product, key));
  const [db, md] = writeBlobs([copy, markdown], root);
  const tree = writeTree({ [BRANCH_DATABASE]: db!, [BRANCH_MARKDOWN]: md! }, root);
  const message = renderCommitMessage(identity.id, diff, renumbered, key);
  return writeCommit(tree, parent, message, commitAuthor(identity, root), root);
}

async function vacuumInto(file: string, target: string): Promise<void> {
  const store = await Store.open(file, { mode: 'read' });
  try {
    store.db.prepare('VACUUM INTO ?').run(target);
  } finally {
    store.close();
  }
}
