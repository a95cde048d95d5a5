/** The audit trail: one row per change, appended in the command's transaction. */
import type { Statements } from './store.js';

export interface AuditEvent {
  id: number;
  at: string;
  actor: string;
  source: string;
  command: string;
  action: string;
  item: number | null;
  goal: string | null;
  details: Record<string, unknown>;
}

export class EventRepo {
  constructor(private readonly sql: Statements) {}

  append(event: Omit<AuditEvent, 'id'>): void {
    this.sql
      .get('INSERT INTO events (at, actor, source, command, action, item, goal, details) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
      .run(event.at, event.actor, event.source, event.command, event.action, event.item, event.goal, JSON.stringify(event.details));
  }

  /** The whole trail, oldest first, without local ids. */
  *all(): Generator<Omit<AuditEvent, 'id'>> {
    for (const r of this.sql.get('SELECT at, actor, source, command, action, item, goal, details FROM events ORDER BY id').iterate()) {
      const row = r as Omit<AuditEvent, 'id' | 'details'> & { details: string };
      yield { ...row, details: JSON.parse(row.details) as Record<string, unknown> };
    }
  }

  count(): number {
    return (this.sql.get('SELECT COUNT(*) AS n FROM events').get() as { n: number }).n;
  }

  clear(): void {
    this.sql.get('DELETE FROM events').run();
  }

  forItem(number: number, limit: number): AuditEvent[] {
    const rows = this.sql.get('SELECT * FROM events WHERE item = ? ORDER BY id DESC LIMIT ?').all(number, limit) as (Omit<
      AuditEvent,
      'details'
    > & { details: string })[];
    return rows.reverse().map((r) => ({ ...r, details: JSON.parse(r.details) as Record<string, unknown> }));
  }
}
