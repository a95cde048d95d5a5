/** The audit trail: one row per change, appended in the command's transaction. */
import type { OwnerRecord } from '../core/check.js';
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

  forItem(number: number, limit: number): AuditEvent[] {
    const rows = this.sql.get('SELECT * FROM events WHERE item = ? ORDER BY id DESC LIMIT ?').all(number, limit) as (Omit<
      AuditEvent,
      'details'
    > & { details: string })[];
    return rows.reverse().map((r) => ({ ...r, details: JSON.parse(r.details) as Record<string, unknown> }));
  }

  /**
   * The owner established by the latest handover in the audit trail: `owner.set`
   * (ordo init, details.owner) or `owner.transfer` (details.to). Null when none is recorded.
   */
  latestOwnerChange(): OwnerRecord | null {
    const row = this.sql
      .get("SELECT at, actor, action, details FROM events WHERE action IN ('owner.set', 'owner.transfer') ORDER BY id DESC LIMIT 1")
      .get() as { at: string; actor: string; action: OwnerRecord['action']; details: string } | undefined;
    if (!row) return null;
    let details: Record<string, unknown>;
    try {
      details = JSON.parse(row.details) as Record<string, unknown>;
    } catch {
      return null;
    }
    const owner = row.action === 'owner.set' ? details.owner : details.to;
    return typeof owner === 'string' && owner.trim() !== '' ? { owner, action: row.action, at: row.at, actor: row.actor } : null;
  }
}
