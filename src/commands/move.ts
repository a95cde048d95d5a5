/** `ordo move`: the Product Owner changes the order, one item at a time. */
import type { Placement } from '../core/ranking.js';
import { requirePermission } from '../core/roles.js';
import type { PlacedItem } from '../core/types.js';
import { ConflictError } from '../errors.js';
import { formatKey, gapFor, rankInGap, requireItem, ensureSigningKey, writeBacklog } from './backlog.js';
import type { Context } from './context.js';

export interface MoveResult {
  item: PlacedItem;
  moved: { from: number; to: number };
}

export async function moveItem(input: { key: string; placement: Placement }, ctx: Context): Promise<MoveResult> {
  const config = await ctx.config();
  requirePermission('order', ctx.identity(), config, 'change the order');
  await ensureSigningKey(ctx, config);
  return writeBacklog(ctx, 'move', (w) => {
    const item = requireItem(w, input.key);
    const key = formatKey(config, item.number);
    if (item.rank === null) {
      throw new ConflictError(
        'NOT_RANKED',
        `${key} is ${item.status}, so it has no place in the order to move.`,
        item.status === 'proposed' ? `Accept it into the order first: ordo triage ${key} --accept --at top` : 'Only ready and in-progress items are in the order.',
      );
    }
    // Positions are counted from the nearest known point of the order (ItemRepo.positionOf), so
    // neither where the item was nor where it goes costs the depth of the order.
    const from = w.store.items.positionOf(item.rank);
    const rank = rankInGap(w, item, gapFor(w, item, input.placement));
    const to = rank === item.rank ? from : w.store.items.positionOf(rank);
    if (rank !== item.rank) w.record('move', { item: item.number }, { from, to, rank: { from: item.rank, to: rank } });
    return { item: { ...w.store.items.get(item.number)!, key, position: to }, moved: { from, to } };
  });
}
