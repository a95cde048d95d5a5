// W2 baseline: the least a JSON import can do: read and parse the file, insert the same goals and
// rows into the backlog database in one transaction.
import { readFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { INSERT_ITEM } from './columns.mjs';

const [dbFile, rowsFile] = process.argv.slice(2);
const { goals, items } = JSON.parse(readFileSync(rowsFile, 'utf8'));
const db = new Database(dbFile);
const goal = db.prepare('INSERT INTO goals (id, title, horizon, status, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)');
const item = db.prepare(INSERT_ITEM);
db.transaction(() => {
  for (const g of goals) goal.run(g, `Goal ${g}`, '2026-Q4', 'active', '2026-01-05T09:00:00.000Z', '2026-01-05T09:00:00.000Z');
  for (const row of items) item.run(row);
})();
db.close();
