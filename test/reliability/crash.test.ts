/**
 * Crash safety: a heavy write killed with SIGKILL at a random point leaves a database
 * that opens, passes PRAGMA integrity_check, keeps unique sorted rank keys, and holds
 * the state before the write or after it, never a mix.
 *
 * HEAVY_WRITES is the table of writes under test. A new heavy command (import of a large
 * file, a whole-backlog reorder, a sync's merge) joins by adding one entry whose
 * start() spawns it with spawnOrdo(sb, [...args]).
 */
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs script without type declarations
import { generateBacklog, OWNER as BENCH_OWNER } from '../../scripts/bench/generate.mjs';
import { BIN, OWNER, Sandbox } from '../helpers/cli.js';
import { crashTrials, crashWriterPath, runToEnd, spawnOrdo, spawnWriter, type CrashReport, type HeavyWrite } from '../helpers/crash.js';

const BULK = 5000;
const BIG = 3000;
const IMPORTED = 100_000;
const MERGED = 2000;
const FAKE_EDITOR = resolve(import.meta.dirname, '../helpers/fake-editor.mjs');
const TRIALS = 6;
const SEED = Number(process.env.ORDO_CRASH_SEED ?? 20261123);

const writer = await crashWriterPath();
/** The commit the sync trial merges from: set by its prepare(), reset before every run. */
let syncBase = '';

/** A backlog of `n` ranked items, built by the writer run to completion. */
async function bigBacklog(sb: import('../helpers/cli.js').Sandbox, n: number): Promise<void> {
  sb.initBacklog();
  const child = spawnWriter(writer, sb, ['bulk-add', String(n)]);
  const code = await runToEnd(child);
  if (code !== 0) throw new Error(`building a backlog of ${n} items failed (exit ${code})`);
}

const HEAVY_WRITES: HeavyWrite[] = [
  {
    // 5,000 items added in one transaction, at spread-out places (top, bottom, positions): many rank key re-windows.
    name: `one transaction adding ${BULK} items at spread-out places`,
    prepare: (sb) => void sb.initBacklog().addItems(3),
    start: (sb) => spawnWriter(writer, sb, ['bulk-add', String(BULK), 'spread']),
    ticks: BULK / 100,
  },
  {
    // Every rank key of a 3,000-item order rewritten in one transaction: what a whole-backlog reorder does.
    name: `reversing the order of ${BIG} items in one transaction`,
    prepare: (sb) => bigBacklog(sb, BIG),
    start: (sb) => spawnWriter(writer, sb, ['reverse']),
    ticks: BIG / 100,
  },
  {
    // The real binary: a move in a big backlog (open, migrate check, write, commit), killed at random times.
    name: `ordo move to the top of ${BIG} items`,
    prepare: (sb) => bigBacklog(sb, BIG),
    start: (sb) => spawnOrdo(sb, ['move', `ORD-${BIG}`, '--top']),
  },
  {
    // ordo import --replace of a 100,000-item export: the whole backlog rewritten in one transaction.
    name: `ordo import of ${IMPORTED.toLocaleString('en')} items`,
    prepare: (sb) => {
      // The benchmark's generator writes 100,000 rows straight into SQLite in seconds; ordo exports them.
      const { dir } = generateBacklog(BIN, IMPORTED, { ...process.env, HOME: sb.home, ORDO_USER: BENCH_OWNER, NO_COLOR: '1' });
      try {
        const r = spawnSync(process.execPath, [BIN, 'export', '--format', 'json', '-o', join(sb.dir, 'big.json')], {
          cwd: dir,
          env: { ...process.env, HOME: sb.home, ORDO_USER: BENCH_OWNER },
          encoding: 'utf8',
        });
        if (r.status !== 0) throw new Error(`exporting the generated backlog failed: ${r.stderr}`);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
      sb.initBacklog().addItems(3);
    },
    start: (sb) => spawnOrdo(sb, ['import', 'big.json', '--replace']),
  },
  {
    // ordo reorder --editor reversing a 3,000-item order: every item but one moves, in one transaction.
    name: `ordo reorder --editor reversing ${BIG} items`,
    prepare: (sb) => bigBacklog(sb, BIG),
    start: (sb) => spawnOrdo(sb, ['reorder', '--editor'], undefined, { EDITOR: `node ${FAKE_EDITOR}`, FAKE_EDIT: 'reverse' }),
  },
  {
    // ordo sync writing the merge into this clone's database: ours holds a reversed order not yet
    // published, the remote branch ${MERGED} items a teammate published meanwhile.
    name: `ordo sync merging ${MERGED} published items into ${BIG}`,
    prepare: async (sb) => {
      await bigBacklog(sb, BIG);
      const origin = join(sb.home, 'origin.git');
      const env = { ...process.env, HOME: sb.home, ORDO_USER: OWNER, NO_COLOR: '1' };
      const git = (cwd: string, args: string[]) => {
        const r = spawnSync('git', args, { cwd, env, encoding: 'utf8' });
        if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr}`);
        return r.stdout.trim();
      };
      const ordo = (cwd: string, args: string[]) => {
        const r = spawnSync(process.execPath, [BIN, ...args], { cwd, env, encoding: 'utf8' });
        if (r.status !== 0) throw new Error(`ordo ${args.join(' ')}: ${r.stderr}`);
      };
      git(sb.home, ['init', '-q', '--bare', origin]);
      git(sb.dir, ['init', '-q', '-b', 'main']);
      git(sb.dir, ['remote', 'add', 'origin', origin]);
      ordo(sb.dir, ['sync']);
      const theirs = new Sandbox();
      try {
        git(theirs.dir, ['init', '-q', '-b', 'main']);
        git(theirs.dir, ['remote', 'add', 'origin', origin]);
        copyFileSync(join(sb.dir, 'ordo.yml'), join(theirs.dir, 'ordo.yml'));
        ordo(theirs.dir, ['sync']);
        const code = await runToEnd(spawnWriter(writer, theirs, ['bulk-add', String(MERGED)]));
        if (code !== 0) throw new Error(`adding ${MERGED} items on their side failed (exit ${code})`);
        ordo(theirs.dir, ['sync']);
      } finally {
        theirs.cleanup();
      }
      const ours = await runToEnd(spawnWriter(writer, sb, ['reverse']));
      if (ours !== 0) throw new Error(`reversing our order failed (exit ${ours})`);
      syncBase = git(sb.dir, ['rev-parse', 'refs/ordo/synced/ordo/backlog']);
    },
    // Every trial starts from the same base commit: the full run moved the ref along.
    start: (sb) =>
      spawn('sh', ['-c', `git update-ref refs/ordo/synced/ordo/backlog ${syncBase} && exec "${process.execPath}" "${BIN}" sync`], {
        cwd: sb.dir,
        env: { PATH: process.env.PATH ?? '', HOME: sb.home, NO_COLOR: '1', ORDO_USER: OWNER },
        stdio: ['pipe', 'pipe', 'pipe'],
      }),
  },
];

const reports: CrashReport[] = [];
afterAll(() => {
  for (const r of reports) {
    const tally = (s: string) => r.trials.filter((t) => t.state === s).length;
    console.log(
      `${r.name}: full run ${Math.round(r.fullRunMs)} ms; ${r.trials.length} kills, ${r.trials.filter((t) => t.hotJournal).length} mid-write; ` +
        `before ${tally('before')}, after ${tally('after')}, mixed ${tally('mixed')}`,
    );
  }
});

describe('SIGKILL during a heavy write', () => {
  it.each(HEAVY_WRITES.map((w) => [w.name, w] as const))('%s leaves the state before or after, intact', { timeout: 180_000 }, async (_name, write) => {
    const report = await crashTrials(write, { trials: TRIALS, seed: SEED });
    reports.push(report);
    for (const t of report.trials) {
      const where = `${write.name}, trial ${t.trial} (killed at ${t.killedAt}, seed ${SEED})`;
      expect(t.reopenCode, `${where}: ordo list after the crash: ${t.reopenStderr}`).toBe(0);
      expect(t.problems, where).toEqual([]);
      expect(t.state, where).not.toBe('mixed');
    }
    if (write.ticks !== undefined) {
      // A kill aimed at a tick lands while the transaction is open (the writer waits there), so nothing
      // of it may survive; where SQLite had already spilled pages into the file, the journal restored them.
      for (const t of report.trials.filter((x) => x.killedAt.startsWith('tick'))) {
        expect(t.killed, `trial ${t.trial}: killed inside the transaction`).toBe(true);
        expect(t.state, `trial ${t.trial}: killed at ${t.killedAt}`).toBe('before');
      }
    }
  });
});
