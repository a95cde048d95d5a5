import { generateBacklog, OWNER } from './bench/generate.mjs';
import Database from 'better-sqlite3';
const env = { PATH: process.env.PATH, HOME: '/tmp', NO_COLOR: '1', ORDO_USER: OWNER };
const b = generateBacklog('/work/wt-bench/bin/ordo.js', 10000, env);
const db = new Database(b.dir + '/.ordo/backlog.db');
const q = (s) => db.prepare(s);
const all = q('SELECT * FROM items WHERE number = ?'), narrow = q('SELECT number, status, rank FROM items WHERE number = ?'), one = q('SELECT rank FROM items WHERE number = ?').pluck();
const ranks = b.order.map((n) => all.get(n).rank);
const before = q('SELECT number, rank FROM items WHERE rank IS NOT NULL AND rank < ? AND number != ? ORDER BY rank DESC LIMIT ?');
const before1 = q('SELECT rank FROM items WHERE rank IS NOT NULL AND rank < ? ORDER BY rank DESC LIMIT 1').pluck();
const up = q('UPDATE items SET rank = ? WHERE number = ?');
const T = (label, fn) => { const t = performance.now(); for (let i = 0; i < 20000; i++) fn(i); console.log(label.padEnd(10), ((performance.now() - t) / 20).toFixed(2), 'us'); };
db.exec('BEGIN IMMEDIATE');
for (let k = 0; k < 2; k++) {
T('all', (i) => all.get(b.order[(i * 7919) % b.order.length]));
T('narrow', (i) => narrow.get(b.order[(i * 7919) % b.order.length]));
T('pluck', (i) => one.get(b.order[(i * 7919) % b.order.length]));
T('before', (i) => before.all(ranks[(i * 7919) % ranks.length], 1, 1));
T('before1', (i) => before1.get(ranks[(i * 7919) % ranks.length]));
T('update', (i) => up.run(ranks[(i * 7919) % ranks.length] + 'V', b.order[(i * 7919) % b.order.length]));
}
db.exec('ROLLBACK');
