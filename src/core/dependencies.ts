/**
 * Dependencies between items: "ORD-5 depends on ORD-3" means ORD-3 must be done first.
 * Pure functions over the dependency graph; the store keeps the edges.
 */
import type { ItemStatus } from './types.js';

/** A dependency is satisfied once the item it names is delivered. */
export const SATISFIED_STATUSES: readonly ItemStatus[] = ['done', 'accepted'];

export function isSatisfied(status: ItemStatus | undefined): boolean {
  return status !== undefined && SATISFIED_STATUSES.includes(status);
}

export type DependencyGraph = ReadonlyMap<number, readonly number[]>;

export function graphOf(edges: readonly { item: number; needs: number }[]): Map<number, number[]> {
  const graph = new Map<number, number[]>();
  for (const e of edges) {
    const list = graph.get(e.item);
    if (list) list.push(e.needs);
    else graph.set(e.item, [e.needs]);
  }
  return graph;
}

/**
 * The cycle that making `item` depend on `needs` would close, as the chain of item numbers
 * from `item` back to itself (`[5, 3, 4, 5]`: 5 needs 3, 3 needs 4, 4 needs 5); null when none.
 * Breadth-first, so the chain named is a shortest one.
 */
export function cycleThrough(graph: DependencyGraph, item: number, needs: number): number[] | null {
  if (item === needs) return [item, item];
  const cameFrom = new Map<number, number>([[needs, needs]]);
  const queue = [needs];
  for (let i = 0; i < queue.length; i++) {
    const at = queue[i]!;
    for (const next of graph.get(at) ?? []) {
      if (cameFrom.has(next)) continue;
      cameFrom.set(next, at);
      if (next === item) {
        const chain = [item];
        for (let n = at; n !== needs; n = cameFrom.get(n)!) chain.push(n);
        chain.push(needs);
        return [item, ...chain.slice(1).reverse(), item];
      }
      queue.push(next);
    }
  }
  return null;
}
