// W7 baseline: the least a check can do: read every item once in order.
import Database from 'better-sqlite3';

const db = new Database(process.argv[2], { readonly: true });
let n = 0;
for (const row of db.prepare('SELECT * FROM items ORDER BY rank').iterate()) if (row.number > 0) n++;
db.close();
if (n === 0) process.exitCode = 1;
