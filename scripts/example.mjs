// Quick start: loads the bundled Acme Checkout backlog into a fresh temp directory
// and shows what ordo is for: the Product Owner's order, and what the team does next.
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadAcme } from '../examples/acme/load.mjs';

const dir = loadAcme(mkdtempSync(join(tmpdir(), 'ordo-acme-')));
const bin = resolve('bin/ordo.js');
const show = (title, user, ...args) => {
  console.log(`\n$ ordo ${args.join(' ')}   ${title}`);
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: dir, env: { ...process.env, ORDO_USER: user }, stdio: ['ignore', 'inherit', 'inherit'] });
  return r.status;
};
console.log(`Loaded the Acme Checkout example backlog into ${dir}`);
show('# the Product Owner\'s order', 'carol@acme.example', 'list');
show('# what the team works on next', 'carol@acme.example', 'next', '3');
show('# proposals waiting for the Product Owner', 'alice@acme.example', 'triage', '--list');
show('# the CI gate: does every item say what value it brings, why, and for which goal?', 'carol@acme.example', 'check');
const order = JSON.parse(spawnSync(process.execPath, [bin, 'list', '--json'], { cwd: dir, encoding: 'utf8' }).stdout).items;
const last = order[order.length - 1].key;
console.log(`\nTry it yourself, as the Product Owner: cd ${dir} && ORDO_USER=alice@acme.example ${bin} move ${last} --top`);
