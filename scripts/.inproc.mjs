import { generateBacklog, OWNER } from './bench/generate.mjs';
import { openMoveSession } from '../dist/bench-api.js';
const env = { PATH: process.env.PATH, HOME: '/tmp', NO_COLOR: '1', ORDO_USER: OWNER };
const b = generateBacklog('/work/wt-bench/bin/ordo.js', 10000, env);
const s = await openMoveSession(b.dir);
const anchor = b.order[5000];
const movers = b.order.filter((n) => n !== anchor);
for (const mode of ['same', 'random', 'same', 'random']) {
  s.db.exec('BEGIN IMMEDIATE');
  const t = performance.now();
  for (let i = 0; i < 5000; i++) {
    if (mode === 'same') s.move(`ORD-${movers[i]}`, { kind: 'before', key: `ORD-${anchor}` });
    else { const a = movers[(i * 7919) % movers.length]; let c = movers[(i * 104729 + 1) % movers.length]; if (c === a) c = anchor; s.move(`ORD-${a}`, { kind: 'before', key: `ORD-${c}` }); }
  }
  console.log(mode, ((performance.now() - t) / 5000 * 1000).toFixed(1), 'us/move');
  s.db.exec('ROLLBACK');
}
const up = s.db.prepare('UPDATE items SET rank = ? WHERE number = ?');
s.db.exec('BEGIN IMMEDIATE');
let t = performance.now();
for (let i = 0; i < 5000; i++) up.run('zz' + i, movers[i]);
console.log('update', ((performance.now() - t) / 5000 * 1000).toFixed(1), 'us');
s.db.exec('ROLLBACK');
