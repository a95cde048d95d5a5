/** `ordo show`: one item with its place, goal, dependencies and recent history. Reading only, so it loads none of the writing code. */
import type { Goal, ItemStatus, PlacedItem } from '../core/types.js';
import type { AuditEvent } from '../store/events.js';
import { formatKey, place, readBacklog, requireItem, type Reader } from './backlog.js';
import type { Context } from './context.js';

/** An item named from another one: a dependency, or an item that depends on it. */
export interface RelatedItem {
  key: string;
  title: string;
  status: ItemStatus;
}

export interface ShowResult {
  item: PlacedItem;
  goal: Goal | null;
  history: AuditEvent[];
  /** What this item needs done first. */
  dependsOn: RelatedItem[];
  /** What waits on this item. */
  neededBy: RelatedItem[];
}

function related(r: Reader, numbers: readonly number[]): RelatedItem[] {
  return numbers.flatMap((n) => {
    const i = r.store.items.get(n);
    return i ? [{ key: formatKey(r.config, n), title: i.title, status: i.status }] : [];
  });
}

export async function showItem(input: { key: string }, ctx: Context): Promise<ShowResult> {
  return readBacklog(ctx, (r) => {
    const item = requireItem(r, input.key);
    return {
      item: place(r, item),
      goal: item.goal ? (r.store.goals.get(item.goal) ?? null) : null,
      history: r.store.events.forItem(item.number, 10),
      dependsOn: related(r, item.dependsOn),
      neededBy: related(r, r.store.items.dependents(item.number)),
    };
  });
}

