/** What shell completion offers, read with one query each: open items and active goals. */
import type { Db } from './database.js';

/**
 * Numbers and titles of open items whose number starts with `digits` (in the order first, then
 * the intake and work in progress), at most `limit`: a menu of 100,000 keys helps nobody.
 */
export function openItemTitles(db: Db, digits: string, limit: number): { number: number; title: string }[] {
  type Row = { number: number; title: string };
  // Two queries, each walking an index (rank, then status and number): one ORDER BY over both would sort every row.
  const ranked = db.prepare(`SELECT number, title FROM items WHERE rank IS NOT NULL AND CAST(number AS TEXT) LIKE ? ORDER BY rank LIMIT ?`).all(`${digits}%`, limit) as Row[];
  if (ranked.length >= limit) return ranked;
  const rest = db
    .prepare(`SELECT number, title FROM items WHERE rank IS NULL AND status IN ('proposed', 'in-progress', 'done') AND CAST(number AS TEXT) LIKE ? ORDER BY number LIMIT ?`)
    .all(`${digits}%`, limit - ranked.length) as Row[];
  return [...ranked, ...rest];
}

export function activeGoalTitles(db: Db): { id: string; title: string }[] {
  return db.prepare(`SELECT id, title FROM goals WHERE status = 'active' ORDER BY id`).all() as { id: string; title: string }[];
}
