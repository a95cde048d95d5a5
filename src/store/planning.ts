/** Releases and sprints in SQLite: the Product Owner's plans. Item lists are stored as JSON arrays of numbers. */
import type { Release, ReleaseStatus, Sprint, SprintStatus } from '../core/types.js';
import type { Statements } from './store.js';

/** A list column (JSON array text) read back; anything unreadable reads as empty, never a crash. */
export function readList<T>(text: string | null | undefined, keep: (v: unknown) => v is T): T[] {
  if (!text) return [];
  try {
    const list = JSON.parse(text) as unknown;
    return Array.isArray(list) ? list.filter(keep) : [];
  } catch {
    return [];
  }
}

const numbers = (text: string) => readList(text, (n): n is number => Number.isInteger(n));

interface ReleaseRow {
  id: string;
  name: string;
  date: string;
  status: string;
  items: string;
  shipped_at: string | null;
  created_at: string;
  updated_at: string;
}

function toRelease(r: ReleaseRow): Release {
  return {
    id: r.id,
    name: r.name,
    date: r.date,
    status: r.status as ReleaseStatus,
    items: numbers(r.items),
    shippedAt: r.shipped_at,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export class ReleaseRepo {
  constructor(private readonly sql: Statements) {}

  /** Release ids compare case-insensitively. */
  get(id: string): Release | undefined {
    const row = this.sql.get('SELECT * FROM releases WHERE id = ?').get(id) as ReleaseRow | undefined;
    return row && toRelease(row);
  }

  list(): Release[] {
    return (this.sql.get('SELECT * FROM releases ORDER BY date, created_at, id').all() as ReleaseRow[]).map(toRelease);
  }

  /** Inserts or replaces the whole release. */
  put(r: Release): void {
    this.sql
      .get(
        `INSERT OR REPLACE INTO releases (id, name, date, status, items, shipped_at, created_at, updated_at)
         VALUES (@id, @name, @date, @status, @items, @shippedAt, @createdAt, @updatedAt)`,
      )
      .run({ ...r, items: JSON.stringify(r.items) });
  }

  clear(): void {
    this.sql.get('DELETE FROM releases').run();
  }
}

interface SprintRow {
  id: string;
  goal: string;
  status: string;
  start: string;
  end: string;
  capacity: number | null;
  items: string;
  goal_met: number | null;
  velocity: number | null;
  ended_at: string | null;
  created_at: string;
  updated_at: string;
}

function toSprint(r: SprintRow): Sprint {
  return {
    id: r.id,
    goal: r.goal,
    status: r.status as SprintStatus,
    start: r.start,
    end: r.end,
    capacity: r.capacity,
    items: numbers(r.items),
    goalMet: r.goal_met === null ? null : r.goal_met !== 0,
    velocity: r.velocity,
    endedAt: r.ended_at,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export class SprintRepo {
  constructor(private readonly sql: Statements) {}

  get(id: string): Sprint | undefined {
    const row = this.sql.get('SELECT * FROM sprints WHERE id = ?').get(id) as SprintRow | undefined;
    return row && toSprint(row);
  }

  /** Oldest first. */
  list(): Sprint[] {
    return (this.sql.get('SELECT * FROM sprints ORDER BY start, created_at, id').all() as SprintRow[]).map(toSprint);
  }

  active(): Sprint | undefined {
    const row = this.sql.get("SELECT * FROM sprints WHERE status = 'active' ORDER BY start DESC LIMIT 1").get() as SprintRow | undefined;
    return row && toSprint(row);
  }

  put(s: Sprint): void {
    this.sql
      .get(
        `INSERT OR REPLACE INTO sprints (id, goal, status, start, end, capacity, items, goal_met, velocity, ended_at, created_at, updated_at)
         VALUES (@id, @goal, @status, @start, @end, @capacity, @items, @goalMet, @velocity, @endedAt, @createdAt, @updatedAt)`,
      )
      .run({ ...s, items: JSON.stringify(s.items), goalMet: s.goalMet === null ? null : s.goalMet ? 1 : 0 });
  }

  clear(): void {
    this.sql.get('DELETE FROM sprints').run();
  }
}
