import { describe, expect, it } from 'vitest';
import { buildForecast, mulberry32, simulateWeeks } from '../../src/core/forecast.js';
import { finished } from './fixtures.js';

const NOW = new Date('2026-11-23T09:00:00Z');
const DAY = 86_400_000;

/** `perWeek[k]` items done in the week k weeks before now (k = 0 is the latest). */
function history(perWeek: number[]) {
  return perWeek.flatMap((n, k) => Array.from({ length: n }, (_, j) => finished(new Date(NOW.getTime() - (k * 7 + 1 + j * 0.1) * DAY).toISOString(), 2)));
}

describe('the seedable generator', () => {
  it('repeats its sequence for a seed and stays in [0, 1)', () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const xs = Array.from({ length: 1000 }, () => a());
    expect(Array.from({ length: 1000 }, () => b())).toEqual(xs);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    expect(mean).toBeGreaterThan(0.45);
    expect(mean).toBeLessThan(0.55);
    expect(mulberry32(43)()).not.toBe(mulberry32(42)());
  });
});

describe('the Monte Carlo forecast', () => {
  it('with exactly 2 items every week, 7 items take 4 weeks at 50% and 85%', () => {
    const f = buildForecast(history(Array(12).fill(2)), NOW, { remaining: 7, historyWeeks: 12, trials: 10_000, seed: 1 });
    expect(f.enough).toBe(true);
    expect(f.throughput).toEqual(Array(12).fill(2));
    expect(f.points).toEqual([
      { percent: 50, weeks: 4, date: '2026-12-21' },
      { percent: 85, weeks: 4, date: '2026-12-21' },
    ]);
    expect(simulateWeeks([2, 2, 2], 8, 100, mulberry32(5))).toEqual(Array(100).fill(4));
    expect(simulateWeeks([2, 2, 2], 9, 100, mulberry32(5))).toEqual(Array(100).fill(5));
  });

  it('samples zero weeks too: alternating 0 and 4 items a week spreads the dates', () => {
    // Each week adds 0 or 4 with even odds; 8 items need two "4" weeks: a negative binomial.
    // P(done within 3 weeks) = 0.5, within 5 weeks = 0.8125, within 6 weeks = 0.890625.
    const f = buildForecast(history([0, 4, 0, 4, 0, 4, 0, 4]), NOW, { remaining: 8, historyWeeks: 8, trials: 10_000, seed: 7 });
    const [p50, p85] = f.points;
    expect(p50!.weeks).toBeGreaterThanOrEqual(3);
    expect(p50!.weeks).toBeLessThanOrEqual(4);
    expect(p85!.weeks).toBe(6);
  });

  it('gives the same answer for the same seed, and may differ for another', () => {
    const items = history([1, 0, 3, 2, 0, 1, 4, 1, 0, 2, 1, 1]);
    const run = (seed: number) => simulateWeeks(buildForecast(items, NOW, { remaining: 1, historyWeeks: 12, trials: 1, seed }).throughput, 15, 500, mulberry32(seed));
    expect(run(42)).toEqual(run(42));
    expect(run(42)).not.toEqual(run(43));
    const once = buildForecast(items, NOW, { remaining: 15, historyWeeks: 12, trials: 10_000, seed: 99 });
    expect(buildForecast(items, NOW, { remaining: 15, historyWeeks: 12, trials: 10_000, seed: 99 })).toEqual(once);
  });

  it('gives no date with fewer than 4 weeks that finished something', () => {
    const f = buildForecast(history([5, 0, 3, 0, 0, 2]), NOW, { remaining: 3, historyWeeks: 12, trials: 10_000, seed: 1 });
    expect(f).toMatchObject({ enough: false, weeksWithFinishedItems: 3, points: [] });
  });
});
