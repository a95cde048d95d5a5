import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEV, Sandbox, STRANGER } from '../helpers/cli.js';

const NOW = '2026-11-23T09:00:00Z';
let sb: Sandbox;
let keys: { slow: string; quick: string; unsized: string; history: string[] };

const at = (date: string) => ({ env: { ORDO_NOW: date.includes('T') ? date : `${date}T09:00:00Z` } });

beforeAll(() => {
  sb = new Sandbox().initBacklog();
  sb.ok(['goal', 'add', 'G2', 'Cut payment failures', '--horizon', '2027-Q1'], at('2026-09-01'));
  const add = (title: string, value: number, goal: string, estimate?: number) =>
    sb
      .ok(['add', title, '--value', String(value), '--why', 'Shoppers abandon carts when this is missing', '--goal', goal, ...(estimate ? ['--estimate', String(estimate)] : []), '--json'], at('2026-10-01'))
      .json().item.key as string;
  // One item finished in each of the 4 weeks before NOW, taking 8, 4, 2 and 1 days.
  const history = [
    ['2026-10-22', '2026-10-30'],
    ['2026-11-02', '2026-11-06'],
    ['2026-11-11', '2026-11-13'],
    ['2026-11-19', '2026-11-20'],
  ].map(([start, done], i) => {
    const key = add(`Finished ${i + 1}`, 5, 'G1', 2);
    sb.ok(['start', key], { ...at(start!), user: DEV });
    sb.ok(['done', key], { ...at(done!), user: DEV });
    return key;
  });
  keys = { slow: add('Big slow thing', 3, 'G1', 8), quick: add('Quick win', 8, 'G1', 1), unsized: add('Unsized', 5, 'G2'), history };
});
afterAll(() => sb?.cleanup());

describe('ordo roadmap', () => {
  it('groups goals by horizon with ranked items, delivered value, and flags goals outside the top N', () => {
    const before = sb.dbHash();
    const r = sb.ok(['roadmap', '--top', '2', '--json'], at(NOW)).json();
    expect(r).toMatchObject({ schemaVersion: 1, kind: 'roadmap', top: 2, flagged: ['G2'] });
    expect(r.horizons.map((h: any) => [h.horizon, h.goals.map((g: any) => g.id)])).toEqual([
      ['2026-Q4', ['G1']],
      ['2027-Q1', ['G2']],
    ]);
    const g1 = r.horizons[0].goals[0];
    expect(g1).toMatchObject({ deliveredValue: 20, remainingValue: 11, totalValue: 31, inTop: 2, flagged: false });
    expect(g1.items.map((i: any) => [i.position, i.key, i.value])).toEqual([
      [1, keys.slow, 3],
      [2, keys.quick, 8],
    ]);
    const text = sb.ok(['roadmap', '--top', '2'], at(NOW)).stdout;
    expect(text).toContain('2027-Q1');
    expect(text).toMatch(/G2 {2}Cut payment failures\n.*\n\s+⚑ nothing in the top 2 of the order/);
    expect(text).toContain('65% delivered  20 of 31 value, 11 remaining');
    expect(sb.dbHash()).toBe(before);
  });
});

describe('ordo report', () => {
  it('reports coverage, inversions, weekly throughput, cycle time and missing estimates', () => {
    const before = sb.dbHash();
    const r = sb.ok(['report', '--weeks', '4', '--top', '2', '--json'], at(NOW)).json();
    expect(r).toMatchObject({ schemaVersion: 1, kind: 'value-report', top: 2, weeks: 4, now: '2026-11-23T09:00:00.000Z', inversionFactor: 2 });
    expect(r.coverage).toMatchObject({ items: 2, value: 11 });
    expect(r.coverage.goals.map((g: any) => [g.goal, g.value, g.share])).toEqual([
      ['G1', 11, 1],
      ['G2', 0, 0],
    ]);
    expect(r.inversions).toEqual([
      {
        item: { key: keys.quick, position: 2, title: 'Quick win', value: 8, estimate: 1, valuePerPoint: 8 },
        above: [{ key: keys.slow, position: 1, title: 'Big slow thing', value: 3, estimate: 8, valuePerPoint: 0.375 }],
      },
    ]);
    expect(r.throughput.weeks.map((w: any) => w.count)).toEqual([1, 1, 1, 1]);
    expect(r.throughput).toMatchObject({ total: 4, weeksWithFinishedItems: 4, perWeek: 1 });
    // cycle times 1, 2, 4, 8 days: nearest rank p50 is the 2nd, p85 the 4th
    expect(r.cycleTime).toMatchObject({ count: 4, p50: 2, p85: 8 });
    expect(r.missingEstimates.map((i: any) => i.key)).toEqual([keys.unsized]);

    const text = sb.ok(['report', '--weeks', '4'], at(NOW));
    expect(text.stdout).toContain(`${keys.quick} #2  8.0/pt`);
    expect(text.stdout).toContain('████  1 1 1 1');
    expect(text.stdout).toContain('p50 2 days   p85 8 days');
    expect(sb.dbHash()).toBe(before);
  });
});

describe('ordo forecast', () => {
  it('dates the whole order from a steady history: 1 item a week, 3 items, 3 weeks', () => {
    const r = sb.ok(['forecast', '--weeks', '4', '--json'], at(NOW)).json();
    expect(r).toMatchObject({ schemaVersion: 1, kind: 'forecast', outcome: 'dated', trials: 10_000, remaining: 3, throughput: [1, 1, 1, 1], enough: true });
    expect(r.points).toEqual([
      { percent: 50, weeks: 3, date: '2026-12-14' },
      { percent: 85, weeks: 3, date: '2026-12-14' },
    ]);
    const item = sb.ok(['forecast', keys.quick, '--weeks', '4', '--json'], at(NOW)).json();
    expect(item.work.map((i: any) => i.key)).toEqual([keys.slow, keys.quick]);
    expect(item.points[0]).toEqual({ percent: 50, weeks: 2, date: '2026-12-07' });
    expect(sb.ok(['forecast', '--top', '1', '--weeks', '4'], at(NOW)).stdout).toContain('50%  by 2026-11-30  (1 week)');
  });

  it('prints the same forecast twice for the same seed', () => {
    const a = sb.ok(['forecast', '--seed', '42', '--weeks', '12'], at(NOW));
    const b = sb.ok(['forecast', '--seed', '42', '--weeks', '12'], at(NOW));
    expect(a.stdout).toBe(b.stdout);
    expect(a.stdout).toMatch(/50% {2}by \d{4}-\d{2}-\d{2}/);
    expect(a.stdout).toContain('Repeat with --seed 42.');
    expect(sb.ok(['forecast', '--seed', '42', '--json'], at(NOW)).json().seed).toBe(42);
  });

  it('says so and gives no date when fewer than 4 weeks finished something', () => {
    const later = at('2026-12-28'); // 8 weeks back reach 2026-11-02: three of the four finished items
    const r = sb.run(['forecast', '--weeks', '8'], later);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Not enough history to forecast the whole order (3 items): 3 of the last 8 weeks had finished items, and a forecast needs at least 4.');
    expect(r.stdout).not.toMatch(/\d{4}-\d{2}-\d{2}/);
    const j = sb.ok(['forecast', '--weeks', '8', '--json'], later).json();
    expect(j).toMatchObject({ outcome: 'too-little-history', enough: false, weeksWithFinishedItems: 3, points: [] });
  });

  it('answers for finished items, refuses unranked ones and bad flags, and writes nothing', () => {
    const before = sb.dbHash();
    expect(sb.ok(['forecast', keys.history[0]!], at(NOW)).stdout).toContain(`${keys.history[0]} is already done (2026-10-30)`);
    const proposed = sb.ok(['add', 'Idea', '--value', '3', '--why', 'Someone outside the team asked for it twice', '--goal', 'G1', '--json'], { user: STRANGER }).json().item.key;
    const afterAdd = sb.dbHash();
    const r = sb.run(['forecast', proposed], at(NOW));
    expect(r.code).toBe(5);
    expect(r.stderr).toContain(`${proposed} is proposed, not in the order`);
    expect(sb.run(['forecast', keys.quick, '--top', '2'], at(NOW)).code).toBe(2);
    expect(sb.run(['forecast', '--seed', 'abc'], at(NOW)).stderr).toContain('--seed expects a whole number');
    expect(sb.run(['forecast', 'ORD-999'], at(NOW)).code).toBe(4);
    expect(sb.dbHash()).toBe(afterAdd);
    expect(afterAdd).not.toBe(before);
  });
});
