/** Roadmap goals: `ordo goal add/list/show/edit/achieve/retire`. */
import { GOAL_ID, GOAL_TEXT_MAX } from '../core/item-fields.js';
import { requirePermission } from '../core/roles.js';
import { GOAL_STATUSES, type Goal, type GoalStatus, type PlacedItem } from '../core/types.js';
import { ConflictError, UsageError } from '../errors.js';
import { formatKey, readBacklog, requireGoal, writeBacklog } from './backlog.js';
import type { Context } from './context.js';

export interface GoalFields {
  title?: string;
  desc?: string;
  horizon?: string;
  metric?: string;
}

export interface GoalSummary extends Goal {
  items: { ranked: number; total: number };
}


function text(value: string | undefined, field: string, max = GOAL_TEXT_MAX): string | null {
  const t = (value ?? '').trim();
  if (t.length > max) throw new UsageError(`The goal's ${field} is ${t.length} characters long; the limit is ${max}.`, `Shorten the ${field}.`);
  return t || null;
}

export async function addGoal(input: GoalFields & { id: string }, ctx: Context): Promise<{ goal: Goal }> {
  const config = await ctx.config();
  const id = input.id.trim();
  if (!GOAL_ID.test(id)) {
    throw new UsageError(`"${input.id}" cannot be a goal id.`, 'Use a short id of letters, digits, dots, dashes or underscores, e.g. G1 or faster-checkout.');
  }
  const title = text(input.title, 'title', 200);
  if (!title) throw new UsageError('A goal needs a title.', 'For example: ordo goal add G1 "Faster checkout on mobile" --horizon 2026-Q1');
  requirePermission('manage-goals', ctx.identity(), config, 'add roadmap goals');
  return writeBacklog(ctx, 'goal add', (w) => {
    const existing = w.store.goals.get(id);
    if (existing) throw new ConflictError('GOAL_EXISTS', `Goal ${existing.id} already exists ("${existing.title}").`, `Choose another id, or change it with \`ordo goal edit ${existing.id}\`.`);
    const goal: Goal = {
      id,
      title,
      description: text(input.desc, 'description'),
      horizon: text(input.horizon, 'horizon', 40),
      metric: text(input.metric, 'metric', 500),
      status: 'active',
      createdAt: w.at,
      updatedAt: w.at,
    };
    w.store.goals.insert(goal);
    w.record('goal.add', { goal: id }, { title, horizon: goal.horizon, description: goal.description, metric: goal.metric, status: goal.status });
    return { goal };
  });
}

export async function listGoals(input: { status?: string }, ctx: Context): Promise<{ goals: GoalSummary[] }> {
  if (input.status !== undefined && !(GOAL_STATUSES as readonly string[]).includes(input.status)) {
    throw new UsageError(`Unknown goal status "${input.status}"; goal statuses are: ${GOAL_STATUSES.join(', ')}.`, 'For example: ordo goal list --status active');
  }
  return readBacklog(ctx, (r) => {
    const counts = r.store.goals.itemCounts();
    const goals = r.store.goals
      .list()
      .filter((g) => input.status === undefined || g.status === input.status)
      .map((g) => ({ ...g, items: counts.get(g.id.toLowerCase()) ?? { ranked: 0, total: 0 } }));
    return { goals };
  });
}

export async function showGoal(input: { id: string }, ctx: Context): Promise<{ goal: GoalSummary; items: PlacedItem[] }> {
  return readBacklog(ctx, (r) => {
    const goal = requireGoal(r, input.id);
    const items: PlacedItem[] = [];
    let position = 0;
    for (const item of r.store.items.ranked()) {
      position += 1;
      if (item.goal?.toLowerCase() === goal.id.toLowerCase()) items.push({ ...item, key: formatKey(r.config, item.number), position });
    }
    const counts = r.store.goals.itemCounts().get(goal.id.toLowerCase()) ?? { ranked: 0, total: 0 };
    return { goal: { ...goal, items: counts }, items };
  });
}

export async function editGoal(input: GoalFields & { id: string }, ctx: Context): Promise<{ goal: Goal; changes: Record<string, { from: unknown; to: unknown }> }> {
  const config = await ctx.config();
  const patch: Partial<Goal> = {};
  if (input.title !== undefined) {
    const title = text(input.title, 'title', 200);
    if (!title) throw new UsageError('A goal title cannot be empty.', `For example: ordo goal edit ${input.id} --title "Faster mobile checkout"`);
    patch.title = title;
  }
  if (input.desc !== undefined) patch.description = text(input.desc, 'description');
  if (input.horizon !== undefined) patch.horizon = text(input.horizon, 'horizon', 40);
  if (input.metric !== undefined) patch.metric = text(input.metric, 'metric', 500);
  if (Object.keys(patch).length === 0) {
    throw new UsageError('Nothing to change: give --title, --desc, --horizon or --metric.', `For example: ordo goal edit ${input.id} --horizon 2026-Q3`);
  }
  requirePermission('manage-goals', ctx.identity(), config, 'edit roadmap goals');
  return writeBacklog(ctx, 'goal edit', (w) => {
    const goal = requireGoal(w, input.id);
    const changes: Record<string, { from: unknown; to: unknown }> = {};
    for (const [field, to] of Object.entries(patch) as [keyof Goal, unknown][]) {
      if (goal[field] !== to) changes[field] = { from: goal[field], to };
    }
    const updated: Goal = { ...goal, ...patch, updatedAt: Object.keys(changes).length > 0 ? w.at : goal.updatedAt };
    if (Object.keys(changes).length > 0) {
      w.store.goals.update(updated);
      w.record('goal.edit', { goal: goal.id }, { changes });
    }
    return { goal: updated, changes };
  });
}

/** `ordo goal achieve` / `ordo goal retire`. */
export async function closeGoal(input: { id: string; status: Exclude<GoalStatus, 'active'> }, ctx: Context): Promise<{ goal: Goal; rankedItems: number }> {
  const config = await ctx.config();
  const verb = input.status === 'achieved' ? 'mark goals achieved' : 'retire goals';
  requirePermission('manage-goals', ctx.identity(), config, verb);
  return writeBacklog(ctx, `goal ${input.status === 'achieved' ? 'achieve' : 'retire'}`, (w) => {
    const goal = requireGoal(w, input.id);
    if (goal.status !== 'active') {
      throw new ConflictError('GOAL_NOT_ACTIVE', `Goal ${goal.id} is already ${goal.status}.`, 'Only active goals can be achieved or retired.');
    }
    const updated: Goal = { ...goal, status: input.status, updatedAt: w.at };
    w.store.goals.update(updated);
    w.record(`goal.${input.status === 'achieved' ? 'achieve' : 'retire'}`, { goal: goal.id }, { from: goal.status, to: input.status });
    const rankedItems = w.store.goals.itemCounts().get(goal.id.toLowerCase())?.ranked ?? 0;
    return { goal: updated, rankedItems };
  });
}
