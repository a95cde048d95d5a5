/** `ordo reorder`: the Product Owner changes many places in the order at once. */
import { planReorder } from '../core/reorder.js';
import { requirePermission } from '../core/roles.js';
import type { PlacedItem } from '../core/types.js';
import { ConflictError } from '../errors.js';
import { formatKey, readBacklog, writeBacklog } from './backlog.js';
import type { Context } from './context.js';
import { requireSigningKey } from './signing.js';

export interface OrderSnapshot {
  product: string;
  items: PlacedItem[];
}

/** The whole order, for the Product Owner to rearrange. Refuses anyone else before showing it. */
export async function loadOrder(_input: object, ctx: Context): Promise<OrderSnapshot> {
  const config = await ctx.config();
  requirePermission('order', ctx.identity(), config, 'reorder the backlog');
  requireSigningKey(ctx, config);
  return readBacklog(ctx, (r) => {
    const items: PlacedItem[] = [];
    for (const item of r.store.items.ranked()) items.push({ ...item, key: formatKey(config, item.number), position: items.length + 1 });
    return { product: config.product, items };
  });
}

export interface ReorderInput {
  /** Item numbers in the order that was shown (what the new order was made from). */
  shown: number[];
  /** Item numbers in the new order. */
  wanted: number[];
}

export interface ReorderResult {
  moved: { key: string; title: string; from: number; to: number }[];
  total: number;
}

/**
 * Applies a new order in one transaction with the fewest moves: items whose relative
 * order did not change keep their rank keys. Refuses (exit 5) when the order changed
 * since it was shown, so a long edit never overwrites someone else's move.
 */
export async function applyReorder(input: ReorderInput, ctx: Context): Promise<ReorderResult> {
  const config = await ctx.config();
  requirePermission('order', ctx.identity(), config, 'reorder the backlog');
  requireSigningKey(ctx, config);
  if (input.shown.length === input.wanted.length && input.shown.every((n, i) => input.wanted[i] === n)) {
    return { moved: [], total: input.shown.length }; // unchanged: write nothing, not even a transaction
  }
  return writeBacklog(ctx, 'reorder', (w) => {
    const current = [...w.store.items.ranked()].map((i) => ({ number: i.number, rank: i.rank! }));
    if (current.length !== input.shown.length || current.some((ref, i) => ref.number !== input.shown[i])) {
      throw new ConflictError(
        'ORDER_CHANGED',
        'The order changed while you were reordering (another command moved, added or finished items); nothing was written.',
        'Run `ordo reorder` again to start from the current order.',
      );
    }
    const plan = planReorder(current, input.wanted);
    // Free the old keys first so no new key collides with one being replaced in the unique index.
    for (const m of plan) w.store.items.setRank(m.number, null);
    for (const m of plan) w.store.items.setRank(m.number, m.rank);
    const moved = plan.map((m) => {
      w.record('move', { item: m.number }, { from: m.from, to: m.to });
      return { key: formatKey(config, m.number), title: w.store.items.get(m.number)!.title, from: m.from, to: m.to };
    });
    w.record('reorder', {}, { moved: moved.map((m) => m.key), items: current.length });
    return { moved, total: current.length };
  });
}
