/**
 * The Product Owner's plans as pure functions: dates and lengths as typed, what a release
 * holds and whether its date holds, a sprint's burndown, and velocity across sprints.
 * Commands read the backlog and call these; nothing here reads the clock or the database.
 */
import { buildForecast, mulberry32, simulateWeeks, type Forecast, type ForecastPoint } from './forecast.js';
import { DAY_MS, isDelivered, nearestRank } from './history.js';
import { isRanked } from './lifecycle.js';
import type { Item, PlacedItem, Release, Sprint } from './types.js';

/** The default sprint length in days. */
export const DEFAULT_SPRINT_DAYS = 14;
/** A release's outlook is a planning signal: the same seed gives the same answer every time it is asked. */
export const DEFAULT_RELEASE_SEED = 1;
export const DEFAULT_RELEASE_TRIALS = 10_000;
/** Weeks of history a release forecast samples from, as `ordo forecast` does by default. */
export const RELEASE_HISTORY_WEEKS = 12;

/** A calendar day, YYYY-MM-DD, that exists; null otherwise. */
export function parseDay(text: string): string | null {
  const t = text.trim();
  if (!/^\d{4}-\d{2}-\d{2}$/.test(t)) return null;
  const d = new Date(`${t}T00:00:00.000Z`);
  return Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== t ? null : t;
}

/** A sprint length: `14d`, `2w` or a number of days, 1 to 365; null otherwise. */
export function parseLength(text: string): number | null {
  const m = /^(\d{1,3})\s*([dw]?)$/i.exec(text.trim());
  if (!m) return null;
  const days = Number(m[1]) * (m[2]?.toLowerCase() === 'w' ? 7 : 1);
  return days >= 1 && days <= 365 ? days : null;
}

export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00.000Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Whole days from `a` to `b` (both YYYY-MM-DD). */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00.000Z`) - Date.parse(`${a}T00:00:00.000Z`)) / DAY_MS);
}

const points = (items: readonly Pick<Item, 'estimate'>[]) => items.reduce((sum, i) => sum + (i.estimate ?? 0), 0);
const closedUndelivered = (i: Pick<Item, 'status'>) => i.status === 'rejected' || i.status === 'dropped';

export type ReleaseOutlook = 'shipped' | 'done' | 'on track' | 'at risk' | 'late' | 'unknown';

export interface ReleaseItem {
  key: string;
  title: string;
  status: Item['status'];
  position: number | null;
  value: number | null;
  estimate: number | null;
  assignee: string | null;
}

function planItem(i: PlacedItem): ReleaseItem {
  return { key: i.key, title: i.title, status: i.status, position: i.position, value: i.value, estimate: i.estimate, assignee: i.assignee };
}

export interface ReleaseView {
  release: Release;
  items: ReleaseItem[];
  count: { total: number; done: number };
  value: { total: number; done: number };
  points: { total: number; done: number; unestimated: number };
  /** Open items the team must finish before the release's last item: its own, and anything ranked above it. */
  remaining: number;
  forecast: Pick<Forecast, 'seed' | 'trials' | 'historyWeeks' | 'enough' | 'weeksWithFinishedItems'> & { points: ForecastPoint[] };
  outlook: ReleaseOutlook;
  /** One line saying why the outlook is what it is. */
  why: string;
}

/**
 * Where a release stands. Its forecast counts the work in order up to its lowest-ranked open
 * item (the team works the order from the top), and compares the 50% and 85% dates with the target:
 * late when the target has passed or even the 50% date misses it, at risk when the 85% date does.
 */
export function viewRelease(
  release: Release,
  all: readonly PlacedItem[],
  now: Date,
  options: { seed?: number; trials?: number } = {},
): ReleaseView {
  const byNumber = new Map(all.map((i) => [i.number, i]));
  const items = release.items.map((n) => byNumber.get(n)).filter((i): i is PlacedItem => i !== undefined);
  const kept = items.filter((i) => !closedUndelivered(i));
  const done = kept.filter(isDelivered);
  const open = kept.filter((i) => !isDelivered(i));
  const deepest = Math.max(0, ...open.map((i) => i.position ?? 0));
  const ahead = all.filter((i) => i.position !== null && i.position <= deepest && isRanked(i.status));
  const aheadSet = new Set(ahead.map((i) => i.number));
  const remaining = ahead.length + open.filter((i) => !aheadSet.has(i.number)).length;
  const seed = options.seed ?? DEFAULT_RELEASE_SEED;
  const trials = options.trials ?? DEFAULT_RELEASE_TRIALS;
  const f = buildForecast(all, now, { remaining: Math.max(remaining, 1), historyWeeks: RELEASE_HISTORY_WEEKS, trials, seed });
  const forecast = { seed, trials, historyWeeks: f.historyWeeks, enough: f.enough, weeksWithFinishedItems: f.weeksWithFinishedItems, points: remaining > 0 ? f.points : [] };
  const today = now.toISOString().slice(0, 10);
  const p50 = forecast.points.find((p) => p.percent === 50);
  const p85 = forecast.points.find((p) => p.percent === 85);
  let outlook: ReleaseOutlook;
  let why: string;
  if (release.status === 'shipped') {
    outlook = 'shipped';
    why = `shipped ${release.shippedAt?.slice(0, 10) ?? ''}`.trim();
  } else if (open.length === 0) {
    outlook = 'done';
    why = kept.length === 0 ? 'it holds no open items' : 'every item is done';
  } else if (today > release.date) {
    outlook = 'late';
    why = `the target date ${release.date} has passed with ${open.length} item(s) open`;
  } else if (!p50 || !p85) {
    outlook = 'unknown';
    why = `too little history to forecast (${f.weeksWithFinishedItems} of the last ${f.historyWeeks} weeks had finished items)`;
  } else if (p50.date > release.date) {
    outlook = 'late';
    why = `even the 50% date ${p50.date} is after the target ${release.date}`;
  } else if (p85.date > release.date) {
    outlook = 'at risk';
    why = `the 85% date ${p85.date} is after the target ${release.date}`;
  } else {
    outlook = 'on track';
    why = `the 85% date ${p85.date} is on or before the target ${release.date}`;
  }
  return {
    release,
    items: items.map(planItem),
    count: { total: kept.length, done: done.length },
    value: { total: kept.reduce((s, i) => s + (i.value ?? 0), 0), done: done.reduce((s, i) => s + (i.value ?? 0), 0) },
    points: { total: points(kept), done: points(done), unestimated: kept.filter((i) => i.estimate === null).length },
    remaining,
    forecast,
    outlook,
    why,
  };
}

export interface BurndownDay {
  day: string;
  /** Points of the sprint's items not yet done at the end of the day. */
  remaining: number;
}

export interface SprintView {
  sprint: Sprint;
  items: ReleaseItem[];
  points: { total: number; done: number };
  /** Days from today to the last day, today included; 0 once the sprint is over. */
  daysLeft: number;
  burndown: BurndownDay[];
}

/** A sprint with its items, points and a burndown from its first day to today (or its last day). */
export function viewSprint(sprint: Sprint, all: readonly PlacedItem[], now: Date): SprintView {
  const byNumber = new Map(all.map((i) => [i.number, i]));
  const items = sprint.items.map((n) => byNumber.get(n)).filter((i): i is PlacedItem => i !== undefined);
  const total = points(items);
  const doneIn = items.filter(isDelivered);
  const today = now.toISOString().slice(0, 10);
  const last = sprint.status === 'ended' && sprint.endedAt ? sprint.endedAt.slice(0, 10) : today;
  const until = last < sprint.end ? last : sprint.end;
  const burndown: BurndownDay[] = [];
  for (let day = sprint.start; day <= until; day = addDays(day, 1)) {
    const finished = doneIn.filter((i) => i.doneAt!.slice(0, 10) <= day);
    burndown.push({ day, remaining: total - points(finished) });
  }
  return {
    sprint,
    items: items.map(planItem),
    // An ended sprint keeps the velocity it recorded, whatever happened to its items since.
    points: { total, done: sprint.status === 'ended' && sprint.velocity !== null ? sprint.velocity : points(doneIn) },
    daysLeft: sprint.status === 'ended' ? 0 : Math.max(0, daysBetween(today, sprint.end) + 1),
    burndown,
  };
}

/** Points a sprint's items delivered: what `sprint end` records as its velocity. */
export function sprintVelocity(sprint: Sprint, items: readonly Item[]): number {
  const set = new Set(sprint.items);
  return points(items.filter((i) => set.has(i.number) && isDelivered(i)));
}

export interface VelocitySummary {
  /** The last ended sprints considered, oldest first. */
  sprints: { id: string; goal: string; start: string; end: string; capacity: number | null; velocity: number; goalMet: boolean }[];
  /** Mean velocity of those sprints; null when there are none. */
  average: number | null;
  /** Share of those sprints whose goal was met, 0 to 1; null when there are none. */
  goalAchievement: number | null;
  met: number;
}

export function summariseVelocity(sprints: readonly Sprint[], last: number): VelocitySummary {
  const ended = sprints.filter((s) => s.status === 'ended').slice(-last);
  const rows = ended.map((s) => ({ id: s.id, goal: s.goal, start: s.start, end: s.end, capacity: s.capacity, velocity: s.velocity ?? 0, goalMet: s.goalMet === true }));
  const met = rows.filter((r) => r.goalMet).length;
  return {
    sprints: rows,
    average: rows.length === 0 ? null : rows.reduce((s, r) => s + r.velocity, 0) / rows.length,
    goalAchievement: rows.length === 0 ? null : met / rows.length,
    met,
  };
}

export interface SprintForecast {
  /** Velocities sampled from, oldest sprint first. */
  velocities: number[];
  sprintDays: number;
  remainingPoints: number;
  points: ForecastPoint[];
}

/**
 * Monte Carlo in sprints: each trial draws a past sprint's velocity per future sprint until
 * the points are done. Dates count whole sprints of `sprintDays` from now.
 */
export function forecastBySprints(
  velocities: readonly number[],
  remainingPoints: number,
  sprintDays: number,
  now: Date,
  options: { trials: number; seed: number },
): SprintForecast {
  const runs = remainingPoints <= 0 ? [0] : simulateWeeks(velocities, remainingPoints, options.trials, mulberry32(options.seed));
  const pts = [50, 85].map((percent) => {
    const n = nearestRank(runs, percent)!;
    return { percent, weeks: (n * sprintDays) / 7, date: new Date(now.getTime() + n * sprintDays * DAY_MS).toISOString().slice(0, 10) };
  });
  return { velocities: [...velocities], sprintDays, remainingPoints, points: pts };
}
