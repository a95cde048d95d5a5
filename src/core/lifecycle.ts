/**
 * Item lifecycle (DESIGN.md section 2):
 * proposed → ready → in-progress → done → accepted, with the side exits
 * rejected (a proposal declined) and dropped (removed by the Product Owner). Rejected delivered
 * work returns to the order, and any closed item can be reopened into it.
 */
import { ConflictError } from '../errors.js';
import type { Action } from './roles.js';
import type { ItemStatus } from './types.js';

export type Transition = 'triage' | 'start' | 'done' | 'accept' | 'reject' | 'drop' | 'reopen';

interface Rule {
  from: readonly ItemStatus[];
  to: ItemStatus;
  action: Action;
  /** What the user is trying to do, for messages: "start ORD-3". */
  verb: string;
}

export const TRANSITIONS: Record<Transition, Rule> = {
  triage: { from: ['proposed'], to: 'ready', action: 'order', verb: 'accept into the order' },
  start: { from: ['ready'], to: 'in-progress', action: 'work', verb: 'start' },
  done: { from: ['in-progress'], to: 'done', action: 'work', verb: 'finish' },
  accept: { from: ['done'], to: 'accepted', action: 'decide', verb: 'accept' },
  reject: { from: ['proposed', 'done'], to: 'rejected', action: 'decide', verb: 'reject' },
  drop: { from: ['proposed', 'ready', 'in-progress'], to: 'dropped', action: 'decide', verb: 'drop' },
  reopen: { from: ['accepted', 'rejected', 'dropped'], to: 'ready', action: 'order', verb: 'reopen' },
};

/**
 * Where a transition leads when it depends on where it starts: delivered work the Product
 * Owner rejects goes back into the order (Scrum: undone work returns to the Product Backlog).
 */
const LEADS_TO: Partial<Record<Transition, Partial<Record<ItemStatus, ItemStatus>>>> = { reject: { done: 'ready' } };

/** Statuses whose items hold a place in the order. */
export const RANKED_STATUSES: readonly ItemStatus[] = ['ready', 'in-progress'];
export const FINISHED_STATUSES: readonly ItemStatus[] = ['done', 'accepted', 'rejected', 'dropped'];

export function isRanked(status: ItemStatus): boolean {
  return RANKED_STATUSES.includes(status);
}

const NEXT_STEP: Record<ItemStatus, string> = {
  proposed: 'it waits in the intake: the Product Owner accepts it with `ordo triage KEY --accept` or rejects it',
  ready: 'start it with `ordo start KEY`',
  'in-progress': 'finish it with `ordo done KEY`',
  done: 'the Product Owner accepts it with `ordo accept KEY` or rejects it with `ordo reject KEY`',
  accepted: 'it is finished; the Product Owner can bring it back into the order with `ordo reopen KEY`',
  rejected: 'it is closed; the Product Owner can bring it back into the order with `ordo reopen KEY`',
  dropped: 'it is closed; the Product Owner can bring it back into the order with `ordo reopen KEY`',
};

/** Throws a conflict (exit 5) unless the transition is allowed from the current status. */
export function assertTransition(transition: Transition, status: ItemStatus, key: string): ItemStatus {
  const rule = TRANSITIONS[transition];
  if (rule.from.includes(status)) return LEADS_TO[transition]?.[status] ?? rule.to;
  const allowed = rule.from.join(' or ');
  throw new ConflictError(
    'INVALID_TRANSITION',
    `Cannot ${rule.verb} ${key}: it is ${status}, and only ${allowed} items can be.`,
    NEXT_STEP[status].replaceAll('KEY', key),
  );
}
