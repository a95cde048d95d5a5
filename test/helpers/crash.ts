/**
 * Crash harness: starts a heavy write, SIGKILLs it at a random point, then proves the
 * database opens, passes PRAGMA integrity_check, keeps its rank keys unique and sorted,
 * and holds exactly the state before the write or the state after it, never a mix.
 *
 * Any write can be plugged in as a HeavyWrite: a spawned `ordo` command (import, reorder,
 * a git merge driver) or the test-only in-process writer (crash-writer.ts).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import Database from 'better-sqlite3';
import { build } from 'esbuild';
import { BIN, OWNER, Sandbox } from './cli.js';

export const FIXED_NOW = '2026-11-23T09:00:00.000Z';

export interface HeavyWrite {
  name: string;
  /** Builds the backlog the write runs against; its database is the "before" state. */
  prepare(sb: Sandbox): void | Promise<void>;
  /** Starts the write in sb.dir. It must be deterministic: same input, same bytes. */
  start(sb: Sandbox): ChildProcess;
  /**
   * When the write prints "tick N" lines from inside its transaction and waits for a
   * newline on stdin after each (as crash-writer.ts does): how many ticks it prints.
   * Such writes are also killed exactly at a chosen tick, mid-transaction.
   */
  ticks?: number;
}

/** Spawns the built binary as the Product Owner with a fixed clock. */
export function spawnOrdo(sb: Sandbox, args: string[], user = OWNER, env: Record<string, string> = {}): ChildProcess {
  return spawn(process.execPath, [BIN, ...args], {
    cwd: sb.dir,
    env: { PATH: process.env.PATH ?? '', HOME: sb.home, NO_COLOR: '1', ORDO_USER: user, ORDO_NOW: FIXED_NOW, ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
}

let writerBundle: Promise<string> | undefined;
/** Bundles crash-writer.ts with ordo's store code into test/.cache (better-sqlite3 stays external). */
export function crashWriterPath(): Promise<string> {
  writerBundle ??= (async () => {
    const out = resolve(import.meta.dirname, '../.cache/crash-writer.mjs');
    mkdirSync(resolve(out, '..'), { recursive: true });
    await build({
      entryPoints: [resolve(import.meta.dirname, 'crash-writer.ts')],
      outfile: out,
      bundle: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      external: ['better-sqlite3'],
      banner: { js: "import { createRequire as __crashRequire } from 'node:module'; const require = __crashRequire(import.meta.url);" },
      logLevel: 'warning',
    });
    return out;
  })();
  return writerBundle;
}

/** Spawns the bundled in-process writer: `bulk-add N [spread]` or `reverse`. */
export function spawnWriter(path: string, sb: Sandbox, args: string[]): ChildProcess {
  return spawn(process.execPath, [path, sb.dir, ...args], {
    cwd: sb.dir,
    env: { PATH: process.env.PATH ?? '', HOME: sb.home, ORDO_NOW: FIXED_NOW },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
}

/** Lets a write run to its end, acknowledging every tick; resolves to its exit code. */
export function runToEnd(child: ChildProcess): Promise<number | null> {
  child.stdin?.on('error', () => {}); // it may exit before reading the last acknowledgement
  child.stdout?.on('data', (d: Buffer) => child.stdin?.write('\n'.repeat(d.toString().split('\n').length)));
  return new Promise((done) => child.on('exit', done));
}

/** A hash of everything the backlog holds (schema version, goals, items, audit trail), not of the file's bytes. */
export function contentHash(dbPath: string): string {
  // Writable, though it only reads: a process killed inside a transaction leaves a hot journal,
  // which a read-only connection cannot roll back (SQLITE_READONLY_ROLLBACK); ordo's readers roll
  // it back the same way, so this hashes what the next ordo command sees.
  const db = new Database(dbPath, { fileMustExist: true });
  try {
    const h = createHash('sha256');
    h.update(String(db.pragma('user_version', { simple: true })));
    for (const table of ['goals', 'items', 'events']) {
      const key = table === 'goals' ? 'id' : table === 'items' ? 'number' : 'id';
      for (const row of db.prepare(`SELECT * FROM ${table} ORDER BY ${key}`).iterate()) {
        // A new item's uid is random by design: two runs of one write differ only there.
        const { uid: _uid, ...content } = row as Record<string, unknown>;
        h.update(JSON.stringify(content));
      }
    }
    return h.digest('hex');
  } finally {
    db.close();
  }
}

/** Problems with the file and the order; empty when all is well. */
export function databaseProblems(dbPath: string): string[] {
  const db = new Database(dbPath, { readonly: true, fileMustExist: true });
  try {
    const problems: string[] = [];
    const integrity = db.pragma('integrity_check', { simple: true });
    if (integrity !== 'ok') problems.push(`integrity_check: ${String(integrity)}`);
    const ranks = (db.prepare('SELECT rank FROM items WHERE rank IS NOT NULL ORDER BY rank').all() as { rank: string }[]).map((r) => r.rank);
    if (new Set(ranks).size !== ranks.length) problems.push('duplicate rank keys');
    const sorted = [...ranks].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    if (sorted.some((k, i) => k !== ranks[i])) problems.push('rank keys do not sort the same in SQLite and in code');
    const misranked = db
      .prepare(`SELECT number, status, rank FROM items WHERE (status IN ('ready', 'in-progress')) != (rank IS NOT NULL)`)
      .all() as { number: number; status: string }[];
    for (const m of misranked) problems.push(`item ${m.number} is ${m.status} but ${m.status === 'ready' || m.status === 'in-progress' ? 'has no rank' : 'has a rank'}`);
    return problems;
  } finally {
    db.close();
  }
}

export interface CrashTrial {
  trial: number;
  /** Where the kill was aimed: "tick N" (mid-transaction) or "N ms" after start. */
  killedAt: string;
  /** True when the process was still running when the kill arrived. */
  killed: boolean;
  /** True when a live rollback journal was left behind: the kill landed inside a write that had begun changing pages. */
  hotJournal: boolean;
  state: 'before' | 'after' | 'mixed';
  /** What reopening through `ordo list --all --json` returned. */
  reopenCode: number;
  reopenStderr: string;
  problems: string[];
}

export interface CrashReport {
  name: string;
  before: string;
  after: string;
  /** How long the uninterrupted write took, in ms: the range random kills are drawn from. */
  fullRunMs: number;
  trials: CrashTrial[];
}

/** A small seeded generator so a failing trial can be replayed with the same seed. */
export function seededRandom(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 0x1_0000_0000;
  };
}

/**
 * A journal SQLite would replay: present, with a header (a zeroed first byte marks one that
 * was already finished or never started, which SQLite ignores and a later writer deletes).
 */
export function isHotJournal(path: string): boolean {
  if (!existsSync(path) || statSync(path).size === 0) return false;
  return readFileSync(path).subarray(0, 1)[0] !== 0;
}

interface RunEnd {
  code: number | null;
  signal: NodeJS.Signals | null;
  killed: boolean;
  stderr: string;
}

/** Runs the write, acknowledging its ticks, and kills it at `killTick` or after `killAfterMs`. */
function runOnce(write: HeavyWrite, sb: Sandbox, kill: { tick?: number; afterMs?: number }): Promise<RunEnd> {
  return new Promise((done, fail) => {
    const child = write.start(sb);
    let stderr = '';
    let pending = '';
    let exited = false;
    let killed = false;
    const killNow = () => {
      if (!exited && !killed) {
        killed = true;
        child.kill('SIGKILL');
      }
    };
    child.stdin?.on('error', () => {}); // the child may die before reading what was written
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout?.on('data', (d: Buffer) => {
      pending += d.toString();
      let nl: number;
      while ((nl = pending.indexOf('\n')) >= 0) {
        const line = pending.slice(0, nl);
        pending = pending.slice(nl + 1);
        const m = /^tick (\d+)$/.exec(line);
        if (!m) continue;
        if (kill.tick !== undefined && Number(m[1]) === kill.tick) killNow();
        else if (!killed) child.stdin?.write('\n');
      }
    });
    const timer = kill.afterMs === undefined ? undefined : setTimeout(killNow, kill.afterMs);
    child.on('error', fail);
    child.on('exit', (code, signal) => {
      exited = true;
      if (timer) clearTimeout(timer);
      done({ code, signal, killed, stderr });
    });
  });
}

/**
 * Prepares the backlog once, runs the write to completion once (the "after" state),
 * then for each trial restores the "before" file, kills the write at a random point
 * and inspects what is left.
 */
export async function crashTrials(write: HeavyWrite, options: { trials: number; seed: number }): Promise<CrashReport> {
  const sb = new Sandbox();
  try {
    await write.prepare(sb);
    const journal = `${sb.dbPath}-journal`;
    const baseBytes = readFileSync(sb.dbPath);
    const restore = () => {
      rmSync(journal, { force: true });
      writeFileSync(sb.dbPath, baseBytes);
    };
    const before = contentHash(sb.dbPath);
    const t0 = performance.now();
    const full = await runOnce(write, sb, {});
    const fullRunMs = performance.now() - t0;
    if (full.code !== 0) throw new Error(`${write.name} failed when run to completion (exit ${full.code}): ${full.stderr}`);
    const after = contentHash(sb.dbPath);
    if (after === before) throw new Error(`${write.name} changed nothing, so a crash test of it proves nothing`);

    const random = seededRandom(options.seed);
    const trials: CrashTrial[] = [];
    for (let trial = 0; trial < options.trials; trial++) {
      restore();
      const byTick = write.ticks !== undefined && trial % 2 === 0;
      const kill = byTick ? { tick: Math.floor(random() * write.ticks!) } : { afterMs: Math.floor(random() * fullRunMs * 1.1) };
      const end = await runOnce(write, sb, kill);
      const hotJournal = isHotJournal(journal);
      // Reopen the way a user would: a reader must cope with whatever the kill left.
      const reopen = sb.run(['list', '--all', '--limit', '5', '--json']);
      const problems = databaseProblems(sb.dbPath);
      if (isHotJournal(journal)) problems.push('the rollback journal of the killed write is still live after reopening');
      const hash = contentHash(sb.dbPath);
      trials.push({
        trial,
        killedAt: byTick ? `tick ${kill.tick}` : `${kill.afterMs} ms`,
        killed: end.killed,
        hotJournal,
        state: hash === before ? 'before' : hash === after ? 'after' : 'mixed',
        reopenCode: reopen.code,
        reopenStderr: reopen.stderr,
        problems,
      });
    }
    return { name: write.name, before, after, fullRunMs, trials };
  } finally {
    sb.cleanup();
  }
}

