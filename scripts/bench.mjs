// The benchmark suite (`npm run bench`): ordo's commands on backlogs of 1,000, 10,000 and
// 100,000 items, each workload as a median over repeated runs and as a ratio against a baseline
// measured in the same run, alternating with it (so machine noise falls on both alike). Prints a
// table with each target and whether it is met; writes bench-results/latest.json.
//
// Every process runs with a clean environment: NODE_EXTRA_CA_CERTS in particular is unset on
// both sides, since it adds tens of milliseconds to every Node start and would hide most of a
// CLI's own cost in a ratio.
//
//   BENCH_QUICK=1   sizes 1,000 only, 3 runs: a smoke run for CI (under a few minutes)
//   BENCH_RUNS=N    runs per workload (default 15; 5 for the in-process move batches)
//   BENCH_SIZES=a,b override the backlog sizes (targets apply at the largest)
//   BENCH_OUT=FILE  write the JSON there instead of bench-results/latest.json
//   BENCH_ONLY=a,b  only the rows with these ids (e.g. check,check-mem,import): the others are skipped
//
// The workloads are the table ROWS below: a new workload is one entry there. A row whose command
// this ordo does not have yet (`requires`) is reported as not measured instead of failing.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { emptyBacklog, generateBacklog, GOALS, OWNER, random } from './bench/generate.mjs';
import { interleave, median, peakRss, rssMethod, spread, timeProcess } from './bench/measure.mjs';
import { benchSync } from './bench/sync.mjs';

const ROOT = resolve(import.meta.dirname, '..');
const BIN = join(ROOT, 'bin', 'ordo.js');
const QUICK = process.env.BENCH_QUICK === '1';
const SIZES = (process.env.BENCH_SIZES ? process.env.BENCH_SIZES.split(',').map(Number) : QUICK ? [1000] : [1000, 10000, 100000]).sort((a, b) => a - b);
const LARGEST = Math.max(...SIZES);
const SMALLEST = Math.min(...SIZES);
const MOVES = QUICK ? 1000 : 10000;
const RUNS = process.env.BENCH_RUNS ? Number(process.env.BENCH_RUNS) : QUICK ? 3 : 15;
const SYNC_SIZE = QUICK ? 1000 : 10000;
// Peak memory varies far less from run to run than time does.
const RSS_RUNS = Math.max(3, Math.ceil(RUNS / 3));
const ONLY = process.env.BENCH_ONLY ? new Set(process.env.BENCH_ONLY.split(',')) : null;

// A clean environment for every process, baseline and workload alike: no NODE_EXTRA_CA_CERTS,
// NODE_OPTIONS or other variables of the machine running the suite.
const ENV = { PATH: process.env.PATH ?? '', HOME: mkdtempSync(join(tmpdir(), 'ordo-bench-home-')), NO_COLOR: '1', LANG: 'C.UTF-8', ORDO_USER: OWNER };
const NODE_ZERO = { name: 'node -e 0', run: () => timeProcess({ args: ['-e', '0'], env: ENV }) };
const WHY = 'Shoppers drop out at the payment step without it';

if (!existsSync(join(ROOT, 'dist', 'ordo.cjs')) || !existsSync(join(ROOT, 'scripts', 'bench', '.build', 'bench-api.js'))) {
  console.error('dist/ is missing: run `npm run build` first (or `npm run bench`, which builds).');
  process.exit(2);
}

const key = (n) => `ORD-${n}`;
const ordo = (b, args, ok = [0]) => timeProcess({ args: [BIN, ...args], cwd: b.dir, env: ENV, ok });

/**
 * The workloads. Each row: `id`, `name`, `target` (the most the ratio may be, at the largest
 * size), `kind` ('time': ratio of median wall times; 'rss': ratio of median peak memory),
 * `sizes` ('each': every backlog size; 'largest'; 'none': no backlog), `requires` (a command,
 * or [command, text its --help must show]), and either `args(b, i)` (ordo's arguments for run
 * i on backlog b, against `node -e 0`) or `measure(b)` returning { medianMs, baselineMs, ... }.
 */
const ROWS = [
  { id: 'version', name: 'ordo --version', target: 1.2, sizes: 'none', args: () => ['--version'] },
  { id: 'next', name: 'ordo next', target: 1.6, args: () => ['next'] },
  { id: 'list', name: 'ordo list --limit 20', target: 1.6, args: () => ['list', '--limit', '20'] },
  { id: 'show', name: 'ordo show KEY', target: 1.6, args: (b) => ['show', key(b.order[b.order.length >> 1])] },
  { id: 'whoami', name: 'ordo whoami', target: 1.6, args: () => ['whoami'] },
  // Two items in the middle of the order, moved above each other in turn so that every run moves.
  {
    id: 'move',
    name: 'ordo move KEY --before KEY (middle)',
    target: 2.0,
    args: (b, i) => {
      const [a, c] = [b.order[b.order.length >> 1], b.order[(b.order.length >> 1) + 10]];
      return (i & 1) === 0 ? ['move', key(a), '--before', key(c)] : ['move', key(c), '--before', key(a)];
    },
  },
  // An item near the bottom, to the top and back under its old neighbour: a move at any depth.
  {
    id: 'move-deep',
    name: 'ordo move KEY --top / --after KEY (deepest 1%)',
    target: 2.0,
    args: (b, i) => {
      const at = b.order.length - Math.max(2, b.order.length >> 7);
      return (i & 1) === 0 ? ['move', key(b.order[at]), '--top'] : ['move', key(b.order[at]), '--after', key(b.order[at - 1])];
    },
  },
  { id: 'add', name: 'ordo add TITLE --value --why --goal', target: 2.0, args: (_b, i) => ['add', `Bench item ${i}`, '--value', '8', '--why', WHY, '--goal', 'G1'] },
  { id: 'start', name: 'ordo start KEY', target: 2.0, args: (b, i) => ['start', key(b.ready[i + 1])] },
  { id: 'done', name: 'ordo done KEY', target: 2.0, args: (b, i) => ['done', key(b.inProgress[i + 1])] },
  { id: 'check', name: 'ordo check', target: 15, ok: [0, 1], args: () => ['check'] },
  { id: 'check-mem', name: 'ordo check peak memory', kind: 'rss', target: 3, ok: [0, 1], args: () => ['check'] },
  { id: 'next-mem', name: 'ordo next peak memory', kind: 'rss', target: 1.25, args: () => ['next'] },
  // Streaming: peak memory of an export against the same export of the smallest backlog.
  { id: 'export-mem', name: 'ordo export --format json peak memory, vs the smallest backlog', kind: 'rss', target: 1.5, measure: measureExportMemory },
  { id: 'import', name: 'ordo import FILE (JSON) vs a bare better-sqlite3 insert', target: 1.5, sizes: 'largest', requires: 'import', measure: measureImport },
  { id: 'moves-same', name: `${MOVES} moves to the same spot (in-process)`, target: 3, measure: (b) => inProcessMoves(b, 'same') },
  { id: 'moves-random', name: `${MOVES} random moves (in-process)`, target: 3, measure: (b) => inProcessMoves(b, 'random') },
  // Rows of features still being built: measured once ordo has the command.
  // Full-text search, against the plain first page it is the alternative to.
  ...[
    ['search', 'ordo list --search "retry payment" --limit 20, vs ordo list --limit 20', ['list', '--search', 'retry payment', '--limit', '20']],
    ['search-rare', 'ordo list --search "case 4242", vs ordo list --limit 20', ['list', '--search', 'case 4242']],
  ].map(([id, name, args]) => ({
    id,
    name,
    target: 1.5,
    requires: ['list', '--search'],
    measure: (b) => paired(() => ordo(b, args), { name: 'ordo list --limit 20', run: () => ordo(b, ['list', '--limit', '20']) }),
  })),
  // sync: one local change synced to a local bare remote at 10,000 items (1,000 when quick), vs
  // `git commit` and `git push` of the same database file. The issue sets no target: reported as a ratio.
  {
    id: 'sync',
    name: `ordo sync (one change, ${SYNC_SIZE.toLocaleString('en-US')} items) vs git commit + git push`,
    target: null,
    sizes: 'largest',
    requires: 'sync',
    measure: () => benchSync({ bin: BIN, env: ENV, size: SYNC_SIZE, runs: RUNS }),
  },
];

const results = [];
const cleanup = [ENV.HOME];
const log = (text) => process.stderr.write(`${text}\n`);
const round = (x, d = 1) => Math.round(x * 10 ** d) / 10 ** d;

/** True when ordo has the command (and its --help shows `text`, when given). */
const helpCache = new Map();
function has(requires) {
  if (!requires) return true;
  const [name, text] = Array.isArray(requires) ? requires : [requires];
  if (!helpCache.has(name)) {
    const r = spawnSync(process.execPath, [BIN, name, '--help'], { env: ENV, encoding: 'utf8' });
    helpCache.set(name, r.status === 0 && new RegExp(`^Usage: ordo ${name}\\b`, 'm').test(r.stdout) ? r.stdout : null);
  }
  const help = helpCache.get(name);
  return help !== null && (text === undefined || help.includes(text));
}

/** A workload against a baseline, alternating, `RUNS` times each after one warm-up of each. */
function paired(workload, baseline = NODE_ZERO, runs = RUNS) {
  const m = interleave({ runs, workload, baseline: baseline.run });
  return { ...m, baselineName: baseline.name };
}

/** Peak memory of `ordo ARGS` against `node -e 0`, alternating. */
function pairedRss(b, args, ok) {
  const w = [];
  const base = [];
  for (let i = 0; i < RSS_RUNS; i++) {
    base.push(peakRss({ args: ['-e', '0'], env: ENV }));
    w.push(peakRss({ args: [BIN, ...args], cwd: b?.dir, env: ENV, ok }));
  }
  return { median: median(w), baseline: median(base), baselineName: 'node -e 0', samples: { workload: w, baseline: base } };
}

function record(row, size, m) {
  const rss = (row.kind ?? 'time') === 'rss';
  const value = rss ? m.median : m.medianMs;
  const base = rss ? m.baseline : m.baselineMs;
  // Judged as printed: a ratio shown as 2 passes a target of 2, whatever its third decimal.
  const ratio = round(value / base, 2);
  const gated = size === null || size === LARGEST || QUICK;
  let pass = gated && row.target !== null ? ratio <= row.target : null;
  if (pass && m.maxKeyLength !== undefined && m.maxKeyLength > m.keyCap) pass = false;
  const out = {
    id: row.id,
    name: row.name,
    size,
    measured: true,
    runs: m.samples.workload.length,
    ...(rss ? { unit: 'KB', median: value, baseline: base } : { medianMs: round(value), baselineMs: round(base) }),
    baselineName: m.baselineName,
    ratio: round(ratio, 2),
    spread: round(spread(m.samples.workload), 2),
    baselineSpread: round(spread(m.samples.baseline), 2),
    target: row.target,
    pass,
    ...(m.maxKeyLength !== undefined ? { maxKeyLength: m.maxKeyLength, keyCap: m.keyCap } : {}),
  };
  results.push(out);
  log(`  ${row.id} @${size ?? '-'}: ${rss ? `${value} KB vs ${base} KB` : `${out.medianMs} ms vs ${out.baselineMs} ms`} = ${out.ratio}x (spread ±${out.spread})`);
}

function notMeasured(row, size, note) {
  results.push({ id: row.id, name: row.name, size, measured: false, target: row.target, pass: null, note });
  log(`  ${row.id}: ${note}`);
}

async function run(row, b) {
  if (ONLY && !ONLY.has(row.id)) return;
  const size = b?.size ?? null;
  if (!has(row.requires)) return notMeasured(row, size, `not measured: ordo ${[row.requires].flat().join(' ')} is not available yet`);
  if (row.measure === null) return notMeasured(row, size, 'not measured: no measure defined for this row yet');
  log(`${row.id} ${row.name} @${size ?? '-'}`);
  let m;
  if (row.measure) m = await row.measure(b);
  else if (row.kind === 'rss') m = pairedRss(b, row.args(b, 0), row.ok);
  else m = paired((i) => timeProcess({ args: [BIN, ...row.args(b, i)], cwd: b?.dir, env: ENV, ok: row.ok ?? [0] }));
  if ('note' in m) return notMeasured(row, size, m.note);
  return record(row, size, m);
}

log('Every process runs with NODE_EXTRA_CA_CERTS (and the rest of the environment) unset; each');
log(`workload alternates with its baseline; medians of ${RUNS} runs after one warm-up each.`);
for (const row of ROWS.filter((r) => r.sizes === 'none')) await run(row, undefined);

const exportRss = new Map();
for (const size of SIZES) {
  log(`generating ${size} items`);
  const b = generateBacklog(BIN, size, ENV);
  cleanup.push(b.dir);
  // Items to start and finish, one per run, none of them the ones the other rows move.
  b.ready = b.rows.filter((r) => r.status === 'ready').map((r) => r.number).slice(0, RUNS + 2);
  b.inProgress = b.rows.filter((r) => r.status === 'in-progress').map((r) => r.number).slice(0, RUNS + 2);
  // `done` takes those out of the order: the rows that move or show items use the rest.
  const finishing = new Set(b.inProgress);
  b.order = b.order.filter((n) => !finishing.has(n));
  for (const row of ROWS.filter((r) => (r.sizes ?? 'each') === 'each' || (r.sizes === 'largest' && size === LARGEST))) await run(row, b);
  rmSync(b.dir, { recursive: true, force: true });
}

/** Peak memory of `ordo export --format json` here, against the same at the smallest size (measured first). */
function measureExportMemory(b) {
  const w = [];
  for (let i = 0; i < RSS_RUNS; i++) w.push(peakRss({ args: [BIN, 'export', '--format', 'json'], cwd: b.dir, env: ENV }));
  exportRss.set(b.size, w);
  const base = exportRss.get(SMALLEST);
  return { median: median(w), baseline: median(base), baselineName: `the same export of ${SMALLEST.toLocaleString('en-US')} items`, samples: { workload: w, baseline: base } };
}

/** import: the JSON of `ordo export` into an empty backlog, against better-sqlite3 inserting the same rows. */
function measureImport(b) {
  const work = mkdtempSync(join(tmpdir(), 'ordo-bench-import-'));
  cleanup.push(work);
  const file = join(work, 'backlog.json');
  const exported = spawnSync(process.execPath, [BIN, 'export', '--format', 'json', '-o', file], { cwd: b.dir, env: ENV, encoding: 'utf8' });
  if (exported.status !== 0 || !existsSync(file)) return { note: `not measured: ordo export --format json -o FILE exited ${exported.status}: ${exported.stderr.trim().split('\n')[0]}` };
  const rowsFile = join(work, 'rows.json');
  writeFileSync(rowsFile, JSON.stringify({ goals: GOALS, items: b.rows }));
  const template = emptyBacklog(BIN, ENV);
  cleanup.push(template);
  const fresh = () => {
    const dir = join(work, 'target');
    rmSync(dir, { recursive: true, force: true });
    cpSync(template, dir, { recursive: true });
    return dir;
  };
  return paired(
    () => timeProcess({ args: [BIN, 'import', file], cwd: fresh(), env: ENV }),
    { name: 'better-sqlite3: parse the JSON, insert the rows in one transaction', run: () => timeProcess({ args: [join(ROOT, 'scripts', 'bench', 'baseline-import.mjs'), join(fresh(), '.ordo', 'backlog.db'), rowsFile], env: ENV }) },
  );
}

/** Many moves in one process, each batch in a transaction that is rolled back, against as many single-row UPDATEs. */
async function inProcessMoves(b, kind) {
  const { openMoveSession, RANK_KEY_CAP } = await import(join(ROOT, 'scripts', 'bench', '.build', 'bench-api.js'));
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
    // The baseline: random items given a new, unused key next to their old one (key + 'V' sorts
    // just after it), so the writes land all over the table and the index as moves do.
    const taken = db.prepare('SELECT 1 FROM items WHERE rank = ?').pluck();
    const used = new Set();
    const baselineWrites = Array.from({ length: MOVES }, () => {
      const n = pick();
      let rank = `${rankOf.get(n)}V`;
      while (used.has(rank) || taken.get(rank)) rank += 'V';
      used.add(rank);
      return [rank, n];
    });
    const anchor = b.order[b.order.length >> 1];
    const movers = b.order.filter((n) => n !== anchor);
    const moves =
      kind === 'same'
        ? Array.from({ length: MOVES }, (_, i) => [key(movers[i % movers.length]), { kind: 'before', key: key(anchor) }])
        : Array.from({ length: MOVES }, () => {
            const item = pick();
            let other = pick();
            while (other === item) other = pick();
            return [key(item), { kind: rnd() < 0.5 ? 'before' : 'after', key: key(other) }];
          });
    let longest = 0;
    const m = interleave({
      runs: process.env.BENCH_RUNS ? RUNS : QUICK ? 3 : 5,
      baseline: () =>
        batch(() => {
          for (const [rank, n] of baselineWrites) update.run(rank, n);
          return 0;
        }).ms,
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
    return { ...m, baselineName: `${MOVES} x UPDATE items SET rank = ? WHERE number = ?`, maxKeyLength: longest, keyCap: RANK_KEY_CAP };
  } finally {
    session.close();
  }
}

// The table, and the JSON figures.
const fmt = (x) => (x === null || x === undefined ? '' : String(x));
const cell = (r) => {
  if (!r.measured) return ['-', '-', '-'];
  if (r.unit === 'KB') return [`${round(r.median / 1024)} MB`, `${round(r.baseline / 1024)} MB`, `${r.ratio}x`];
  return [fmt(r.medianMs), fmt(r.baselineMs), `${r.ratio}x${r.maxKeyLength !== undefined ? ` (key ≤${r.maxKeyLength})` : ''}`];
};
const rows = results.map((r) => [
  r.id,
  r.name,
  fmt(r.size?.toLocaleString('en-US')),
  ...cell(r),
  r.measured ? `±${r.spread}` : '',
  r.target === null ? '(none)' : `≤ ${r.target}`,
  !r.measured ? r.note : r.pass === null ? '(info)' : r.pass ? 'pass' : 'MISS',
]);
const header = ['id', 'workload', 'items', 'median', 'baseline', 'ratio', 'spread', 'target', 'result'];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
const line = (cells) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
console.log('NODE_EXTRA_CA_CERTS unset for every process; baselines (node -e 0 unless named) alternate with each workload.');
console.log(`Medians of ${RUNS} runs; spread is the interquartile range of the workload's runs over its median.`);
console.log(line(header));
console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
for (const r of rows) console.log(line(r));
const missed = results.filter((r) => r.pass === false);
console.log(missed.length === 0 ? 'Every target is met.' : `Missed: ${missed.map((r) => `${r.id} (${r.ratio}x, target ≤ ${r.target})`).join(', ')}`);

const out = {
  schemaVersion: 1,
  kind: 'bench-results',
  date: new Date().toISOString(),
  quick: QUICK,
  node: process.version,
  platform: `${process.platform} ${process.arch}`,
  cpus: cpus().length,
  sizes: SIZES,
  runs: RUNS,
  moves: MOVES,
  environment: 'clean: PATH, HOME, NO_COLOR, LANG, ORDO_USER only; NODE_EXTRA_CA_CERTS unset',
  rssMethod,
  results,
};
const outFile = process.env.BENCH_OUT ? resolve(process.env.BENCH_OUT) : join(ROOT, 'bench-results', 'latest.json');
mkdirSync(dirname(outFile), { recursive: true });
writeFileSync(outFile, `${JSON.stringify(out, null, 2)}\n`);
log(`wrote ${outFile}`);
for (const dir of cleanup) rmSync(dir, { recursive: true, force: true });
