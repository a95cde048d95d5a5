/** Status changes: start, done, accept, reject, drop, and triage of proposals. */
import { assertTransition, TRANSITIONS, type Transition } from '../core/lifecycle.js';
import { validateReason } from '../core/item-fields.js';
import { parseAt } from '../core/ranking.js';
import { requirePermission } from '../core/roles.js';
import type { Item, ItemStatus, PlacedItem } from '../core/types.js';
import { UsageError } from '../errors.js';
import { formatKey, place, placeInOrder, requireItem, writeBacklog } from './backlog.js';
import type { Context } from './context.js';

export interface TransitionInput {
  key: string;
  reason?: string;
  /** triage only: where the accepted item enters the order. */
  at?: string;
}

export interface TransitionResult {
  item: PlacedItem;
  transition: { from: ItemStatus; to: ItemStatus };
}

const REASON_REQUIRED: Partial<Record<Transition, boolean>> = { drop: true };

export async function changeStatus(transition: Transition, input: TransitionInput, ctx: Context): Promise<TransitionResult> {
  const config = await ctx.config();
  const rule = TRANSITIONS[transition];
  const reason = validateReason(input.reason, REASON_REQUIRED[transition] ?? false, rule.verb);
  const placement = input.at === undefined ? { kind: 'bottom' as const } : parseAt(input.at);
  requirePermission(rule.action, ctx.identity(), config, `${rule.verb} items`);
  return writeBacklog(ctx, transition, (w) => {
    const item = requireItem(w, input.key);
    const key = formatKey(config, item.number);
    const to = assertTransition(transition, item.status, key);
    const patch: Partial<Item> = { status: to, updatedAt: w.at };
    if (to === 'in-progress') patch.startedAt = w.at;
    if (to === 'done') patch.doneAt = w.at;
    if (to === 'accepted' || to === 'rejected' || to === 'dropped') patch.closedAt = w.at;
    if (reason !== null) patch.reason = reason;
    let position: number | null = null;
    if (to === 'ready') {
      w.store.items.update(item.number, patch);
      position = placeInOrder(w, { ...item, ...patch }, placement);
    } else {
      if (to === 'done' || to === 'accepted' || to === 'rejected' || to === 'dropped') patch.rank = null;
      w.store.items.update(item.number, patch);
    }
    w.record(transition, { item: item.number }, { from: item.status, to, ...(reason ? { reason } : {}), ...(position ? { position } : {}) });
    return { item: place(w, w.store.items.get(item.number)!), transition: { from: item.status, to } };
  });
}

export interface TriageInput {
  key: string;
  accept?: boolean;
  reject?: boolean;
  reason?: string;
  at?: string;
}

/** `ordo triage KEY --accept|--reject`: the Product Owner decides one proposal. */
export async function triageItem(input: TriageInput, ctx: Context): Promise<TransitionResult> {
  if (Boolean(input.accept) === Boolean(input.reject)) {
    throw new UsageError('Say what to do with the proposal: --accept or --reject.', `For example: ordo triage ${input.key} --accept --at top`);
  }
  if (input.accept) {
    if (input.reason !== undefined) throw new UsageError('--reason goes with --reject, not --accept.', `Accept with: ordo triage ${input.key} --accept [--at top]`);
    return changeStatus('triage', input, ctx);
  }
  if (input.at !== undefined) throw new UsageError('--at goes with --accept, not --reject.', `Reject with: ordo triage ${input.key} --reject --reason TEXT`);
  const config = await ctx.config();
  const reason = validateReason(input.reason, true, 'reject');
  requirePermission('decide', ctx.identity(), config, 'reject proposals');
  return writeBacklog(ctx, 'triage', (w) => {
    const item = requireItem(w, input.key);
    const key = formatKey(config, item.number);
    if (item.status !== 'proposed') assertTransition('triage', item.status, key);
    w.store.items.update(item.number, { status: 'rejected', closedAt: w.at, updatedAt: w.at, reason });
    w.record('reject', { item: item.number }, { from: item.status, to: 'rejected', reason });
    return { item: place(w, w.store.items.get(item.number)!), transition: { from: item.status, to: 'rejected' } };
  });
}
