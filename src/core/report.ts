/**
 * The value report: where the next items' value goes, where the order disagrees with
 * value per point, how fast work gets done, and what cannot be sized yet.
 */
import { cycleTimes, nearestRank, weeklyThroughput, type CycleTime, type WeekBucket } from './history.js';
import { roadmapItem, type RoadmapItem } from './roadmap.js';
import type { Goal, PlacedItem } from './types.js';

/**
 * "Clearly higher value per point": an item lower in the order has at least this many
 * times the value per estimated point of an item above it. Below that, estimates are too
 * rough for the difference to mean much.
 */
export const INVERSION_FACTOR = 2;

export interface CoverageRow {
  /** The goal id; null for items whose goal is missing or unknown. */
  goal: string | null;
  title: string | null;
  items: number;
  value: number;
  /** Share of the window's value, 0 to 1 (0 when the window has no value). */
  share: number;
}

export interface Coverage {
  /** The window asked for, and how many ranked items it held. */
  top: number;
  items: number;
  value: number;
  goals: CoverageRow[];
}

export interface Density {
  key: string;
  position: number;
  title: string;
  value: number;
  estimate: number;
  valuePerPoint: number;
}

export interface Inversion {
  /** The item that looks ranked too low. */
  item: Density;
  /** Items ranked above it with at most 1/INVERSION_FACTOR of its value per point, in order. */
  above: Density[];
}

export interface ValueReport {
  top: number;
  weeks: number;
  coverage: Coverage;
  inversionFactor: number;
  inversions: Inversion[];
  throughput: { weeks: WeekBucket[]; total: number; weeksWithFinishedItems: number; perWeek: number };
  cycleTime: { count: number; p50: number | null; p85: number | null; items: CycleTime[] };
  missingEstimates: RoadmapItem[];
}

function ranked(items: readonly PlacedItem[]): PlacedItem[] {
  return items.filter((i) => i.position !== null).sort((a, b) => a.position! - b.position!);
}

/** Share of the business value of the first `top` ranked items, per goal; active goals with none show 0. */
export function goalCoverage(goals: readonly Goal[], items: readonly PlacedItem[], top: number): Coverage {
  const window = ranked(items).slice(0, top);
  const rows = new Map<string, CoverageRow>();
  for (const g of goals) {
    if (g.status === 'active') rows.set(g.id.toLowerCase(), { goal: g.id, title: g.title, items: 0, value: 0, share: 0 });
  }
  const known = new Map(goals.map((g) => [g.id.toLowerCase(), g]));
  for (const item of window) {
    const goal = item.goal === null ? undefined : known.get(item.goal.toLowerCase());
    const id = goal ? goal.id.toLowerCase() : '';
    let row = rows.get(id);
    if (!row) {
      row = { goal: goal?.id ?? null, title: goal?.title ?? null, items: 0, value: 0, share: 0 };
      rows.set(id, row);
    }
    row.items += 1;
    row.value += item.value ?? 0;
  }
  const value = window.reduce((sum, i) => sum + (i.value ?? 0), 0);
  const out = [...rows.values()];
  for (const row of out) row.share = value === 0 ? 0 : row.value / value;
  // Biggest share first; ties keep roadmap order (a stable sort over goals as given).
  out.sort((a, b) => b.value - a.value);
  return { top, items: window.length, value, goals: out };
}

function density(item: PlacedItem): Density | null {
  if (item.value === null || item.estimate === null || item.estimate <= 0) return null;
  return {
    key: item.key,
    position: item.position!,
    title: item.title,
    value: item.value,
    estimate: item.estimate,
    valuePerPoint: item.value / item.estimate,
  };
}

/**
 * Order-versus-value inversions over the whole order: each ranked item with an estimate,
 * and the items above it whose value per point is at most 1/factor of its own.
 * Items without a value or an estimate take no part.
 */
export function findInversions(items: readonly PlacedItem[], factor = INVERSION_FACTOR): Inversion[] {
  const sized = ranked(items)
    .map(density)
    .filter((d): d is Density => d !== null);
  const out: Inversion[] = [];
  sized.forEach((item, i) => {
    const above = sized.slice(0, i).filter((a) => item.valuePerPoint >= factor * a.valuePerPoint);
    if (above.length > 0) out.push({ item, above });
  });
  return out;
}

/** Everything `ordo report` shows, from goals, every item and the clock. */
export function buildReport(goals: readonly Goal[], items: readonly PlacedItem[], now: Date, options: { top: number; weeks: number }): ValueReport {
  const buckets = weeklyThroughput(items, now, options.weeks);
  const total = buckets.reduce((sum, b) => sum + b.count, 0);
  const times = cycleTimes(items, now, options.weeks);
  const days = times.map((t) => t.days);
  return {
    top: options.top,
    weeks: options.weeks,
    coverage: goalCoverage(goals, items, options.top),
    inversionFactor: INVERSION_FACTOR,
    inversions: findInversions(items),
    throughput: {
      weeks: buckets,
      total,
      weeksWithFinishedItems: buckets.filter((b) => b.count > 0).length,
      perWeek: options.weeks === 0 ? 0 : total / options.weeks,
    },
    cycleTime: { count: times.length, p50: nearestRank(days, 50), p85: nearestRank(days, 85), items: times },
    missingEstimates: ranked(items)
      .filter((i) => i.estimate === null)
      .map(roadmapItem),
  };
}
