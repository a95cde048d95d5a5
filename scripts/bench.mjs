// The benchmark suite (`npm run bench`): ordo's commands on backlogs of 1,000, 10,000 and
// 100,000 items, each workload as a median over repeated runs and as a ratio against a baseline
// measured in the same run, interleaved with it. Prints a table; writes bench-results/latest.json.
//
//   BENCH_QUICK=1   sizes 1,000 only, 3 runs: a smoke run for CI (under a minute)
//   BENCH_RUNS=N    runs per workload (default: 7 for processes, fewer for heavy ones)
//   BENCH_SIZES=a,b override the backlog sizes (the 100,000-item workloads use the largest)
//   BENCH_OUT=FILE  write the JSON there instead of bench-results/latest.json
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { emptyBacklog, generateBacklog, GOALS, OWNER, random } from './bench/generate.mjs';
import { interleave, median, peakRss, rssMethod, timeProcess } from './bench/measure.mjs';

const ROOT = resolve(import.meta.dirname, '..');
const BIN = join(ROOT, 'bin', 'ordo.js');
const QUICK = process.env.BENCH_QUICK === '1';
const SIZES = process.env.BENCH_SIZES ? process.env.BENCH_SIZES.split(',').map(Number) : QUICK ? [1000] : [1000, 10000, 100000];
const LARGEST = Math.max(...SIZES);
const MOVES = QUICK ? 1000 : 10000;
const runs = (normal) => (process.env.BENCH_RUNS ? Number(process.env.BENCH_RUNS) : QUICK ? 3 : normal);

const ENV = { PATH: process.env.PATH ?? '', HOME: mkdtempSync(join(tmpdir(), 'ordo-bench-home-')), NO_COLOR: '1', LANG: 'C.UTF-8', ORDO_USER: OWNER };
const TARGETS = { W1: 1.3, W2: 1.5, W3: 1.5, W4: 3, W5: 3, W6: 1.6, W7: 2, MEM: 1.3 };

if (!existsSync(join(ROOT, 'dist', 'ordo.cjs')) || !existsSync(join(ROOT, 'dist', 'bench-api.mjs'))) {
  console.error('dist/ is missing: run `npm run build` first (or `npm run bench`, which builds).');
  process.exit(2);
}

const results = [];
const cleanup = [ENV.HOME];
const log = (text) => process.stderr.write(`${text}\n`);
const ordoArgs = (...args) => [BIN, ...args];
const nodeZero = () => timeProcess({ args: ['-e', '0'], env: ENV });

/** Records one measured row; `gateSize` is the size at which the target applies (others are informative). */
function record(id, name, size, m, { gateSize = size, extra = {}, note } = {}) {
  const ratio = m.medianMs / m.baselineMs;
  const target = TARGETS[id];
  const gated = size === gateSize || QUICK;
  let pass = gated ? ratio <= target : null;
  if (pass && extra.maxKeyLength !== undefined && extra.maxKeyLength > extra.keyCap) pass = false;
  const row = { id, name, size, measured: true, runs: m.samples.workload.length, medianMs: round(m.medianMs), baselineMs: round(m.baselineMs), baseline: m.baselineName, ratio: round(ratio, 2), target, pass, ...extra };
  if (note) row.note = note;
  results.push(row);
  log(`  ${id} ${name} @${size}: ${row.medianMs} ms vs ${row.baselineMs} ms = ${row.ratio}x`);
}

function notMeasured(id, name, size, note) {
  results.push({ id, name, size, measured: false, target: TARGETS[id], pass: null, note });
  log(`  ${id} ${name}: ${note}`);
}

const round = (x, d = 1) => Math.round(x * 10 ** d) / 10 ** d;

/** True when `ordo NAME --help` exits 0 with that command's own usage (not the program's help). */
function hasCommand(name) {
  const r = spawnSync(process.execPath, [BIN, name, '--help'], { env: ENV, encoding: 'utf8' });
  return r.status === 0 && new RegExp(`^Usage: ordo ${name}\\b`, 'm').test(r.stdout);
}

/** A key for an item number (the generator uses the prefix ORD). */
const key = (n) => `ORD-${n}`;

// W1: startup alone.
log('W1 ordo --version');
record('W1', 'ordo --version', null, {
  ...interleave({ runs: runs(11), workload: () => timeProcess({ args: ordoArgs('--version'), env: ENV }), baseline: nodeZero }),
  baselineName: 'node -e 0',
});

const backlogs = new Map();
for (const size of SIZES) {
  log(`generating ${size} items`);
  const b = generateBacklog(BIN, size, ENV);
  backlogs.set(size, b);
  cleanup.push(b.dir);

  log(`W3 ordo next / ordo list --limit 20 @${size}`);
  for (const [name, args] of [
    ['ordo next', ['next']],
    ['ordo list --limit 20', ['list', '--limit', '20']],
  ]) {
    record('W3', name, size, {
      ...interleave({ runs: runs(size >= 100000 ? 9 : 7), workload: () => timeProcess({ args: ordoArgs(...args), cwd: b.dir, env: ENV }), baseline: nodeZero }),
      baselineName: 'node -e 0',
    }, { gateSize: LARGEST });
  }

  log(`W6 ordo move KEY --before KEY @${size}`);
  // Two items in the middle of the order, moved above each other in turn so that every run moves.
  const a = b.order[b.order.length >> 1];
  const c = b.order[(b.order.length >> 1) + 10];
  record('W6', 'ordo move KEY --before KEY', size, {
    ...interleave({
      runs: runs(7),
      workload: (i) => timeProcess({ args: ordoArgs('move', ...((i & 1) === 0 ? [key(a), '--before', key(c)] : [key(c), '--before', key(a)])), cwd: b.dir, env: ENV }),
      baseline: nodeZero,
    }),
    baselineName: 'node -e 0',
  }, { gateSize: LARGEST });

  await inProcessMoves(b);
}

const big = backlogs.get(LARGEST);

// W2: import from JSON. The file comes from `ordo export` so that it is in ordo's own format.
log(`W2 ordo import @${LARGEST}`);
if (!hasCommand('import')) {
  notMeasured('W2', 'ordo import FILE (JSON)', LARGEST, 'not measured: ordo import is not available');
} else if (!hasCommand('export')) {
  notMeasured('W2', 'ordo import FILE (JSON)', LARGEST, 'not measured: ordo export is not available to write the JSON file to import');
} else {
  const work = mkdtempSync(join(tmpdir(), 'ordo-bench-import-'));
  cleanup.push(work);
  const file = join(work, 'backlog.json');
  const exported = spawnSync(process.execPath, ordoArgs('export', '--format', 'json', '-o', file), { cwd: big.dir, env: ENV, encoding: 'utf8' });
  if (exported.status !== 0 || !existsSync(file)) {
    notMeasured('W2', 'ordo import FILE (JSON)', LARGEST, `not measured: ordo export --format json -o FILE exited ${exported.status}: ${exported.stderr.trim().split('\n')[0]}`);
  } else {
    const rowsFile = join(work, 'rows.json');
    writeFileSync(rowsFile, JSON.stringify({ goals: GOALS, items: big.rows }));
    const template = emptyBacklog(BIN, ENV);
    cleanup.push(template);
    const fresh = () => {
      const dir = join(work, 'target');
      rmSync(dir, { recursive: true, force: true });
      cpSync(template, dir, { recursive: true });
      return dir;
    };
    const heavy = runs(3);
    record('W2', 'ordo import FILE (JSON)', LARGEST, {
      ...interleave({
        runs: heavy,
        warmup: false,
        workload: () => {
          const dir = fresh();
          return timeProcess({ args: ordoArgs('import', file), cwd: dir, env: ENV });
        },
        baseline: () => {
          const dir = fresh();
          return timeProcess({ args: [join(ROOT, 'scripts', 'bench', 'baseline-import.mjs'), join(dir, '.ordo', 'backlog.db'), rowsFile], env: ENV });
        },
      }),
      baselineName: 'better-sqlite3: parse JSON, insert the rows in one transaction',
    });
  }
}

// W7: ordo check on the largest backlog; exit 1 (violations found) is a normal outcome.
log(`W7 ordo check @${LARGEST}`);
if (!hasCommand('check')) {
  notMeasured('W7', 'ordo check', LARGEST, 'not measured: ordo check is not available');
} else {
  record('W7', 'ordo check', LARGEST, {
    ...interleave({
      runs: runs(5),
      workload: () => timeProcess({ args: ordoArgs('check'), cwd: big.dir, env: ENV, ok: [0, 1] }),
      baseline: () => timeProcess({ args: [join(ROOT, 'scripts', 'bench', 'baseline-scan.mjs'), join(big.dir, '.ordo', 'backlog.db')], env: ENV }),
    }),
    baselineName: 'better-sqlite3: every item in rank order',
  });
}

// Peak memory of `ordo next` on the largest backlog.
log(`MEM ordo next peak RSS @${LARGEST}`);
{
  const n = runs(5);
  const w = [];
  const b = [];
  for (let i = 0; i < n; i++) {
    b.push(peakRss({ args: ['-e', '0'], env: ENV }));
    w.push(peakRss({ args: ordoArgs('next'), cwd: big.dir, env: ENV }));
  }
  const rss = median(w);
  const base = median(b);
  const ratio = rss / base;
  results.push({ id: 'MEM', name: 'ordo next peak RSS', size: LARGEST, measured: true, runs: n, unit: 'KB', median: rss, baseline: base, baselineName: 'node -e 0', method: rssMethod, ratio: round(ratio, 2), target: TARGETS.MEM, pass: ratio <= TARGETS.MEM });
  log(`  MEM: ${rss} KB vs ${base} KB = ${round(ratio, 2)}x (${rssMethod})`);
}

/** W4 and W5: many moves in one process, each batch in a transaction that is rolled back. */
async function inProcessMoves(b) {
  const { openMoveSession, RANK_KEY_CAP } = await import(join(ROOT, 'dist', 'bench-api.mjs'));
  const session = await openMoveSession(b.dir);
  const { db } = session;
  try {
    const update = db.prepare('UPDATE items SET rank = ? WHERE number = ?');
    const rankOf = db.prepare('SELECT rank FROM items WHERE number = ?').pluck();
    const maxLen = db.prepare('SELECT MAX(LENGTH(rank)) AS n FROM items');
    const rnd = random(7);
    const pick = () => b.order[Math.floor(rnd() * b.order.length)];
    const batch = (fn) => {
      db.exec('BEGIN IMMEDIATE');
      const start = process.hrtime.bigint();
      try {
        const longest = fn();
        return { ms: Number(process.hrtime.bigint() - start) / 1e6, longest: Math.max(longest, maxLen.get().n) };
      } finally {
        db.exec('ROLLBACK');
      }
    };
    // The baseline: the same number of single-row UPDATEs of the rank column, each giving a random
    // item a new key next to its old one (key + 'V' sorts just after it and is unused), so that the
    // writes land all over the table and the index as real moves do.
    const baselineWrites = Array.from({ length: MOVES }, () => {
      const n = pick();
      return [`${rankOf.get(n)}V`, n];
    });
    const baseline = () => batch(() => {
      for (const [rank, n] of baselineWrites) update.run(rank, n);
      return 0;
    }).ms;
    const anchor = b.order[b.order.length >> 1];
    const movers = b.order.filter((n) => n !== anchor);
    const randomMoves = Array.from({ length: MOVES }, () => {
      const item = pick();
      let other = pick();
      while (other === item) other = pick();
      return [key(item), { kind: rnd() < 0.5 ? 'before' : 'after', key: key(other) }];
    });
    for (const [id, name, moves] of [
      ['W4', `${MOVES} moves to the same spot (in-process)`, Array.from({ length: MOVES }, (_, i) => [key(movers[i % movers.length]), { kind: 'before', key: key(anchor) }])],
      ['W5', `${MOVES} random moves (in-process)`, randomMoves],
    ]) {
      log(`${id} ${name} @${b.size}`);
      let longest = 0;
      const m = interleave({
        runs: runs(5),
        baseline,
        workload: () => {
          const r = batch(() => {
            let max = 0;
            for (const [k, p] of moves) max = Math.max(max, session.move(k, p).length);
            return max;
          });
          longest = Math.max(longest, r.longest);
          return r.ms;
        },
      });
      record(id, name, b.size, { ...m, baselineName: `${MOVES} x UPDATE items SET rank = ? WHERE number = ?` }, { gateSize: LARGEST, extra: { maxKeyLength: longest, keyCap: RANK_KEY_CAP } });
    }
  } finally {
    session.close();
  }
}

// The table, and the JSON figures.
const fmt = (x) => (x === null || x === undefined ? '' : String(x));
const rows = results.map((r) => [
  `${r.id} ${r.name}`,
  fmt(r.size?.toLocaleString('en-US')),
  r.measured ? (r.unit === 'KB' ? `${r.median} KB` : fmt(r.medianMs)) : '-',
  r.measured ? (r.unit === 'KB' ? `${r.baseline} KB` : fmt(r.baselineMs)) : '-',
  r.measured ? `${r.ratio}x${r.maxKeyLength !== undefined ? ` (key ≤${r.maxKeyLength})` : ''}` : '-',
  `≤ ${r.target}`,
  !r.measured ? r.note : r.pass === null ? '(info)' : r.pass ? 'pass' : 'MISS',
]);
const header = ['workload', 'size', 'median ms', 'baseline ms', 'ratio', 'target', 'result'];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
const line = (cells) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
console.log(line(header));
console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
for (const r of rows) console.log(line(r));

const out = {
  schemaVersion: 1,
  kind: 'bench-results',
  date: new Date().toISOString(),
  quick: QUICK,
  node: process.version,
  platform: `${process.platform} ${process.arch}`,
  cpus: cpus().length,
  sizes: SIZES,
  moves: MOVES,
  rssMethod,
  results,
};
const outFile = process.env.BENCH_OUT ? resolve(process.env.BENCH_OUT) : join(ROOT, 'bench-results', 'latest.json');
mkdirSync(dirname(outFile), { recursive: true });
writeFileSync(outFile, `${JSON.stringify(out, null, 2)}\n`);
log(`wrote ${outFile}`);
for (const dir of cleanup) rmSync(dir, { recursive: true, force: true });
