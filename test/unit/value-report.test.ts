import { describe, expect, it } from 'vitest';
import { buildReport, findInversions, goalCoverage } from '../../src/core/report.js';
import { buildRoadmap } from '../../src/core/roadmap.js';
import { finished, goal, item, ranked } from './fixtures.js';

describe('goal coverage of the next N items', () => {
  it('gives each goal its share of the value in the window, biggest first', () => {
    const goals = [goal('G1', '2026-Q4'), goal('G2', '2027-Q1'), goal('G3', '2027-Q2'), goal('G4', '2026-Q3', 'achieved')];
    const items = [
      ranked(3, { goal: 'G1', value: 3 }),
      ranked(1, { goal: 'G1', value: 8 }),
      ranked(2, { goal: 'g2', value: 5 }),
      ranked(4, { goal: 'GX', value: 4 }),
      ranked(5, { goal: 'G2', value: 13 }), // outside the window
      item({ goal: 'G3', value: 21, status: 'proposed' }), // not ranked
    ];
    const c = goalCoverage(goals, items, 4);
    expect(c).toMatchObject({ top: 4, items: 4, value: 20 });
    expect(c.goals).toEqual([
      { goal: 'G1', title: 'Goal G1', items: 2, value: 11, share: 0.55 },
      { goal: 'G2', title: 'Goal G2', items: 1, value: 5, share: 0.25 },
      { goal: null, title: null, items: 1, value: 4, share: 0.2 },
      { goal: 'G3', title: 'Goal G3', items: 0, value: 0, share: 0 },
    ]);
  });
});

describe('order-versus-value inversions', () => {
  it('lists items ranked below ones with at most half their value per point', () => {
    const items = [
      ranked(1, { key: 'A', value: 8, estimate: 8 }), // 1.0 per point
      ranked(2, { key: 'B', value: 5, estimate: 1 }), // 5.0
      ranked(3, { key: 'C', value: 3, estimate: 1 }), // 3.0: 2× A, not 2× of B
      ranked(4, { key: 'D', value: 13, estimate: null }), // no estimate: no part
      ranked(5, { key: 'E', value: 2, estimate: 1 }), // 2.0: exactly 2× A counts
      ranked(6, { key: 'F', value: 21, estimate: 13 }), // 1.6: under 2× A
      ranked(7, { key: 'G', value: 3, estimate: 2 }), // 1.5
      item({ key: 'H', value: 21, estimate: 1, status: 'proposed' }), // not ranked
    ];
    const inv = findInversions(items);
    expect(inv.map((i) => [i.item.key, i.above.map((a) => a.key)])).toEqual([
      ['B', ['A']],
      ['C', ['A']],
      ['E', ['A']],
    ]);
    expect(inv[0]!.item).toEqual({ key: 'B', position: 2, title: expect.any(String), value: 5, estimate: 1, valuePerPoint: 5 });
  });

  it('finds none in an order that follows value per point', () => {
    expect(findInversions([ranked(1, { value: 13, estimate: 2 }), ranked(2, { value: 8, estimate: 3 }), ranked(3, { value: 3, estimate: 5 })])).toEqual([]);
  });
});

describe('the value report', () => {
  it('adds throughput, cycle-time percentiles and items lacking estimates', () => {
    const now = new Date('2026-11-23T00:00:00Z');
    const items = [
      // cycle times 1, 2, 3, 5, 8, 13, 20 days, done in weeks 0, 0, 1, 1, 1, 3, 3 before now
      finished('2026-11-22T00:00:00Z', 1),
      finished('2026-11-20T00:00:00Z', 2),
      finished('2026-11-15T00:00:00Z', 3),
      finished('2026-11-14T00:00:00Z', 5),
      finished('2026-11-10T00:00:00Z', 8),
      finished('2026-11-01T00:00:00Z', 13, { status: 'done' }),
      finished('2026-10-27T00:00:00Z', 20),
      finished('2026-09-01T00:00:00Z', 1), // before the window
      ranked(1, { key: 'X', estimate: 3 }),
      ranked(2, { key: 'Y', estimate: null }),
    ];
    const r = buildReport([goal('G1', '2026-Q4')], items, now, { top: 10, weeks: 4 });
    expect(r.throughput.weeks.map((w) => w.count)).toEqual([2, 0, 3, 2]);
    expect(r.throughput).toMatchObject({ total: 7, weeksWithFinishedItems: 3, perWeek: 1.75 });
    // nearest rank over 7 values: p50 is the 4th (5 days), p85 the 6th (13 days)
    expect(r.cycleTime).toMatchObject({ count: 7, p50: 5, p85: 13 });
    expect(r.missingEstimates.map((i) => i.key)).toEqual(['Y']);
  });
});

describe('the roadmap', () => {
  it('groups goals by horizon with their ranked items, value delivered and flags', () => {
    const goals = [goal('G2', '2027-Q1'), goal('G3', null), goal('G1', '2026-Q4'), goal('G0', '2026-Q3', 'retired'), goal('G4', '2026-Q4')];
    const items = [
      ranked(3, { key: 'R3', goal: 'G2', value: 13 }),
      ranked(1, { key: 'R1', goal: 'G1', value: 8 }),
      ranked(2, { key: 'R2', goal: 'g4', value: 5, status: 'in-progress' }),
      ranked(4, { key: 'R4', goal: 'GX', value: 3 }),
      finished('2026-11-01T00:00:00Z', 2, { goal: 'G1', value: 5 }),
      finished('2026-11-02T00:00:00Z', 2, { goal: 'G1', value: 3, status: 'done' }),
      finished('2026-11-03T00:00:00Z', 2, { goal: 'G1', value: 8, status: 'rejected' }),
      item({ goal: 'G1', value: 13, status: 'dropped' }),
      item({ goal: 'G1', value: 2, status: 'proposed' }),
      item({ goal: 'G2', value: 21, status: 'proposed' }),
    ];
    const r = buildRoadmap(goals, items, 2);
    expect(r.horizons.map((h) => [h.horizon, h.goals.map((g) => g.id)])).toEqual([
      ['2026-Q3', ['G0']],
      ['2026-Q4', ['G1', 'G4']],
      ['2027-Q1', ['G2']],
      [null, ['G3']],
    ]);
    const byId = Object.fromEntries(r.horizons.flatMap((h) => h.goals).map((g) => [g.id, g]));
    expect(byId.G1).toMatchObject({ deliveredValue: 8, remainingValue: 8, totalValue: 16, deliveredShare: 0.5, proposed: { count: 1, value: 2 }, inTop: 1, flagged: false });
    expect(byId.G1!.items.map((i) => [i.position, i.key, i.value])).toEqual([[1, 'R1', 8]]);
    expect(byId.G4).toMatchObject({ remainingValue: 5, deliveredShare: 0, inTop: 1, flagged: false });
    expect(byId.G2).toMatchObject({ remainingValue: 13, proposed: { count: 1, value: 21 }, inTop: 0, flagged: true });
    expect(byId.G3).toMatchObject({ totalValue: 0, deliveredShare: null, flagged: true });
    expect(byId.G0).toMatchObject({ flagged: false });
    expect(r.flagged).toEqual(['G2', 'G3']);
    expect(r.unlinked.map((i) => i.key)).toEqual(['R4']);
  });
});
