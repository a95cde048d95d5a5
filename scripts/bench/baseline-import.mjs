// W2 baseline: the least a JSON import can do: read and parse the file, insert the same goals and
// rows into the backlog database in one transaction. Like any bulk load into this schema (and
// like `ordo import`), it pauses the triggers that keep the search index and the order's
// statistics row by row, and rebuilds both in one pass at the end, restoring the triggers as the
// database had them.
import { readFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { INSERT_ITEM } from './columns.mjs';
import { RECOUNT_ORDER_SQL } from './.build/bench-api.js';

const [dbFile, rowsFile] = process.argv.slice(2);
const { goals, items } = JSON.parse(readFileSync(rowsFile, 'utf8'));
const db = new Database(dbFile);
const goal = db.prepare('INSERT INTO goals (id, title, horizon, status, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)');
const item = db.prepare(INSERT_ITEM);
db.transaction(() => {
  // The triggers on items that write to the full-text index (items_fts) or the order's statistics, as the schema holds them.
  const triggers = db.prepare("SELECT name, sql FROM sqlite_schema WHERE type = 'trigger' AND tbl_name = 'items' AND (sql LIKE '%items_fts%' OR sql LIKE '%order_stats%')").all();
  for (const t of triggers) db.exec(`DROP TRIGGER "${t.name}"`);
  for (const g of goals) goal.run(g, `Goal ${g}`, '2026-Q4', 'active', '2026-01-05T09:00:00.000Z', '2026-01-05T09:00:00.000Z');
  for (const row of items) item.run(row);
  for (const t of triggers) db.exec(t.sql);
  db.exec("INSERT INTO items_fts(items_fts) VALUES ('rebuild')");
  db.exec(RECOUNT_ORDER_SQL);
})();
db.close();
