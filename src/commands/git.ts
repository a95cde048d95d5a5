/**
 * Sharing the backlog through git: `ordo git setup` registers ordo's diff and merge
 * drivers, `ordo git textconv` and `ordo git merge` are what git runs, and `ordo diff`
 * compares two versions of the backlog.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { tmpdir as TmpDir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { diffSnapshots, type BacklogDiff } from '../core/backlog-diff.js';
import { mergeSnapshots, type MergeResult } from '../core/merge.js';
import { EMPTY_SNAPSHOT, type Snapshot } from '../core/snapshot.js';
import { databasePath, findProjectRoot, loadConfig } from '../config/load.js';
import { NotFoundError, UsageError } from '../errors.js';
import { getConfig, runGit, setConfig, showFile, worktreeRoot } from '../store/git.js';
import { readSnapshot, writeSnapshot } from '../store/snapshot.js';
import { Store } from '../store/store.js';
import type { Context } from './context.js';

/** How git should start this ordo: absolute paths, so it works without ordo on PATH. */
export interface DriverProgram {
  node: string;
  bin: string;
}

export interface GitSetupResult {
  repository: string;
  attributesFile: string;
  attributesLine: string;
  attributesChanged: boolean;
  config: { key: string; value: string; changed: boolean }[];
}

/** Quotes a word for the POSIX shell git runs drivers with. */
export function shellQuote(word: string): string {
  return /^[A-Za-z0-9_\/.,:@%+=-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

function attributesPattern(path: string): string {
  return /[\s"\\#]/.test(path) ? `"${path.replace(/["\\]/g, '\\$&')}"` : path;
}

/** Registers ordo's drivers for the backlog in its git repository; running it again changes nothing. */
export async function setupGit(input: { program: DriverProgram; root?: string }, ctx: Context): Promise<GitSetupResult> {
  const root = input.root ?? (await ctx.config()).root;
  const top = worktreeRoot(root);
  if (!top) {
    throw new NotFoundError('NOT_A_GIT_REPOSITORY', `${root} is not inside a git repository.`, 'Run `git init` (or clone the repository) first, then `ordo git setup`.');
  }
  const rel = relative(top, databasePath(root)).split(sep).join('/');
  const pattern = attributesPattern(rel);
  const line = `${pattern} binary diff=ordo merge=ordo`;
  const attributesFile = join(top, '.gitattributes');
  const before = existsSync(attributesFile) ? readFileSync(attributesFile, 'utf8') : '';
  const lines = before === '' ? [] : before.replace(/\n$/, '').split('\n');
  const ours = (l: string) => l.trim().split(/\s+/)[0] === pattern;
  const kept = lines.filter((l) => !ours(l));
  const at = lines.findIndex(ours);
  kept.splice(at === -1 ? kept.length : at, 0, line);
  const after = `${kept.join('\n')}\n`;
  const attributesChanged = after !== before;
  if (attributesChanged) writeFileSync(attributesFile, after);

  const self = `${shellQuote(input.program.node)} ${shellQuote(input.program.bin)}`;
  const wanted: [string, string][] = [
    ['diff.ordo.textconv', `${self} git textconv`],
    ['diff.ordo.cachetextconv', 'false'],
    ['merge.ordo.name', 'ordo backlog: merge item by item'],
    ['merge.ordo.driver', `${self} git merge %O %A %B %P`],
  ];
  const config = wanted.map(([key, value]) => {
    const changed = getConfig(key, top) !== value;
    if (changed) setConfig(key, value, top);
    return { key, value, changed };
  });
  return { repository: top, attributesFile, attributesLine: line, attributesChanged, config };
}

export interface TextconvResult {
  snapshot: Snapshot;
  /** Item key prefix from ordo.yml, or null when there is none to be found. */
  prefix: string | null;
}

async function loadSnapshot(file: string): Promise<Snapshot> {
  const store = await Store.open(file, { mode: 'read' });
  try {
    return store.transaction(() => readSnapshot(store));
  } finally {
    store.close();
  }
}

/** Reads a database file (git hands over a temporary copy) without needing a project around it. */
export async function textconv(input: { file: string }, ctx: Context): Promise<TextconvResult> {
  let prefix: string | null = null;
  try {
    prefix = (await loadConfig(findProjectRoot(ctx.cwd))).prefix;
  } catch {
    // No ordo.yml where git runs us (the repository root): show bare numbers.
  }
  const size = existsSync(input.file) ? readFileSync(input.file).length : 0;
  return { snapshot: size === 0 ? EMPTY_SNAPSHOT : await loadSnapshot(input.file), prefix };
}

export interface DiffResult {
  from: string;
  to: string;
  before: Snapshot;
  after: Snapshot;
  diff: BacklogDiff;
  prefix: string;
}

/** `ordo diff [REV [REV]]`: HEAD against the working file, REV against it, or REV1 against REV2. */
export async function diffRevisions(input: { revs: string[] }, ctx: Context): Promise<DiffResult> {
  if (input.revs.length > 2) throw new UsageError('ordo diff takes at most two revisions.', 'For example: ordo diff main HEAD');
  const config = await ctx.config();
  const dbFile = databasePath(config.root);
  const top = worktreeRoot(config.root);
  if (!top) throw new NotFoundError('NOT_A_GIT_REPOSITORY', `${config.root} is not inside a git repository.`, 'ordo diff compares versions committed to git.');
  const rel = relative(config.root, dbFile).split(sep).join('/');
  const scratch = mkdtempSync(join((createRequire(import.meta.url)('node:os') as { tmpdir: typeof TmpDir }).tmpdir(), 'ordo-diff-'));
  try {
    const atRevision = async (rev: string): Promise<Snapshot> => {
      if (runGit(['rev-parse', '--verify', '--quiet', `${rev}^{commit}`], config.root).status !== 0) {
        // A repository without commits yet: everything in the working file is new.
        if (input.revs.length === 0 && runGit(['rev-parse', '--verify', '--quiet', 'HEAD'], config.root).status !== 0) return EMPTY_SNAPSHOT;
        throw new UsageError(`"${rev}" is not a revision in this repository.`, 'Give a branch, tag or commit, e.g. ordo diff main.');
      }
      const blob = showFile(rev, rel, config.root);
      if (blob === null || blob.length === 0) return EMPTY_SNAPSHOT;
      const file = join(scratch, `${rev.replace(/[^\w.-]/g, '_')}-${Math.random().toString(36).slice(2)}.db`);
      writeFileSync(file, blob);
      return loadSnapshot(file);
    };
    const [fromRev, toRev] = input.revs.length === 0 ? ['HEAD', null] : input.revs.length === 1 ? [input.revs[0]!, null] : [input.revs[0]!, input.revs[1]!];
    const before = await atRevision(fromRev);
    const after = toRev === null ? (existsSync(dbFile) ? await loadSnapshot(dbFile) : EMPTY_SNAPSHOT) : await atRevision(toRev);
    return { from: fromRev, to: toRev ?? 'working file', before, after, diff: diffSnapshots(before, after), prefix: config.prefix };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

export interface MergeDriverInput {
  base: string;
  ours: string;
  theirs: string;
  path?: string;
}

export interface MergeDriverResult extends MergeResult {
  path: string;
}

/**
 * What git runs for a conflicting change to the backlog: merges base, ours and theirs
 * and writes the result into the `ours` file, as git expects. The result is always a
 * valid backlog; conflicts keep our value and are recorded in the audit trail with theirs.
 * It never signs (whoever merges need not hold the Product Owner's key): when owner-key
 * is set, `ordo check` reports the merged order as unsigned until the Product Owner runs
 * `ordo sign`.
 */
export async function mergeDriver(input: MergeDriverInput, ctx: Context): Promise<MergeDriverResult> {
  const load = async (file: string) => (existsSync(file) && readFileSync(file).length > 0 ? loadSnapshot(file) : EMPTY_SNAPSHOT);
  const [base, ours, theirs] = [await load(input.base), await load(input.ours), await load(input.theirs)];
  const result = mergeSnapshots(base, ours, theirs);
  const path = input.path ?? 'backlog.db';
  const skipped = result.signatures.skipped;
  if (result.conflicts.length > 0 || result.renumbered.length > 0 || skipped.length > 0) {
    const identity = ctx.identity();
    result.merged.events.push({
      at: ctx.now().toISOString(),
      actor: identity.id,
      source: identity.source,
      command: 'git merge',
      action: 'merge',
      item: null,
      goal: null,
      // Their signatures that could not follow ours are kept here, whole, rather than lost.
      details: { path, order: result.order, conflicts: result.conflicts, renumbered: result.renumbered, ...(skipped.length > 0 ? { signatures: skipped } : {}) },
    });
  }
  const store = await Store.open(input.ours, { mode: 'write' });
  try {
    store.transaction(() => writeSnapshot(store, result.merged));
  } finally {
    store.close();
  }
  return { ...result, path };
}
