import Database from 'better-sqlite3';
import { generateBacklog, OWNER } from './bench/generate.mjs';
const b = generateBacklog('/work/wt-bench/bin/ordo.js', 2000, { PATH: process.env.PATH, HOME: '/tmp', ORDO_USER: OWNER });
const db = new Database(b.dir + '/.ordo/backlog.db');
for (const sql of [
  'SELECT number, rank FROM items WHERE rank IS NOT NULL AND rank < ? AND number != ? ORDER BY rank DESC LIMIT ?',
  'SELECT rank FROM items WHERE rank IS NOT NULL AND rank < ? ORDER BY rank DESC LIMIT 1',
  'SELECT number, rank FROM items WHERE rank IS NOT NULL AND rank >= ? AND number != ? ORDER BY rank LIMIT ?',
  'SELECT number, rank FROM items WHERE rank IS NOT NULL AND rank > ? AND number != ? ORDER BY rank LIMIT 1',
  'SELECT * FROM items WHERE rank IS NOT NULL ORDER BY rank',
  'SELECT COUNT(*) AS n FROM items WHERE rank IS NOT NULL AND rank < ?',
  'SELECT number, rank FROM items WHERE rank IS NOT NULL AND number != ? ORDER BY rank LIMIT 1 OFFSET ?',
]) console.log(sql, '\n   ', db.prepare('EXPLAIN QUERY PLAN ' + sql).all(...Array(sql.split('?').length - 1).fill('a')).map((r) => r.detail).join(' | '));
