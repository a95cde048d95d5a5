#!/usr/bin/env node
// Loads the Acme Checkout sample backlog into a directory by running the real ordo
// commands each person would have run, on the dates in seed.json (ORDO_NOW).
// Usage: node examples/acme/load.mjs <empty-dir>
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const bin = resolve(here, '../../bin/ordo.js');
const seed = JSON.parse(readFileSync(join(here, 'seed.json'), 'utf8'));
const OWNER = 'alice@acme.example';
const DEV = 'carol@acme.example';

export function loadAcme(dir) {
  mkdirSync(dir, { recursive: true });
  copyFileSync(join(here, 'ordo.yml'), join(dir, 'ordo.yml'));
  const ordo = (user, date, ...args) => {
    const r = spawnSync(process.execPath, [bin, '--json', ...args], {
      cwd: dir,
      env: { ...process.env, ORDO_USER: user, ORDO_NOW: `${date}T09:00:00Z`, NO_COLOR: '1' },
      encoding: 'utf8',
    });
    if (r.status !== 0) throw new Error(`ordo ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
    return r.stdout ? JSON.parse(r.stdout) : null;
  };

  ordo(OWNER, '2026-09-01', 'init');
  for (const g of seed.goals) {
    ordo('bob@acme.example', '2026-09-01', 'goal', 'add', g.id, g.title, '--horizon', g.horizon, '--metric', g.metric, '--desc', g.description);
  }

  // The order the Product Owner wants, as listed in seed.json.
  const ranked = seed.items.filter((i) => i.status === 'ready' || i.status === 'in-progress');
  const placed = []; // [desired index, key] of ranked items already in the order
  const placeFor = (item) => {
    const want = ranked.indexOf(item);
    const below = placed.filter(([i]) => i > want).sort((a, b) => a[0] - b[0])[0];
    return below ? `before:${below[1]}` : 'bottom';
  };

  const byDate = [...seed.items].sort((a, b) => a.created.localeCompare(b.created));
  for (const item of byDate) {
    const fields = ['--value', String(item.value), '--why', item.why, '--goal', item.goal, '--type', item.type, '--desc', item.desc];
    if (item.estimate !== undefined) fields.push('--estimate', String(item.estimate));
    const enters = item.status !== 'proposed' && item.status !== 'rejected';
    const at = ranked.includes(item) ? placeFor(item) : 'bottom';
    let key;
    if (item.by === OWNER) {
      key = ordo(OWNER, item.created, 'add', item.title, ...fields, '--at', at).item.key;
    } else {
      key = ordo(item.by, item.created, 'add', item.title, ...fields).item.key;
      if (enters && item.status !== 'dropped') ordo(OWNER, item.created, 'triage', key, '--accept', '--at', at);
    }
    if (ranked.includes(item)) placed.push([ranked.indexOf(item), key]);
    if (item.started) ordo(DEV, item.started, 'start', key);
    if (item.done) ordo(DEV, item.done, 'done', key);
    if (item.status === 'accepted') ordo(OWNER, item.closed, 'accept', key);
    if (item.status === 'rejected') ordo(OWNER, item.closed, 'triage', key, '--reject', '--reason', item.reason);
    if (item.status === 'dropped') ordo(OWNER, item.closed, 'drop', key, '--reason', item.reason);
  }
  return dir;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const dir = process.argv[2];
  if (!dir) {
    console.error('usage: node examples/acme/load.mjs <empty-dir>');
    process.exit(2);
  }
  loadAcme(resolve(dir));
  console.log(`Loaded the Acme Checkout backlog into ${resolve(dir)}`);
}
