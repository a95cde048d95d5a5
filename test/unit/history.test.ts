import { describe, expect, it } from 'vitest';
import { cycleTimes, nearestRank, weekIndex, weeklyThroughput } from '../../src/core/history.js';
import { finished, item } from './fixtures.js';

const NOW = new Date('2026-11-23T00:00:00Z');

describe('weekly throughput buckets, counted back from now', () => {
  it('puts each finished item in its week, exactly-one-week-old items in the older week', () => {
    const items = [
      finished('2026-11-23T00:00:00Z', 1, { value: 8 }), // now: week 0
      finished('2026-11-16T00:00:01Z', 1, { value: 5 }), // just inside week 0
      finished('2026-11-16T00:00:00Z', 1, { value: 3 }), // exactly 7 days: week 1
      finished('2026-11-10T00:00:00Z', 1, { value: 2, status: 'done' }), // 13 days: week 1
      finished('2026-11-02T00:00:00Z', 1, { value: 13 }), // 21 days: outside 3 weeks
      finished('2026-11-24T00:00:00Z', 1, { value: 21 }), // in the future
      finished('2026-11-20T00:00:00Z', 1, { status: 'rejected' }), // delivery sent back
      item({ status: 'in-progress', startedAt: '2026-11-20T00:00:00Z' }),
    ];
    const weeks = weeklyThroughput(items, NOW, 3);
    expect(weeks.map((w) => w.count)).toEqual([0, 2, 2]);
    expect(weeks.map((w) => w.value)).toEqual([0, 5, 13]);
    expect(weeks[0]).toMatchObject({ start: '2026-11-02T00:00:00.000Z', end: '2026-11-09T00:00:00.000Z' });
    expect(weeks[2]).toMatchObject({ start: '2026-11-16T00:00:00.000Z', end: '2026-11-23T00:00:00.000Z' });
  });

  it('numbers weeks from the latest', () => {
    expect(weekIndex('2026-11-22T23:59:59Z', NOW, 12)).toBe(0);
    expect(weekIndex('2026-11-09T00:00:00Z', NOW, 12)).toBe(2);
    expect(weekIndex('2026-08-31T00:00:00Z', NOW, 12)).toBeNull();
    expect(weekIndex('2026-12-01T00:00:00Z', NOW, 12)).toBeNull();
  });
});

describe('nearest-rank percentiles', () => {
  it('takes the value at rank ceil(p/100 × n) of the sorted values', () => {
    expect(nearestRank([10, 9, 8, 7, 6, 5, 4, 3, 2, 1], 50)).toBe(5);
    expect(nearestRank([10, 9, 8, 7, 6, 5, 4, 3, 2, 1], 85)).toBe(9);
    expect(nearestRank([3, 14, 1, 2], 50)).toBe(2);
    expect(nearestRank([3, 14, 1, 2], 85)).toBe(14);
    expect(nearestRank([4], 85)).toBe(4);
    expect(nearestRank([], 50)).toBeNull();
  });
});

describe('cycle times', () => {
  it('measures start to done in days for items done in the window', () => {
    const items = [finished('2026-11-20T12:00:00Z', 2.5, { key: 'A' }), finished('2026-10-01T00:00:00Z', 3, { key: 'OLD' }), finished('2026-11-18T00:00:00Z', 0, { key: 'B' })];
    expect(cycleTimes(items, NOW, 4)).toEqual([
      { key: 'A', days: 2.5 },
      { key: 'B', days: 0 },
    ]);
  });
});
