/** Status changes: start, done, accept, reject, drop, and triage of proposals. */
import { assertTransition, isRanked, TRANSITIONS, type Transition } from '../core/lifecycle.js';
import { validateGoalRef, validateReason, validateValue } from '../core/item-fields.js';
import { parseAt, type Placement } from '../core/ranking.js';
import { requirePermission } from '../core/roles.js';
import type { Item, ItemStatus, PlacedItem } from '../core/types.js';
import { ConflictError, UsageError } from '../errors.js';
import { formatKey, place, placeInOrder, requireGoal, requireItem, writeBacklog } from './backlog.js';
import type { Context } from './context.js';
import { requireSigningKey } from './signing.js';
import type { Violation } from '../core/check.js';
import { enforceFieldRules } from './field-rules.js';
import type { Writer } from './backlog.js';

export interface TransitionInput {
  key: string;
  reason?: string;
  /** triage only: where the accepted item enters the order. */
  at?: string;
  /** triage only: a new business value and goal, written with the acceptance. */
  value?: string;
  goal?: string;
}

export interface TransitionResult {
  item: PlacedItem;
  transition: { from: ItemStatus; to: ItemStatus };
  /** Value rules at warn severity the item breaks as it enters the order (triage). */
  warnings?: Violation[];
}

const REASON_REQUIRED: Partial<Record<Transition, boolean>> = { drop: true };

export async function changeStatus(transition: Transition, input: TransitionInput, ctx: Context): Promise<TransitionResult> {
  const [result] = await changeStatuses(transition, { ...input, keys: [input.key] }, ctx);
  return result!;
}

/**
 * The same status change on several items (`ordo drop ORD-3 ORD-4 --reason …`) as one
 * transaction: every item changes, or — when any key is unknown or any item cannot
 * make the step — none does.
 */
export async function changeStatuses(transition: Transition, input: Omit<TransitionInput, 'key'> & { keys: readonly string[] }, ctx: Context): Promise<TransitionResult[]> {
  const config = await ctx.config();
  if (input.keys.length === 0) throw new UsageError('Name at least one item.', `For example: ordo ${transition} ORD-12`);
  const rule = TRANSITIONS[transition];
  const reason = validateReason(input.reason, REASON_REQUIRED[transition] ?? false, rule.verb);
  const placement = input.at === undefined ? { kind: 'bottom' as const } : parseAt(input.at);
  if ((input.value !== undefined || input.goal !== undefined) && transition !== 'triage') {
    throw new UsageError('A new value or goal can only be given when accepting a proposal.');
  }
  const value = input.value === undefined ? undefined : validateValue(input.value, config.scale);
  const goalRef = input.goal === undefined ? undefined : validateGoalRef(input.goal);
  requirePermission(rule.action, ctx.identity(), config, `${rule.verb} items`);
  // Only entering the order needs a signature; leaving it never does.
  if (rule.to === 'ready') requireSigningKey(ctx, config);
  return writeBacklog(ctx, transition, (w) => {
    const items = input.keys.map((k) => requireItem(w, k));
    const seen = new Set<number>();
    for (const item of items) {
      const key = formatKey(config, item.number);
      if (seen.has(item.number)) throw new UsageError(`${key} is named twice.`, 'Name each item once.');
      seen.add(item.number);
      assertTransition(transition, item.status, key);
    }
    return items.map((item) => applyTransition(w, transition, item, { reason, placement, value, goalRef }, ctx.now()));
  });
}

interface StepOptions {
  reason: string | null;
  placement: Placement;
  value: number | undefined;
  goalRef: string | undefined;
}

function applyTransition(w: Writer, transition: Transition, item: Item, { reason, placement, value, goalRef }: StepOptions, now: Date): TransitionResult {
  const key = formatKey(w.config, item.number);
  const to = assertTransition(transition, item.status, key);
  // Edits made while triaging are written with the acceptance: both or neither.
  const changes: Record<string, { from: unknown; to: unknown }> = {};
  if (value !== undefined && value !== item.value) changes.value = { from: item.value, to: value };
  if (goalRef !== undefined) {
    const goal = requireGoal(w, goalRef);
    if (goal.status !== 'active') throw new ConflictError('GOAL_NOT_ACTIVE', `Goal ${goal.id} is ${goal.status}; items can only serve an active goal.`, '`ordo goal list` shows the active goals.');
    if (goal.id !== item.goal) changes.goal = { from: item.goal, to: goal.id };
  }
  if (Object.keys(changes).length > 0) {
    w.store.items.update(item.number, { ...Object.fromEntries(Object.entries(changes).map(([f, c]) => [f, c.to])), updatedAt: w.at });
    w.record('edit', { item: item.number }, { changes });
  }
  const patch: Partial<Item> = { status: to, updatedAt: w.at };
  if (to === 'in-progress') patch.startedAt = w.at;
  if (to === 'done') patch.doneAt = w.at;
  if (to === 'accepted' || to === 'rejected' || to === 'dropped') patch.closedAt = w.at;
  if (reason !== null) patch.reason = reason;
  let position: number | null = null;
  // The position an item leaves the order from, for the audit trail.
  const left = item.rank !== null && !isRanked(to) ? w.store.items.positionOf(item.rank) : null;
  if (to === 'ready') {
    w.store.items.update(item.number, patch);
    position = placeInOrder(w, { ...item, ...patch }, placement);
  } else {
    if (to === 'done' || to === 'accepted' || to === 'rejected' || to === 'dropped') patch.rank = null;
    w.store.items.update(item.number, patch);
  }
  w.record(transition, { item: item.number }, {
    from: item.status,
    to,
    ...(reason ? { reason } : {}),
    ...(position ? { position } : {}),
    ...(left ? { left } : {}),
  });
  const after = w.store.items.get(item.number)!;
  // Entering the order is where CI starts to judge the item: the value rules apply here too.
  const warnings = transition === 'triage' ? enforceFieldRules(w, after, ['value-rationale', 'value-on-scale', 'goal-link', 'goal-active'], now) : [];
  return { item: place(w, after), transition: { from: item.status, to }, ...(warnings.length > 0 ? { warnings } : {}) };
}

export interface TriageInput {
  key: string;
  accept?: boolean;
  reject?: boolean;
  reason?: string;
  at?: string;
  value?: string;
  goal?: string;
}

/** `ordo triage KEY --accept|--reject`: the Product Owner decides one proposal. */
export async function triageItem(input: TriageInput, ctx: Context): Promise<TransitionResult> {
  if (Boolean(input.accept) === Boolean(input.reject)) {
    throw new UsageError('Say what to do with the proposal: --accept or --reject.', `For example: ordo triage ${input.key} --accept --at top`);
  }
  if (input.accept) {
    if (input.reason !== undefined) throw new UsageError('--reason goes with --reject, not --accept.', `Accept with: ordo triage ${input.key} --accept [--at top]`);
    return changeStatus('triage', { key: input.key, at: input.at, value: input.value, goal: input.goal }, ctx);
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
