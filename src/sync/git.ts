/**
 * The git repository around a backlog, through plumbing only: ordo reads and writes
 * objects and refs, and never touches the user's working tree, index or current branch.
 */
import type { spawnSync as SpawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';

export interface GitResult {
  status: number;
  stdout: Buffer;
  stderr: string;
}

export interface GitOptions {
  input?: string | Buffer;
  env?: NodeJS.ProcessEnv;
}

export function runGit(args: string[], cwd: string, options: GitOptions = {}): GitResult {
  // Loaded on first use: child_process brings the networking stack, which most commands never need.
  const { spawnSync } = createRequire(import.meta.url)('node:child_process') as { spawnSync: typeof SpawnSync };
  const r = spawnSync('git', args, {
    cwd,
    maxBuffer: 1 << 30,
    input: options.input,
    stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    // Never wait for a password or a host-key prompt: a sync that cannot authenticate fails and says so.
    env: { ...process.env, GIT_TERMINAL_PROMPT: '0', GIT_SSH_COMMAND: process.env.GIT_SSH_COMMAND ?? 'ssh -o BatchMode=yes', ...options.env },
  });
  if (r.error) return { status: 127, stdout: Buffer.alloc(0), stderr: r.error.message };
  return { status: r.status ?? 1, stdout: r.stdout, stderr: r.stderr.toString('utf8') };
}

/** The top of the working tree holding `dir`, or null outside a git checkout. */
export function worktreeRoot(dir: string): string | null {
  const r = runGit(['rev-parse', '--show-toplevel'], dir);
  return r.status === 0 ? r.stdout.toString('utf8').trim() : null;
}

/**
 * The config file of the repository holding `start`, found by reading files only
 * (no git process): cheap enough to run after every command.
 */
export function findGitConfig(start: string): string | null {
  let dir = resolve(start);
  for (;;) {
    const dotGit = join(dir, '.git');
    if (existsSync(dotGit)) {
      let gitDir = dotGit;
      if (statSync(dotGit).isFile()) {
        const m = /^gitdir:\s*(.+)$/m.exec(readFileSync(dotGit, 'utf8'));
        if (!m) return null;
        gitDir = isAbsolute(m[1]!.trim()) ? m[1]!.trim() : resolve(dir, m[1]!.trim());
        // A linked worktree shares the main repository's config.
        const common = join(gitDir, 'commondir');
        if (existsSync(common)) gitDir = resolve(gitDir, readFileSync(common, 'utf8').trim());
      }
      return join(gitDir, 'config');
    }
    const parent = dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}

/** True when the repository's config names `remote` (read from the file, no git process). */
export function hasRemote(start: string, remote: string): boolean {
  const file = findGitConfig(start);
  if (!file) return false;
  try {
    const text = readFileSync(file, 'utf8');
    const escaped = remote.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    return new RegExp(`^\\s*\\[\\s*remote\\s+"${escaped}"\\s*\\]`, 'm').test(text);
  } catch {
    return false;
  }
}

export function getConfig(key: string, cwd: string): string | null {
  const r = runGit(['config', '--get', key], cwd);
  return r.status === 0 ? r.stdout.toString('utf8').replace(/\n$/, '') : null;
}

/** The commit a ref or revision names, or null when there is none. */
export function resolveCommit(rev: string, cwd: string): string | null {
  const r = runGit(['rev-parse', '--verify', '--quiet', `${rev}^{commit}`], cwd);
  return r.status === 0 ? r.stdout.toString('utf8').trim() : null;
}

/** A file in a commit's tree (`git cat-file blob REV:path`); null when the commit has no such file. */
export function readBlob(commit: string, path: string, cwd: string): Buffer | null {
  const r = runGit(['cat-file', 'blob', `${commit}:${path}`], cwd);
  return r.status === 0 ? r.stdout : null;
}

/** Stores files as blobs, in one git process; returns their ids in the same order. */
export function writeBlobs(files: string[], cwd: string): string[] {
  const r = runGit(['hash-object', '-w', '--stdin-paths'], cwd, { input: files.map((f) => `${f}\n`).join('') });
  if (r.status !== 0) throw new GitError(`git hash-object failed: ${r.stderr.trim()}`);
  return r.stdout.toString('utf8').trim().split('\n');
}

/** A tree of plain files (name → blob id); returns its id. */
export function writeTree(files: Record<string, string>, cwd: string): string {
  const listing = Object.entries(files)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([name, blob]) => `100644 blob ${blob}\t${name}\n`)
    .join('');
  const r = runGit(['mktree'], cwd, { input: listing });
  if (r.status !== 0) throw new GitError(`git mktree failed: ${r.stderr.trim()}`);
  return r.stdout.toString('utf8').trim();
}

export interface Author {
  name: string;
  email: string;
}

/** A commit of `tree` on top of `parent` (none: the first commit of a branch). */
export function writeCommit(tree: string, parent: string | null, message: string, author: Author | null, cwd: string): string {
  const env: NodeJS.ProcessEnv = author
    ? { GIT_AUTHOR_NAME: author.name, GIT_AUTHOR_EMAIL: author.email, GIT_COMMITTER_NAME: author.name, GIT_COMMITTER_EMAIL: author.email }
    : {};
  const r = runGit(['commit-tree', tree, ...(parent ? ['-p', parent] : []), '-F', '-'], cwd, { input: message, env });
  if (r.status !== 0) throw new GitError(`git commit-tree failed: ${r.stderr.trim()}`);
  return r.stdout.toString('utf8').trim();
}

/** Points each ref at its commit, in one git process. */
export function updateRefs(refs: Record<string, string>, cwd: string): void {
  const input = Object.entries(refs)
    .map(([ref, commit]) => `update ${ref} ${commit}\n`)
    .join('');
  const r = runGit(['update-ref', '--stdin'], cwd, { input });
  if (r.status !== 0) throw new GitError(`git update-ref failed: ${r.stderr.trim()}`);
}

export type FetchOutcome = { kind: 'fetched'; commit: string } | { kind: 'absent' } | { kind: 'failed'; message: string };

/** Fetches one branch of `remote` into its remote-tracking ref. */
export function fetchBranch(remote: string, branch: string, cwd: string): FetchOutcome {
  const tracking = `refs/remotes/${remote}/${branch}`;
  const r = runGit(['fetch', '--quiet', '--no-tags', '--no-write-fetch-head', remote, `+refs/heads/${branch}:${tracking}`], cwd);
  if (r.status !== 0) {
    if (/couldn't find remote ref|no such ref|not our ref/i.test(r.stderr)) return { kind: 'absent' };
    return { kind: 'failed', message: firstLines(r.stderr) };
  }
  const commit = resolveCommit(tracking, cwd);
  return commit ? { kind: 'fetched', commit } : { kind: 'absent' };
}

export type PushOutcome = { kind: 'pushed' } | { kind: 'rejected'; message: string } | { kind: 'failed'; message: string };

/** Pushes `commit` as the new tip of `branch`; never forced, so a teammate's newer tip rejects it. */
export function pushBranch(remote: string, branch: string, commit: string, cwd: string): PushOutcome {
  const r = runGit(['push', '--quiet', '--porcelain', remote, `${commit}:refs/heads/${branch}`], cwd);
  if (r.status === 0) return { kind: 'pushed' };
  const text = `${r.stdout.toString('utf8')}\n${r.stderr}`;
  // Someone pushed first (non-fast-forward), or took the ref lock at the same moment.
  if (/\[rejected\]|non-fast-forward|fetch first|cannot lock ref|failed to update ref|incorrect old value|\[remote rejected\].*(lock|stale)/i.test(text)) {
    return { kind: 'rejected', message: firstLines(text) };
  }
  return { kind: 'failed', message: firstLines(text) };
}

/** True when git tracks `path` in the index of the checkout at `cwd`. */
export function isTracked(path: string, cwd: string): boolean {
  return runGit(['ls-files', '--error-unmatch', '--', path], cwd).status === 0;
}

const firstLines = (text: string) =>
  text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !/^(To |Done$)/.test(l))
    .slice(0, 3)
    .join(' ') || 'git gave no reason';

export class GitError extends Error {}
