/**
 * Versioned JSON envelopes: `{schemaVersion, kind, ...}`. Scripts depend on these
 * shapes, so they are built here from domain types, never from database rows.
 */
import type { ProposalView } from '../commands/proposals.js';
import type { Goal, PlacedItem } from '../core/types.js';
import type { AuditEvent } from '../store/events.js';

export const SCHEMA_VERSION = 1;

// JSON.stringify escapes C0 controls but leaves DEL, C1 controls (0x9b is a CSI on some
// terminals) and bidi overrides raw; \u escapes keep the text exact for parsers and inert on a terminal.
const RAW_IN_JSON = /[\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/** JSON text that is safe to print to a terminal and parses back to exactly `value`. */
export function jsonText(value: unknown): string {
  return JSON.stringify(value).replace(RAW_IN_JSON, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export function envelope(kind: string, body: Record<string, unknown>): string {
  return jsonText({ schemaVersion: SCHEMA_VERSION, kind, ...body });
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
    labels: item.labels,
    dependsOn: item.dependsOn.map((n) => siblingKey(item.key, n)),
    ...(item.blockedBy ? { blockedBy: item.blockedBy.map((n) => siblingKey(item.key, n)) } : {}),
  };
}

/** The key of another item, with the prefix of this item's key. */
function siblingKey(key: string, number: number): string {
  return `${key.slice(0, key.lastIndexOf('-'))}-${number}`;
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
