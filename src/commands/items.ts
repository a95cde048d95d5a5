/** Creating and editing backlog items: `ordo add`, `ordo edit` (`ordo show` reads in show.ts). */
import {
  validateCriteria,
  validateDescription,
  validateEstimate,
  validateGoalRef,
  validateRationale,
  validateTitle,
  validateType,
  validateValue,
} from '../core/item-fields.js';
import { parseAt } from '../core/ranking.js';
import { requireEditPermission, requirePermission, rolesOf } from '../core/roles.js';
import type { Violation } from '../core/check.js';
import { changeLabels, parseLabels } from '../core/labels.js';
import type { Goal, Item, PlacedItem } from '../core/types.js';
import { ConflictError, UsageError } from '../errors.js';
import { formatKey, newItemRow, place, placeInOrder, requireGoal, requireItem, ensureSigningKey, writeBacklog, type Reader } from './backlog.js';
import type { Context } from './context.js';
import { enforceFieldRules, rulesForFields } from './field-rules.js';

/** Item fields as given on the command line: strings, validated by the command. */
export interface ItemFields {
  title?: string;
  value?: string;
  why?: string;
  goal?: string;
  type?: string;
  estimate?: string;
  desc?: string;
  /** Labels to add (repeatable; each may be a comma-separated list). */
  label?: string[];
  /** Acceptance criteria (repeated --criterion); on edit they replace the list, `-` clears it. */
  criteria?: string[];
}

export interface AddInput extends ItemFields {
  at?: string;
}

export interface ItemResult {
  item: PlacedItem;
  /** Value rules at warn severity that the written item breaks (printed on stderr). */
  warnings?: Violation[];
}

function requireActiveGoal(r: Reader, id: string): Goal {
  const goal = requireGoal(r, id);
  // Below error severity the rule only warns (enforceFieldRules), as `ordo check` would.
  if (goal.status !== 'active' && (r.config.check.rules['goal-active'] ?? 'error') === 'error') {
    throw new ConflictError(
      'GOAL_NOT_ACTIVE',
      `Goal ${goal.id} is ${goal.status}; items can only serve an active goal.`,
      '`ordo goal list` shows the active goals.',
    );
  }
  return goal;
}

/** `ordo add`: the Product Owner's item enters the order; anyone else's waits in the intake. */
export async function addItem(input: AddInput, ctx: Context): Promise<ItemResult & { proposed: boolean }> {
  const config = await ctx.config();
  const missing = (['value', 'why', 'goal'] as const).filter((f) => !input[f]?.trim());
  if (missing.length > 1) {
    throw new UsageError(
      `An item needs ${missing.map((f) => `--${f}`).join(', ')}: its business value, why it matters, and the roadmap goal it serves.`,
      `For example: ordo add "${input.title ?? 'Title'}" --value ${config.scale[Math.floor(config.scale.length / 2)]} --why "Shoppers abandon carts without it" --goal G1 (allowed values: ${config.scale.join(', ')})`,
    );
  }
  const title = validateTitle(input.title);
  const value = validateValue(input.value, config.scale);
  const rationale = validateRationale(input.why);
  const goalId = validateGoalRef(input.goal);
  const type = validateType(input.type);
  const estimate = validateEstimate(input.estimate);
  const description = validateDescription(input.desc);
  const labels = input.label === undefined ? [] : changeLabels([], parseLabels(input.label), [], 'the new item');
  const criteria = validateCriteria(input.criteria);
  const placement = input.at === undefined ? { kind: 'bottom' as const } : parseAt(input.at);
  const identity = ctx.identity();
  const isOwner = rolesOf(identity.id, config).includes('product-owner');
  if (!isOwner && input.at !== undefined) {
    requirePermission('order', identity, config, 'place items in the order (--at)');
  }
  // The Product Owner's item enters the order, so the new order must be signed.
  if (isOwner) await ensureSigningKey(ctx, config);
  return writeBacklog(ctx, 'add', (w) => {
    const goal = requireActiveGoal(w, goalId);
    const item: Omit<Item, 'number'> = { ...newItemRow(w, { title, description, type, value, rationale, goal: goal.id, estimate, status: isOwner ? 'ready' : 'proposed' }), labels, dependsOn: [], criteria, assignee: null };
    const number = w.store.items.insert(item);
    const warnings = enforceFieldRules(w, { ...item, number }, ['value-rationale', 'value-on-scale', 'goal-link', 'goal-active'], ctx.now(), true);
    let position: number | null = null;
    if (isOwner) position = placeInOrder(w, { ...item, number }, placement);
    w.record('add', { item: number }, {
      status: item.status,
      position,
      title,
      value,
      goal: goal.id,
      fields: { title, type, value, rationale, goal: goal.id, estimate, description, ...(labels.length > 0 ? { labels } : {}), ...(criteria.length > 0 ? { criteria } : {}) },
    });
    return { item: place(w, w.store.items.get(number)!), proposed: !isOwner, warnings };
  });
}

export interface EditInput extends ItemFields {
  key: string;
  /** Labels to take off. */
  removeLabel?: string[];
}

export interface EditResult extends ItemResult {
  changes: Record<string, { from: unknown; to: unknown }>;
}

/** `ordo edit`: changes an item's fields, never its place in the order. */
export async function editItem(input: EditInput, ctx: Context): Promise<EditResult> {
  const config = await ctx.config();
  const patch: Partial<Item> = {};
  if (input.title !== undefined) patch.title = validateTitle(input.title);
  if (input.value !== undefined) patch.value = validateValue(input.value, config.scale);
  if (input.why !== undefined) patch.rationale = validateRationale(input.why);
  if (input.goal !== undefined) patch.goal = validateGoalRef(input.goal);
  if (input.type !== undefined) patch.type = validateType(input.type);
  if (input.estimate !== undefined) patch.estimate = validateEstimate(input.estimate);
  if (input.desc !== undefined) patch.description = validateDescription(input.desc);
  if (input.criteria !== undefined && input.criteria.length > 0) patch.criteria = validateCriteria(input.criteria);
  const addLabels = input.label === undefined ? [] : parseLabels(input.label);
  const removeLabels = input.removeLabel === undefined ? [] : parseLabels(input.removeLabel, '--remove-label');
  if (Object.keys(patch).length === 0 && addLabels.length === 0 && removeLabels.length === 0) {
    throw new UsageError('Nothing to change: give at least one field.', 'For example: ordo edit ORD-3 --value 8 --why "…"');
  }
  const identity = ctx.identity();
  return writeBacklog(ctx, 'edit', (w) => {
    const item = requireItem(w, input.key);
    const key = formatKey(config, item.number);
    requireEditPermission(identity, config, item, key);
    if (item.status === 'accepted' || item.status === 'rejected' || item.status === 'dropped') {
      throw new ConflictError('ITEM_CLOSED', `${key} is ${item.status}; closed items are kept as they were.`, 'Add a new item for new work.');
    }
    if (typeof patch.goal === 'string') patch.goal = requireActiveGoal(w, patch.goal).id;
    if (addLabels.length > 0 || removeLabels.length > 0) patch.labels = changeLabels(item.labels, addLabels, removeLabels, key);
    const changes: EditResult['changes'] = {};
    for (const [field, to] of Object.entries(patch) as [keyof Item, unknown][]) {
      if (JSON.stringify(item[field]) !== JSON.stringify(to)) changes[field] = { from: item[field], to };
    }
    let warnings: Violation[] = [];
    if (Object.keys(changes).length > 0) {
      const update = Object.fromEntries(Object.entries(changes).map(([f, c]) => [f, c.to])) as Partial<Item>;
      w.store.items.update(item.number, { ...update, updatedAt: w.at });
      w.record('edit', { item: item.number }, { changes });
      warnings = enforceFieldRules(w, { ...item, ...update }, rulesForFields(Object.keys(changes)), ctx.now());
    }
    return { item: place(w, w.store.items.get(item.number)!), changes, warnings };
  });
}
