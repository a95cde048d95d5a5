/** `ordo move`: the Product Owner changes the order, one item at a time. */
import type { Placement } from '../core/ranking.js';
import { requirePermission } from '../core/roles.js';
import type { PlacedItem } from '../core/types.js';
import { ConflictError } from '../errors.js';
import { formatKey, gapFor, rankInGap, requireItem, writeBacklog } from './backlog.js';
import type { Context } from './context.js';
import { requireSigningKey } from './signing.js';

export interface MoveResult {
  item: PlacedItem;
  moved: { from: number; to: number };
}

export async function moveItem(input: { key: string; placement: Placement }, ctx: Context): Promise<MoveResult> {
  const config = await ctx.config();
  requirePermission('order', ctx.identity(), config, 'change the order');
  requireSigningKey(ctx, config);
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
    // Counting a position walks the order's index up to it: once, for where the item was. Where
    // it goes follows from the items it passes, counted before the write (a re-keyed window keeps
    // its order), so a move costs the distance moved, not the depth of the order twice.
    const from = w.store.items.positionOf(item.rank);
    const upper = gapFor(w, item, input.placement);
    const down = upper === null || upper > item.rank;
    const passed = down ? w.store.items.rankedIn(item.rank, upper) : w.store.items.rankedIn(upper, item.rank, true);
    const rank = rankInGap(w, item, upper);
    const to = rank === item.rank ? from : down ? from + passed : from - passed;
    if (rank !== item.rank) w.record('move', { item: item.number }, { from, to, rank: { from: item.rank, to: rank } });
    return { item: { ...w.store.items.get(item.number)!, key, position: to }, moved: { from, to } };
  });
}
