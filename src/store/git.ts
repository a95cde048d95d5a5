/**
 * The git repository around a backlog: where it is, whether ordo's drivers are
 * registered, reading committed versions of a file, and setting local config.
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

export function runGit(args: string[], cwd: string): GitResult {
  // Loaded on first use: child_process brings the networking stack, which most commands never need.
  const { spawnSync } = createRequire(import.meta.url)('node:child_process') as { spawnSync: typeof SpawnSync };
  const r = spawnSync('git', args, { cwd, maxBuffer: 1 << 30, stdio: ['ignore', 'pipe', 'pipe'] });
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
 * (no git process): cheap enough to run after every writing command.
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

/** True when the repository's config registers both ordo drivers. */
export function hasOrdoDrivers(configFile: string): boolean {
  let text: string;
  try {
    text = readFileSync(configFile, 'utf8');
  } catch {
    return false;
  }
  return /^\s*\[\s*diff\s+"ordo"\s*\]/m.test(text) && /^\s*\[\s*merge\s+"ordo"\s*\]/m.test(text);
}

/** A committed version of a file (`git show REV:./path` from `cwd`); null when REV has no such file. */
export function showFile(rev: string, relPath: string, cwd: string): Buffer | null {
  const r = runGit(['show', `${rev}:./${relPath}`], cwd);
  if (r.status === 0) return r.stdout;
  if (/does not exist|exists on disk, but not in/.test(r.stderr)) return null;
  throw Object.assign(new Error(r.stderr.trim() || `git show ${rev} failed`), { gitRevision: rev });
}

export function getConfig(key: string, cwd: string): string | null {
  const r = runGit(['config', '--local', '--get', key], cwd);
  return r.status === 0 ? r.stdout.toString('utf8').replace(/\n$/, '') : null;
}

export function setConfig(key: string, value: string, cwd: string): void {
  const r = runGit(['config', '--local', key, value], cwd);
  if (r.status !== 0) throw new Error(`git config --local ${key} failed: ${r.stderr.trim()}`);
}
