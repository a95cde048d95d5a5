/** Roadmap goals in SQLite. */
import type { Goal, GoalStatus } from '../core/types.js';
import type { Statements } from './store.js';

interface GoalRow {
  id: string;
  title: string;
  description: string | null;
  horizon: string | null;
  metric: string | null;
  status: string;
  created_at: string;
  updated_at: string;
}

function toGoal(r: GoalRow): Goal {
  return {
    id: r.id,
    title: r.title,
    description: r.description,
    horizon: r.horizon,
    metric: r.metric,
    status: r.status as GoalStatus,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export class GoalRepo {
  constructor(private readonly sql: Statements) {}

  /** Goal ids compare case-insensitively. */
  get(id: string): Goal | undefined {
    const row = this.sql.get('SELECT * FROM goals WHERE id = ?').get(id) as GoalRow | undefined;
    return row && toGoal(row);
  }

  list(): Goal[] {
    return (this.sql.get('SELECT * FROM goals ORDER BY horizon IS NULL, horizon, created_at, id').all() as GoalRow[]).map(toGoal);
  }

  insert(goal: Goal): void {
    this.sql
      .get(
        `INSERT INTO goals (id, title, description, horizon, metric, status, created_at, updated_at)
         VALUES (@id, @title, @description, @horizon, @metric, @status, @createdAt, @updatedAt)`,
      )
      .run(goal);
  }

  update(goal: Goal): void {
    this.sql
      .get(
        `UPDATE goals SET title = @title, description = @description, horizon = @horizon, metric = @metric,
         status = @status, updated_at = @updatedAt WHERE id = @id`,
      )
      .run(goal);
  }

  clear(): void {
    this.sql.get('DELETE FROM goals').run();
  }

  /** Items per goal id, by status, for goal listings. */
  itemCounts(): Map<string, { ranked: number; total: number }> {
    const rows = this.sql
      .get('SELECT goal, SUM(rank IS NOT NULL) AS ranked, COUNT(*) AS total FROM items WHERE goal IS NOT NULL GROUP BY goal COLLATE NOCASE')
      .all() as { goal: string; ranked: number; total: number }[];
    return new Map(rows.map((r) => [r.goal.toLowerCase(), { ranked: r.ranked, total: r.total }]));
  }
}
