/**
 * The audit trail: one row per change, appended in the command's transaction. Rows are
 * never updated or deleted; each carries a hash chained over the previous row's hash
 * and its own content (core/audit.ts), so anything that appends through here is chained.
 */
import { chainHash, type ChainedEvent, type EventContent } from '../core/audit.js';
import type { OwnerRecord } from '../core/check.js';
import type { Statements } from './store.js';

export interface AuditEvent extends EventContent {
  id: number;
  hash: string | null;
}

type EventRow = Omit<AuditEvent, 'details'> & { details: string };

function toEvent(r: EventRow): AuditEvent {
  let details: Record<string, unknown>;
  try {
    details = JSON.parse(r.details) as Record<string, unknown>;
  } catch {
    // A hand-edited row: keep the text so the chain check reports it instead of crashing.
    details = { unreadable: r.details };
  }
  return { ...r, hash: r.hash ?? null, details };
}

export interface EventFilter {
  item?: number;
  actor?: string;
  since?: string;
  /** The newest n events (still returned oldest first). */
  limit?: number;
}

export class EventRepo {
  constructor(private readonly sql: Statements) {}

  /** Appends one event chained onto the last; returns its hash. */
  append(event: Omit<AuditEvent, 'id' | 'hash'>): string {
    // Hash the details as they will read back from the JSON text, so the check sees the same bytes.
    const text = JSON.stringify(event.details);
    const details = JSON.parse(text) as Record<string, unknown>;
    const hash = chainHash(this.head(), { ...event, details });
    this.sql
      .get('INSERT INTO events (at, actor, source, command, action, item, goal, details, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)')
      .run(event.at, event.actor, event.source, event.command, event.action, event.item, event.goal, text, hash);
    return hash;
  }

  /** The latest event that carries a signature (core/decisions.ts). */
  latestSigned(): AuditEvent | undefined {
    const row = this.sql.get("SELECT * FROM events WHERE details LIKE '%\"sig\":%' ORDER BY id DESC LIMIT 1").get() as EventRow | undefined;
    return row && toEvent(row);
  }

  /** The hash of the latest event; null for an empty trail. */
  head(): string | null {
    const row = this.sql.get('SELECT hash FROM events ORDER BY id DESC LIMIT 1').get() as { hash: string | null } | undefined;
    return row?.hash ?? null;
  }

  count(): number {
    return (this.sql.get('SELECT COUNT(*) AS n FROM events').get() as { n: number }).n;
  }

  /** The whole trail, oldest first, without local ids. */
  *all(): Generator<Omit<AuditEvent, 'id'>> {
    for (const r of this.sql.get('SELECT at, actor, source, command, action, item, goal, details FROM events ORDER BY id').iterate()) {
      const row = r as Omit<AuditEvent, 'id' | 'details'> & { details: string };
      yield { ...row, details: JSON.parse(row.details) as Record<string, unknown> };
    }
  }

  clear(): void {
    this.sql.get('DELETE FROM events').run();
  }

  forItem(number: number, limit: number): AuditEvent[] {
    const rows = this.sql.get('SELECT * FROM events WHERE item = ? ORDER BY id DESC LIMIT ?').all(number, limit) as EventRow[];
    return rows.reverse().map(toEvent);
  }

  /** Events matching the filter, oldest first. */
  find(filter: EventFilter): AuditEvent[] {
    const where: string[] = [];
    const args: unknown[] = [];
    if (filter.item !== undefined) {
      where.push('item = ?');
      args.push(filter.item);
    }
    if (filter.actor !== undefined) {
      where.push('actor = ? COLLATE NOCASE');
      args.push(filter.actor);
    }
    if (filter.since !== undefined) {
      where.push('at >= ?');
      args.push(filter.since);
    }
    const sql = `SELECT * FROM events${where.length > 0 ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC${filter.limit !== undefined ? ' LIMIT ?' : ''}`;
    if (filter.limit !== undefined) args.push(filter.limit);
    return (this.sql.get(sql).all(...args) as EventRow[]).reverse().map(toEvent);
  }

  /** The whole trail in id order, for verifying the chain. */
  chain(): ChainedEvent[] {
    return (this.sql.get('SELECT * FROM events ORDER BY id').all() as EventRow[]).map(toEvent);
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
