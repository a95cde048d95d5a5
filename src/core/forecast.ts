/**
 * Monte Carlo delivery forecast. Each trial replays the future week by week, drawing each
 * week's throughput at random from the recent weekly history (zero weeks included), until
 * the work is done; the answer is the spread of those week counts. The 50% and 85% dates
 * are nearest-rank percentiles of the trials, counted in whole weeks from now.
 */
import { nearestRank, weeklyThroughput, WEEK_MS } from './history.js';
import type { Item } from './types.js';

export const DEFAULT_TRIALS = 10_000;
/** Below this many weeks with finished items, the history says too little to forecast from. */
export const MIN_WEEKS_WITH_FINISHED_ITEMS = 4;

/** A small, fast, seedable PRNG (mulberry32): floats in [0, 1), the same sequence for the same seed. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Weeks each trial needed to finish `remaining` items, drawing weekly throughput from `samples`. */
export function simulateWeeks(samples: readonly number[], remaining: number, trials: number, random: () => number): number[] {
  if (samples.every((s) => s <= 0)) throw new RangeError('the throughput history has no finished items');
  const out = new Array<number>(trials);
  for (let t = 0; t < trials; t++) {
    let done = 0;
    let weeks = 0;
    while (done < remaining) {
      done += samples[Math.floor(random() * samples.length)]!;
      weeks += 1;
    }
    out[t] = weeks;
  }
  return out;
}

export interface ForecastPoint {
  /** Percentile of the trials, e.g. 85: that share of trials finished by this date. */
  percent: number;
  weeks: number;
  /** The calendar date (UTC) `weeks` weeks from now. */
  date: string;
}

export interface Forecast {
  seed: number;
  trials: number;
  /** Weeks of history sampled from. */
  historyWeeks: number;
  /** Items finished per week, oldest week first. */
  throughput: number[];
  weeksWithFinishedItems: number;
  /** False when fewer than MIN_WEEKS_WITH_FINISHED_ITEMS weeks had finished items: no dates then. */
  enough: boolean;
  /** How many items the forecast is for. */
  remaining: number;
  points: ForecastPoint[];
}

export function weeksFromNow(now: Date, weeks: number): string {
  return new Date(now.getTime() + weeks * WEEK_MS).toISOString().slice(0, 10);
}

/** Forecasts when `remaining` items will be done, from every item's history as of `now`. */
export function buildForecast(
  items: readonly Item[],
  now: Date,
  options: { remaining: number; historyWeeks: number; trials: number; seed: number },
): Forecast {
  const throughput = weeklyThroughput(items, now, options.historyWeeks).map((b) => b.count);
  const weeksWithFinishedItems = throughput.filter((c) => c > 0).length;
  const enough = weeksWithFinishedItems >= MIN_WEEKS_WITH_FINISHED_ITEMS;
  const base = {
    seed: options.seed,
    trials: options.trials,
    historyWeeks: options.historyWeeks,
    throughput,
    weeksWithFinishedItems,
    enough,
    remaining: options.remaining,
  };
  if (!enough) return { ...base, points: [] };
  const weeks = simulateWeeks(throughput, options.remaining, options.trials, mulberry32(options.seed));
  const points = [50, 85].map((percent) => {
    const w = nearestRank(weeks, percent)!;
    return { percent, weeks: w, date: weeksFromNow(now, w) };
  });
  return { ...base, points };
}
