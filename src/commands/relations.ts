/** `ordo label` and `ordo depend`: labels on several items at once, and dependencies between items. */
import { cycleThrough, graphOf } from '../core/dependencies.js';
import { changeLabels, parseLabels } from '../core/labels.js';
import { requireEditPermission } from '../core/roles.js';
import type { Item, PlacedItem } from '../core/types.js';
import { ConflictError, UsageError } from '../errors.js';
import { formatKey, place, requireItem, writeBacklog, type Writer } from './backlog.js';
import type { Context } from './context.js';

export interface LabelInput {
  keys: readonly string[];
  add?: string[];
  remove?: string[];
}

export interface LabelResult {
  items: { item: PlacedItem; added: string[]; removed: string[] }[];
}

/** Closed items are kept as they were (as `ordo edit` keeps them). */
function requireOpen(item: Item, key: string): void {
  if (item.status === 'accepted' || item.status === 'rejected' || item.status === 'dropped') {
    throw new ConflictError('ITEM_CLOSED', `${key} is ${item.status}; closed items are kept as they were.`, 'Add a new item for new work.');
  }
}

/** Loads every named item first: an unknown or repeated key fails the whole command before anything is written. */
function requireItems(w: Writer, keys: readonly string[]): Item[] {
  const seen = new Set<number>();
  return keys.map((k) => {
    const item = requireItem(w, k);
    if (seen.has(item.number)) throw new UsageError(`${formatKey(w.config, item.number)} is named twice.`, 'Name each item once.');
    seen.add(item.number);
    return item;
  });
}

/** Adds and removes labels on several items in one transaction: all of them change, or none. */
export async function labelItems(input: LabelInput, ctx: Context): Promise<LabelResult> {
  const add = input.add === undefined ? [] : parseLabels(input.add, '--add');
  const remove = input.remove === undefined ? [] : parseLabels(input.remove, '--remove');
  if (add.length === 0 && remove.length === 0) throw new UsageError('Say which labels to add or remove.', 'For example: ordo label ORD-3 ORD-4 --add checkout --remove later');
  if (input.keys.length === 0) throw new UsageError('Name at least one item.', 'For example: ordo label ORD-3 --add checkout');
  const config = await ctx.config();
  const identity = ctx.identity();
  return writeBacklog(ctx, 'label', (w) => {
    const items = requireItems(w, input.keys);
    const out: LabelResult['items'] = [];
    for (const item of items) {
      const key = formatKey(config, item.number);
      requireEditPermission(identity, config, item, key);
      requireOpen(item, key);
      const labels = changeLabels(item.labels, add, remove, key);
      const has = (list: readonly string[], l: string) => list.some((x) => x.toLowerCase() === l.toLowerCase());
      const added = labels.filter((l) => !has(item.labels, l));
      const removed = item.labels.filter((l) => !has(labels, l));
      if (added.length > 0 || removed.length > 0) {
        w.store.items.update(item.number, { labels, updatedAt: w.at });
        w.record('edit', { item: item.number }, { changes: { labels: { from: item.labels, to: labels } } });
      }
      out.push({ item: place(w, w.store.items.get(item.number)!), added, removed });
    }
    return { items: out };
  });
}

export interface DependInput {
  key: string;
  on: readonly string[];
  remove?: boolean;
}

export interface DependResult {
  item: PlacedItem;
  /** Keys of the dependencies added or removed by this command. */
  added: string[];
  removed: string[];
}

/** `ordo depend KEY --on KEY...`: KEY needs the others done first; `--remove` takes that back. A cycle is refused. */
export async function dependItem(input: DependInput, ctx: Context): Promise<DependResult> {
  if (input.on.length === 0) throw new UsageError('Say which item it depends on (--on KEY).', `For example: ordo depend ${input.key} --on ORD-3`);
  const config = await ctx.config();
  const identity = ctx.identity();
  return writeBacklog(ctx, 'depend', (w) => {
    const item = requireItem(w, input.key);
    const key = formatKey(config, item.number);
    requireEditPermission(identity, config, item, key);
    requireOpen(item, key);
    const others = requireItems(w, input.on);
    const deps = new Set(item.dependsOn);
    const added: string[] = [];
    const removed: string[] = [];
    if (input.remove) {
      for (const o of others) if (deps.delete(o.number)) removed.push(formatKey(config, o.number));
    } else {
      const graph = graphOf(w.store.items.dependencyEdges());
      for (const o of others) {
        const okey = formatKey(config, o.number);
        if (o.number === item.number) throw new UsageError(`${key} cannot depend on itself.`, 'Name another item with --on.');
        if (deps.has(o.number)) continue;
        if (o.status === 'rejected' || o.status === 'dropped') {
          throw new ConflictError('DEPENDENCY_CLOSED', `${okey} is ${o.status}: it will never be done, so ${key} cannot wait for it.`, 'Depend on the item that replaces it instead.');
        }
        const cycle = cycleThrough(graph, item.number, o.number);
        if (cycle) {
          throw new UsageError(
            `${key} cannot depend on ${okey}: that would close the dependency cycle ${cycle.map((n) => formatKey(config, n)).join(' → ')}.`,
            `Remove one link of the cycle first, e.g. ordo depend ${formatKey(config, cycle[1]!)} --on ${formatKey(config, cycle[2]!)} --remove`,
            'DEPENDENCY_CYCLE',
          );
        }
        deps.add(o.number);
        graph.set(item.number, [...deps]);
        added.push(okey);
      }
    }
    if (added.length > 0 || removed.length > 0) {
      const dependsOn = [...deps].sort((a, b) => a - b);
      w.store.items.update(item.number, { dependsOn, updatedAt: w.at });
      w.record('depend', { item: item.number }, { ...(added.length > 0 ? { added } : {}), ...(removed.length > 0 ? { removed } : {}) });
    }
    return { item: place(w, w.store.items.get(item.number)!), added, removed };
  });
}
