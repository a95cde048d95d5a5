/**
 * Versioned JSON envelopes: `{schemaVersion, kind, ...}`. Scripts depend on these
 * shapes, so they are built here from domain types, never from database rows.
 */
import type { ProposalView } from '../commands/proposals.js';
import type { Goal, PlacedItem } from '../core/types.js';
import type { AuditEvent } from '../store/events.js';

export const SCHEMA_VERSION = 1;

export function envelope(kind: string, body: Record<string, unknown>): string {
  return JSON.stringify({ schemaVersion: SCHEMA_VERSION, kind, ...body });
}

export function itemJson(item: PlacedItem) {
  return {
    key: item.key,
    position: item.position,
    title: item.title,
    type: item.type,
    status: item.status,
    value: item.value,
    rationale: item.rationale,
    goal: item.goal,
    estimate: item.estimate,
    description: item.description,
    createdBy: item.createdBy,
    createdAt: item.createdAt,
    updatedAt: item.updatedAt,
    startedAt: item.startedAt,
    doneAt: item.doneAt,
    closedAt: item.closedAt,
    reason: item.reason,
  };
}

export function goalJson(goal: Goal & { items?: { ranked: number; total: number } }) {
  return {
    id: goal.id,
    title: goal.title,
    description: goal.description,
    horizon: goal.horizon,
    metric: goal.metric,
    status: goal.status,
    createdAt: goal.createdAt,
    updatedAt: goal.updatedAt,
    ...(goal.items ? { items: goal.items } : {}),
  };
}

export function eventJson(event: AuditEvent, formatKey: (n: number) => string) {
  return {
    at: event.at,
    actor: event.actor,
    source: event.source,
    command: event.command,
    action: event.action,
    item: event.item === null ? null : formatKey(event.item),
    goal: event.goal,
    details: event.details,
  };
}

export function proposalJson(p: ProposalView) {
  return {
    id: p.ref,
    item: p.item.key,
    title: p.item.title,
    position: p.item.position,
    placement: p.placement,
    anchor: p.anchor,
    why: p.why,
    proposedBy: p.proposedBy,
    createdAt: p.createdAt,
    status: p.status,
    decidedBy: p.decidedBy,
    decidedAt: p.decidedAt,
    reason: p.reason,
  };
}
