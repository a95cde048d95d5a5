/**
 * Delivery history from the items' own timestamps: which items reached done, in which
 * week, and how long they took. Weeks are counted backwards from "now": week 0 is the
 * 7 days ending at now, week 1 the 7 days before that, and so on. A week holds the
 * instants after its start up to and including its end, so an item done exactly at
 * "now" counts in the latest week.
 */
import type { Item } from './types.js';

export const DAY_MS = 86_400_000;
export const WEEK_MS = 7 * DAY_MS;

export interface WeekBucket {
  /** ISO instant the week starts after (exclusive). */
  start: string;
  /** ISO instant the week ends at (inclusive). */
  end: string;
  /** Items that reached done in the week. */
  count: number;
  /** Their business value. */
  value: number;
}

/**
 * An item counts as finished when it reached done and was not sent back: status done or
 * accepted with a doneAt. Rejected deliveries keep their doneAt but are not throughput.
 */
export function isDelivered(item: Pick<Item, 'status' | 'doneAt'>): boolean {
  return item.doneAt !== null && (item.status === 'done' || item.status === 'accepted');
}

/** Index of the week (0 = the latest) an instant falls in, or null when outside the last `weeks`. */
export function weekIndex(at: string, now: Date, weeks: number): number | null {
  const t = Date.parse(at);
  if (Number.isNaN(t)) return null;
  const age = now.getTime() - t;
  if (age < 0) return null;
  // (start, end]: an instant exactly one week old belongs to the older week.
  const index = Math.floor(age / WEEK_MS);
  return index < weeks ? index : null;
}

/** Items finished per week over the last `weeks` weeks, oldest week first; empty weeks included. */
export function weeklyThroughput(items: readonly Item[], now: Date, weeks: number): WeekBucket[] {
  const buckets: WeekBucket[] = [];
  for (let k = 0; k < weeks; k++) {
    const back = weeks - k; // weeks between this bucket's start and now
    buckets.push({
      start: new Date(now.getTime() - back * WEEK_MS).toISOString(),
      end: new Date(now.getTime() - (back - 1) * WEEK_MS).toISOString(),
      count: 0,
      value: 0,
    });
  }
  for (const item of items) {
    if (!isDelivered(item)) continue;
    const index = weekIndex(item.doneAt!, now, weeks);
    if (index === null) continue;
    const bucket = buckets[weeks - 1 - index]!;
    bucket.count += 1;
    bucket.value += item.value ?? 0;
  }
  return buckets;
}

/**
 * The p-th percentile by the nearest-rank method: sort ascending, take the value at
 * rank ceil(p/100 × n) (1-based). Always one of the observed values; null for no values.
 */
export function nearestRank(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1]!;
}

export interface CycleTime {
  key: string;
  days: number;
}

/** Days from start to done (to 0.01 day) for finished items done within the last `weeks` weeks. */
export function cycleTimes(items: readonly (Item & { key: string })[], now: Date, weeks: number): CycleTime[] {
  const out: CycleTime[] = [];
  for (const item of items) {
    if (!isDelivered(item) || item.startedAt === null) continue;
    if (weekIndex(item.doneAt!, now, weeks) === null) continue;
    const days = (Date.parse(item.doneAt!) - Date.parse(item.startedAt)) / DAY_MS;
    if (Number.isFinite(days) && days >= 0) out.push({ key: item.key, days: Math.round(days * 100) / 100 });
  }
  return out;
}
