/** Status changes: start, done, accept, reject, drop, reopen, and triage of proposals. */
import { assertTransition, isRanked, TRANSITIONS, type Transition } from '../core/lifecycle.js';
import { validateGoalRef, validateReason, validateValue } from '../core/item-fields.js';
import { parseAt, type Placement } from '../core/ranking.js';
import { requirePermission, sameIdentity } from '../core/roles.js';
import type { Item, ItemStatus, PlacedItem } from '../core/types.js';
import { ConflictError, UsageError } from '../errors.js';
import { formatKey, place, placeInOrder, requireGoal, requireItem, ensureSigningKey, writeBacklog, type Writer } from './backlog.js';
import type { Context } from './context.js';
import type { Violation } from '../core/check.js';
import { enforceFieldRules } from './field-rules.js';

export interface TransitionInput {
  key: string;
  reason?: string;
  /** triage, reopen, reject of delivered work: where the item enters the order. */
  at?: string;
  /** start: take over an item someone else started. */
  take?: boolean;
  /** accept: which acceptance criteria the Product Owner confirms: all, or 1-based numbers. */
  met?: 'all' | number[];
  /** triage only: a new business value and goal, written with the acceptance. */
  value?: string;
  goal?: string;
}

export interface TransitionResult {
  item: PlacedItem;
  transition: { from: ItemStatus; to: ItemStatus };
  /** Value rules at warn severity the item breaks as it enters the order (triage). */
  warnings?: Violation[];
  /** start --take: whom the item was taken from. */
  takenFrom?: string;
}

/** Where an item enters the order when no --at is given: rejected delivered work goes on top. */
const DEFAULT_PLACE: Partial<Record<Transition, 'top' | 'bottom'>> = { reject: 'top', reopen: 'bottom', triage: 'bottom' };

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
  const placement = input.at === undefined ? { kind: DEFAULT_PLACE[transition] ?? ('bottom' as const) } : parseAt(input.at);
  if (input.at !== undefined && DEFAULT_PLACE[transition] === undefined) {
    throw new UsageError(`--at goes with triage, reject and reopen, not ${transition}.`);
  }
  if (input.take && transition !== 'start') throw new UsageError('--take goes with `ordo start`.');
  if (input.met !== undefined && transition !== 'accept') throw new UsageError('--met goes with `ordo accept`.');
  if ((input.value !== undefined || input.goal !== undefined) && transition !== 'triage') {
    throw new UsageError('A new value or goal can only be given when accepting a proposal.');
  }
  const value = input.value === undefined ? undefined : validateValue(input.value, config.scale);
  const goalRef = input.goal === undefined ? undefined : validateGoalRef(input.goal);
  requirePermission(rule.action, ctx.identity(), config, `${rule.verb} items`);
  // Only entering the order needs a signature; leaving it never does.
  if (rule.to === 'ready' || transition === 'reject') await ensureSigningKey(ctx, config);
  const me = ctx.identity().id;
  return writeBacklog(ctx, transition, (w) => {
    const items = input.keys.map((k) => requireItem(w, k));
    const seen = new Set<number>();
    for (const item of items) {
      const key = formatKey(config, item.number);
      if (seen.has(item.number)) throw new UsageError(`${key} is named twice.`, 'Name each item once.');
      seen.add(item.number);
      if (transition === 'start' && item.status === 'in-progress') continue;
      const to = assertTransition(transition, item.status, key);
      if (input.at !== undefined && to !== 'ready') {
        throw new UsageError(`--at places an item back in the order, but ${key} is ${item.status} and would become ${to}.`, `Leave out --at: ordo ${transition} ${key}`);
      }
      if (transition === 'accept') requireCriteriaMet(item, key, input.met);
    }
    return items.map((item) => {
      if (transition === 'start' && item.status === 'in-progress') return takeOver(w, item, formatKey(config, item.number), me, Boolean(input.take));
      return applyTransition(w, transition, item, { reason, placement, value, goalRef, me }, ctx.now());
    });
  });
}

interface StepOptions {
  reason: string | null;
  placement: Placement;
  value: number | undefined;
  goalRef: string | undefined;
  /** Who runs the command: the assignee of a started item. */
  me: string;
}

function applyTransition(w: Writer, transition: Transition, item: Item, { reason, placement, value, goalRef, me }: StepOptions, now: Date): TransitionResult {
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
  if (to === 'in-progress') Object.assign(patch, { startedAt: w.at, assignee: me });
  // Back in the order, the item is new work again: nobody holds it and it is not done.
  if (to === 'ready' && transition !== 'triage') Object.assign(patch, { startedAt: null, doneAt: null, closedAt: null, reason: null, assignee: null });
  if (to === 'done') patch.doneAt = w.at;
  if (to === 'accepted' || to === 'rejected' || to === 'dropped') patch.closedAt = w.at;
  if (reason !== null && to !== 'ready') patch.reason = reason;
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
    ...(transition === 'accept' && item.criteria.length > 0 ? { criteria: item.criteria } : {}),
  });
  const after = w.store.items.get(item.number)!;
  // Entering the order is where CI starts to judge the item: the value rules apply here too.
  const warnings = transition === 'triage' ? enforceFieldRules(w, after, ['value-rationale', 'value-on-scale', 'goal-link', 'goal-active'], now) : [];
  return { item: place(w, after), transition: { from: item.status, to }, ...(warnings.length > 0 ? { warnings } : {}) };
}

/** `start` on an item in progress: yours already, someone else's (exit 5), or taken over with --take. */
function takeOver(w: Writer, item: Item, key: string, me: string, take: boolean): TransitionResult {
  const holder = item.assignee;
  if (holder !== null && sameIdentity(holder, me)) {
    throw new ConflictError('ALREADY_STARTED', `You already started ${key} (${item.startedAt ?? 'earlier'}).`, `Finish it with \`ordo done ${key}\`.`);
  }
  if (!take) {
    throw new ConflictError(
      'ITEM_HELD',
      `${key} is in progress, started by ${holder ?? 'someone (not recorded)'}.`,
      `Talk to ${holder ?? 'the team'} first; to take it over, run \`ordo start ${key} --take\` (the take-over is recorded).`,
    );
  }
  w.store.items.update(item.number, { assignee: me, updatedAt: w.at });
  w.record('take', { item: item.number }, { from: holder, to: me });
  return { item: place(w, w.store.items.get(item.number)!), transition: { from: item.status, to: item.status }, takenFrom: holder ?? undefined };
}

/** Accepting needs every acceptance criterion confirmed; otherwise exit 5 naming the open ones. */
function requireCriteriaMet(item: Item, key: string, met: 'all' | number[] | undefined): void {
  if (item.criteria.length === 0) return;
  const confirmed = new Set(met === 'all' ? item.criteria.map((_, i) => i + 1) : (met ?? []));
  const bad = [...confirmed].filter((n) => n < 1 || n > item.criteria.length);
  if (bad.length > 0) throw new UsageError(`${key} has ${item.criteria.length} acceptance criteria; there is no criterion ${bad.join(', ')}.`, `\`ordo show ${key}\` lists them, numbered.`);
  const open = item.criteria.map((text, i) => ({ n: i + 1, text })).filter((c) => !confirmed.has(c.n));
  if (open.length === 0) return;
  throw new ConflictError(
    'CRITERIA_OPEN',
    `Cannot accept ${key}: ${open.length} of ${item.criteria.length} acceptance criteria are not confirmed as met:\n${open.map((c) => `  ${c.n}. ${c.text}`).join('\n')}`,
    `When they all hold, run \`ordo accept ${key} --met all\`; otherwise send it back with \`ordo reject ${key} --reason TEXT\`.`,
  );
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
