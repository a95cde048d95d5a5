// Generates a backlog of N items: `ordo init` and goals through the binary, then the items
// inserted directly with better-sqlite3 in one transaction (adding them one command at a time
// would take hours at 100,000).
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { generateNKeysBetween } from 'fractional-indexing';
import { INSERT_ITEM } from './columns.mjs';
import { mulberry32, RECOUNT_ORDER_SQL } from './.build/bench-api.js';

export const OWNER = 'owner@bench.example';
export const GOALS = ['G1', 'G2', 'G3', 'G4', 'G5'];
const SCALE = [1, 2, 3, 5, 8, 13, 21];
const TYPES = ['story', 'story', 'story', 'bug', 'chore', 'spike'];

/** The project's seeded PRNG (mulberry32, from the built bench API) so every run benchmarks the same backlog. */
export const random = mulberry32;

export function ordo(bin, cwd, args, env) {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd, env, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`ordo ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return r;
}

/** The status mix: mostly ready, some in progress, a few proposed and done. */
function statusOf(i) {
  if (i % 50 === 0) return 'proposed';
  if (i % 50 === 1) return 'done';
  if (i % 25 === 2) return 'in-progress';
  return 'ready';
}

/** A 16-hex-digit uid from the seeded PRNG, as `ordo add` gives a new item (8 random bytes), but reproducible. */
function uid(rnd) {
  let hex = '';
  for (let i = 0; i < 4; i++) hex += Math.floor(rnd() * 0x10000).toString(16).padStart(4, '0');
  return hex;
}

/** Rows for `size` items, in number order, with rank keys in a shuffled order. */
export function makeRows(size, seed = size) {
  const rnd = random(seed);
  const at = '2026-01-05T09:00:00.000Z';
  const rows = [];
  for (let n = 1; n <= size; n++) {
    const status = statusOf(n);
    const ranked = status === 'ready' || status === 'in-progress';
    rows.push({
      number: n,
      title: `Item ${n}: ${['Retry payment', 'Show delivery date', 'Save the basket', 'Speed up search', 'Explain fees'][n % 5]} for segment ${n % 97}`,
      description: n % 3 === 0 ? `Details for item ${n}.` : null,
      type: TYPES[n % TYPES.length],
      value: SCALE[Math.floor(rnd() * SCALE.length)],
      rationale: `Customers in segment ${n % 97} drop out at step ${n % 7} without it (case ${n})`,
      goal: GOALS[n % GOALS.length],
      estimate: n % 4 === 0 ? null : SCALE[n % 5],
      status,
      rank: ranked ? '' : null,
      created_by: OWNER,
      created_at: at,
      updated_at: at,
      started_at: status === 'in-progress' || status === 'done' ? at : null,
      done_at: status === 'done' ? at : null,
      closed_at: null,
      reason: null,
      // Backlogs carry a uid on every item since migration 7; without one every read derives it with sha256.
      uid: uid(rnd),
    });
  }
  const ranked = rows.filter((r) => r.rank !== null);
  for (let i = ranked.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [ranked[i], ranked[j]] = [ranked[j], ranked[i]];
  }
  const keys = generateNKeysBetween(null, null, ranked.length);
  ranked.forEach((r, i) => (r.rank = keys[i]));
  return { rows, order: ranked.map((r) => r.number) };
}


/** An initialised backlog with goals and no items. */
export function emptyBacklog(bin, env) {
  const dir = mkdtempSync(join(tmpdir(), 'ordo-bench-'));
  ordo(bin, dir, ['init', '--owner', OWNER, '--product', 'Bench', '--prefix', 'ORD', '--yes'], env);
  return dir;
}

/** A backlog of `size` items in a new temp dir; returns the dir and the ranked item numbers in order. */
export function generateBacklog(bin, size, env) {
  const dir = emptyBacklog(bin, env);
  for (const g of GOALS) ordo(bin, dir, ['goal', 'add', g, `Goal ${g}`, '--horizon', '2026-Q4'], env);
  const { rows, order } = makeRows(size);
  const db = new Database(join(dir, '.ordo', 'backlog.db'));
  const insert = db.prepare(INSERT_ITEM);
  db.transaction(() => {
    for (const row of rows) insert.run(row);
    // As ordo leaves the order's statistics after a bulk write (ItemRepo.pauseIndexes).
    db.exec(RECOUNT_ORDER_SQL);
  })();
  db.close();
  return { dir, size, rows, order };
}
