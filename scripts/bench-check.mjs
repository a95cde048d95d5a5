// Times `ordo check` on a 100,000-item backlog against a bare scan of the items table.
// Standalone: `npm run build && node scripts/bench-check.mjs [items]`. Both figures are
// times of a fresh node process (startup included), median of 5 runs: wall clock, and on
// Linux the CPU time the child used (user + system), which a busy machine disturbs less.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { generateNKeysBetween } from 'fractional-indexing';

const COUNT = Number(process.argv[2] ?? 100_000);
const RUNS = 5;
const OWNER = 'alice@example.com';
const bin = resolve(import.meta.dirname, '../bin/ordo.js');
const dir = mkdtempSync(join(tmpdir(), 'ordo-bench-check-'));
const env = { ...process.env, ORDO_USER: OWNER, NO_COLOR: '1' };

function ordo(...args) {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: dir, env, encoding: 'utf8', maxBuffer: 1 << 28 });
  if (r.status !== 0 && !(args[0] === 'check' && r.status === 1)) throw new Error(`ordo ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return r;
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

// CPU time of reaped children, from /proc (clock ticks, assumed 100 per second); null elsewhere.
function childCpuMs() {
  if (!existsSync('/proc/self/stat')) return null;
  const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
  return (Number(fields[13]) + Number(fields[14])) * 10;
}

function time(fn) {
  const wall = [];
  const cpu = [];
  for (let i = 0; i < RUNS; i++) {
    const c0 = childCpuMs();
    const t0 = process.hrtime.bigint();
    fn();
    wall.push(Number(process.hrtime.bigint() - t0) / 1e6);
    const c1 = childCpuMs();
    if (c0 !== null && c1 !== null) cpu.push(c1 - c0);
  }
  return { wall: median(wall), cpu: cpu.length > 0 ? median(cpu) : null };
}

const show = (t) => `${t.wall.toFixed(0).padStart(5)} ms wall${t.cpu === null ? '' : `, ${t.cpu.toFixed(0).padStart(5)} ms cpu`}`;

try {
  ordo('init', '--owner', OWNER, '--product', 'Bench', '--yes');
  ordo('goal', 'add', 'G1', 'Faster checkout');
  ordo('goal', 'add', 'G2', 'Fewer support calls');

  // 90% ranked (ready or in progress), 5% proposals, 5% finished.
  const db = new Database(join(dir, '.ordo', 'backlog.db'));
  const ranks = generateNKeysBetween(null, null, COUNT);
  const insert = db.prepare(
    `INSERT INTO items (number, title, type, value, rationale, goal, status, rank, created_by, created_at, updated_at)
     VALUES (?, ?, 'story', ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const scale = [1, 2, 3, 5, 8, 13, 21];
  const now = new Date().toISOString();
  db.transaction(() => {
    for (let i = 1; i <= COUNT; i++) {
      const status = i % 20 === 0 ? 'proposed' : i % 20 === 1 ? 'done' : i % 7 === 0 ? 'in-progress' : 'ready';
      const ranked = status === 'ready' || status === 'in-progress';
      insert.run(
        i,
        `Item ${i}`,
        scale[i % scale.length],
        `Shoppers in segment ${i} abandon their carts without it`,
        i % 2 ? 'G1' : 'G2',
        status,
        ranked ? ranks[i - 1] : null,
        OWNER,
        now,
        now,
      );
    }
  })();
  db.close();

  const check = ordo('check', '--json');
  const report = JSON.parse(check.stdout);
  const checkMs = time(() => ordo('check', '--json'));
  const scanScript = `
    const Database = (await import('better-sqlite3')).default;
    const db = new Database(${JSON.stringify(join(dir, '.ordo', 'backlog.db'))}, { readonly: true });
    const rows = db.prepare('SELECT * FROM items ORDER BY rank').all();
    if (rows.length !== ${COUNT}) process.exit(1);`;
  const scanMs = time(() => {
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', scanScript], { cwd: resolve(import.meta.dirname, '..'), encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`scan failed: ${r.stderr}`);
  });

  const startMs = time(() => ordo('--version'));
  console.log(`items                              ${COUNT}, ${report.summary.items} checked (ok: ${report.ok}, violations: ${report.violations.length})`);
  console.log(`ordo check --json                  ${show(checkMs)}`);
  console.log(`SELECT * FROM items ORDER BY rank  ${show(scanMs)}`);
  console.log(`ordo --version (startup alone)     ${show(startMs)}`);
  console.log(`check / scan                       ${(checkMs.wall / scanMs.wall).toFixed(2)}x wall${checkMs.cpu && scanMs.cpu ? `, ${(checkMs.cpu / scanMs.cpu).toFixed(2)}x cpu` : ''}  (median of ${RUNS} fresh processes each)`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
