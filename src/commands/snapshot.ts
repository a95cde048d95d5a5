/** Everything the value views read: goals, and every item with its place in the order. */
import type { Goal, PlacedItem } from '../core/types.js';
import { UsageError } from '../errors.js';
import { formatKey, type Reader } from './backlog.js';

export interface Snapshot {
  product: string;
  goals: Goal[];
  /** Ranked items in order with their positions, then every other item (position null). */
  items: PlacedItem[];
}

export function readSnapshot(r: Reader): Snapshot {
  const items: PlacedItem[] = [];
  const seen = new Set<number>();
  let position = 0;
  for (const item of r.store.items.ranked()) {
    position += 1;
    seen.add(item.number);
    items.push({ ...item, key: formatKey(r.config, item.number), position });
  }
  for (const item of r.store.items.all()) {
    if (!seen.has(item.number)) items.push({ ...item, key: formatKey(r.config, item.number), position: null });
  }
  return { product: r.config.product, goals: r.store.goals.list(), items };
}

/** Checks a whole-number option the value views take. */
export function checkWhole(value: number | undefined, fallback: number, flag: string, min: number, max: number): number {
  const n = value ?? fallback;
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new UsageError(`${flag} expects a whole number from ${min} to ${max}, got "${value}".`, `For example: ${flag} ${fallback}`);
  }
  return n;
}
