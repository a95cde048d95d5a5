/** Move proposals in SQLite. */
import type { MoveProposal, ProposalStatus } from '../core/types.js';
import type { Statements } from './store.js';

interface ProposalRow {
  id: number;
  item: number;
  placement: string;
  anchor: number | null;
  why: string;
  proposed_by: string;
  created_at: string;
  status: string;
  decided_by: string | null;
  decided_at: string | null;
  reason: string | null;
}

function toProposal(r: ProposalRow): MoveProposal {
  return {
    id: r.id,
    item: r.item,
    placement: r.placement as MoveProposal['placement'],
    anchor: r.anchor,
    why: r.why,
    proposedBy: r.proposed_by,
    createdAt: r.created_at,
    status: r.status as ProposalStatus,
    decidedBy: r.decided_by,
    decidedAt: r.decided_at,
    reason: r.reason,
  };
}

export class ProposalRepo {
  constructor(private readonly sql: Statements) {}

  clear(): void {
    this.sql.get('DELETE FROM move_proposals').run();
  }

  insert(p: Omit<MoveProposal, 'id' | 'status' | 'decidedBy' | 'decidedAt' | 'reason'>): number {
    const info = this.sql
      .get('INSERT INTO move_proposals (item, placement, anchor, why, proposed_by, created_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(p.item, p.placement, p.anchor, p.why, p.proposedBy, p.createdAt);
    return Number(info.lastInsertRowid);
  }

  /** Every proposal, oldest first. */
  all(): MoveProposal[] {
    return (this.sql.get('SELECT * FROM move_proposals ORDER BY id').all() as ProposalRow[]).map(toProposal);
  }

  /** Inserts a proposal as it stands, decision included (import, merge). */
  insertExact(p: Omit<MoveProposal, 'id'>): void {
    this.sql
      .get('INSERT INTO move_proposals (item, placement, anchor, why, proposed_by, created_at, status, decided_by, decided_at, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)')
      .run(p.item, p.placement, p.anchor, p.why, p.proposedBy, p.createdAt, p.status, p.decidedBy, p.decidedAt, p.reason);
  }

  get(id: number): MoveProposal | undefined {
    const row = this.sql.get('SELECT * FROM move_proposals WHERE id = ?').get(id) as ProposalRow | undefined;
    return row && toProposal(row);
  }

  /** Pending proposals, oldest first. */
  pending(): MoveProposal[] {
    return (this.sql.get("SELECT * FROM move_proposals WHERE status = 'pending' ORDER BY id").all() as ProposalRow[]).map(toProposal);
  }

  decide(id: number, decision: { status: Exclude<ProposalStatus, 'pending'>; decidedBy: string; decidedAt: string; reason: string | null }): void {
    this.sql
      .get('UPDATE move_proposals SET status = ?, decided_by = ?, decided_at = ?, reason = ? WHERE id = ?')
      .run(decision.status, decision.decidedBy, decision.decidedAt, decision.reason, id);
  }
}
