/** What shell completion offers, read with one query each: open items and active goals. */
import type { Db } from './database.js';

/** Item numbers and titles of open items (in the order first, then the intake and work in progress). */
export function openItemTitles(db: Db): { number: number; title: string }[] {
  return db
    .prepare(`SELECT number, title FROM items WHERE status IN ('proposed', 'ready', 'in-progress', 'done') ORDER BY rank IS NULL, rank, number`)
    .all() as { number: number; title: string }[];
}

export function activeGoalTitles(db: Db): { id: string; title: string }[] {
  return db.prepare(`SELECT id, title FROM goals WHERE status = 'active' ORDER BY id`).all() as { id: string; title: string }[];
}
