// One worker of the concurrency test: runs `count` ordo commands one after another through
// the built binary, as one person in one role, and logs every command and its outcome as a
// JSON line. The test starts several of these at once against the same backlog.
// Usage: node concurrency-worker.mjs '<json: {bin, dir, home, user, role, count, seed, keys, log}>'
import { spawnSync } from 'node:child_process';
import { appendFileSync, writeFileSync } from 'node:fs';

const cfg = JSON.parse(process.argv[2]);
let s = cfg.seed >>> 0 || 1;
const random = () => {
  s ^= s << 13;
  s ^= s >>> 17;
  s ^= s << 5;
  return (s >>> 0) / 0x1_0000_0000;
};
const pick = (list) => list[Math.floor(random() * list.length)];
const known = new Set(cfg.keys);
const mine = [];
/** Ready keys from the worker's last `ordo next`, and items it started: what a developer would pick. */
let ready = [];
const started = [];
/** Mostly a key the worker has seen; sometimes one that may not exist yet. */
const key = () => (random() < 0.9 && known.size > 0 ? pick([...known]) : `ORD-${1 + Math.floor(random() * (known.size + 40))}`);
const why = () => `Shoppers asked for this ${Math.floor(random() * 1000)} times`;
const add = (extra = []) => ['add', `Work from ${cfg.user} ${Math.floor(random() * 1e6)}`, '--value', pick(['1', '3', '8', '13']), '--why', why(), '--goal', 'G1', ...extra];

const COMMANDS = {
  po: [
    [5, () => ['move', key(), ...pick([['--top'], ['--bottom'], ['--before', key()], ['--after', key()], ['--to', String(1 + Math.floor(random() * 20))], ['--up', String(1 + Math.floor(random() * 5))], ['--down'], ['--up']])]],
    [2, () => ['triage', key(), '--accept', ...(random() < 0.5 ? ['--at', pick(['top', 'bottom', '3', `before:${key()}`, `after:${key()}`])] : [])]],
    [1, () => ['triage', key(), '--reject', '--reason', 'Covered elsewhere']],
    [1, () => ['accept', key()]],
    [1, () => ['reject', key(), '--reason', 'Fails on Safari']],
    [1, () => ['drop', key(), '--reason', 'Superseded']],
    [1, () => ['edit', key(), '--value', pick(['2', '5', '21'])]],
    [1, () => add(random() < 0.5 ? ['--at', pick(['top', '2'])] : [])],
  ],
  developer: [
    [4, () => ['start', ready.length > 0 && random() < 0.8 ? pick(ready) : key()]],
    [4, () => ['done', started.length > 0 && random() < 0.8 ? started.shift() : key()]],
    [2, () => add()],
    [2, () => ['next', '5']],
    [1, () => ['show', key()]],
    [1, () => ['edit', mine.length > 0 && random() < 0.8 ? pick(mine) : key(), '--why', why()]],
  ],
  stakeholder: [
    [4, () => add()],
    [2, () => ['edit', mine.length > 0 && random() < 0.7 ? pick(mine) : key(), '--title', `Renamed by ${cfg.user}`]],
    [1, () => ['move', key(), '--top']],
    [1, () => ['start', key()]],
    [1, () => ['list', '--limit', '5']],
  ],
};

const table = COMMANDS[cfg.role];
const total = table.reduce((n, [w]) => n + w, 0);
function nextCommand() {
  let r = random() * total;
  for (const [w, make] of table) if ((r -= w) < 0) return make();
  return table[0][1]();
}

writeFileSync(cfg.log, '');
const env = { PATH: process.env.PATH ?? '', HOME: cfg.home, NO_COLOR: '1', ORDO_USER: cfg.user, LANG: 'C.UTF-8' };
for (let i = 0; i < cfg.count; i++) {
  const args = nextCommand();
  const r = spawnSync(process.execPath, [cfg.bin, ...args, '--json'], { cwd: cfg.dir, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  let out = null;
  let err = null;
  try {
    out = r.stdout ? JSON.parse(r.stdout) : null;
  } catch {}
  try {
    err = r.stderr ? JSON.parse(r.stderr.trim().split('\n').pop()) : null;
  } catch {}
  if (r.status === 0) {
    for (const it of [out?.item, ...(out?.items ?? [])]) if (it?.key) known.add(it.key);
    if (args[0] === 'add' && out?.proposed) mine.push(out.item.key);
    if (args[0] === 'next') ready = out.items.map((it) => it.key);
    if (args[0] === 'start') started.push(out.item.key);
  }
  appendFileSync(cfg.log, `${JSON.stringify({ i, user: cfg.user, args, code: r.status, signal: r.signal, out, err, stderr: err ? undefined : r.stderr })}\n`);
}
