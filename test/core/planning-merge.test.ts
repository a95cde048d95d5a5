/** Planning data meeting another copy of the backlog: criteria as an item field, releases and sprints by id and field. */
import { generateNKeysBetween } from 'fractional-indexing';
import { describe, expect, it } from 'vitest';
import { mergeSnapshots } from '../../src/core/merge.js';
import type { Snapshot } from '../../src/core/snapshot.js';
import type { Goal, Item, Release, Sprint } from '../../src/core/types.js';

const goal: Goal = { id: 'G1', title: 'Goal', description: null, horizon: null, metric: null, status: 'active', createdAt: 't0', updatedAt: 't0' };
const keys = generateNKeysBetween(null, null, 3);

function item(number: number, patch: Partial<Item> = {}): Item {
  return {
    number, title: `Item ${number}`, description: null, type: 'story', value: 8, rationale: 'Shoppers need it', goal: 'G1', estimate: 3,
    status: 'ready', rank: keys[number - 1]!, createdBy: 'alice@example.com', createdAt: `c${number}`, updatedAt: `c${number}`,
    startedAt: null, doneAt: null, closedAt: null, reason: null, criteria: [], assignee: null, labels: [], dependsOn: [], ...patch,
  };
}

const release = (patch: Partial<Release> = {}): Release => ({ id: 'R1', name: 'Spring', date: '2027-06-30', status: 'planned', items: [1, 2], shippedAt: null, createdAt: 't1', updatedAt: 't1', ...patch });
const sprint = (patch: Partial<Sprint> = {}): Sprint => ({
  id: 'S1', goal: 'Pay in one tap', status: 'active', start: '2027-01-04', end: '2027-01-17', capacity: null, items: [1], goalMet: null, velocity: null, endedAt: null, createdAt: 't1', updatedAt: 't1', ...patch,
});

function backlog(patch: { items?: Item[]; releases?: Release[]; sprints?: Sprint[] } = {}): Snapshot {
  return { goals: [goal], items: patch.items ?? [item(1), item(2), item(3)], events: [], releases: patch.releases ?? [release()], sprints: patch.sprints ?? [sprint()] };
}

describe('merging planning data', () => {
  it('takes criteria and assignee changed on one side each', () => {
    const base = backlog();
    const ours = backlog({ items: [item(1, { criteria: ['Works on mobile'], updatedAt: 't5' }), item(2), item(3)] });
    const theirs = backlog({ items: [item(1), item(2, { status: 'in-progress', startedAt: 't6', assignee: 'carol@example.com', updatedAt: 't6' }), item(3)] });
    const r = mergeSnapshots(base, ours, theirs);
    expect(r.conflicts).toEqual([]);
    expect(r.merged.items[0]!.criteria).toEqual(['Works on mobile']);
    expect(r.merged.items[1]).toMatchObject({ status: 'in-progress', assignee: 'carol@example.com' });
  });

  it('merges releases and sprints by id and field; both sides changing a field keeps ours and names theirs', () => {
    const base = backlog();
    const ours = backlog({ releases: [release({ date: '2027-07-15', updatedAt: 't5' })], sprints: [sprint({ status: 'ended', goalMet: true, velocity: 3, endedAt: 't5', updatedAt: 't5' })] });
    const theirs = backlog({ releases: [release({ items: [1, 2, 3], updatedAt: 't6' }), release({ id: 'R2', name: 'Summer', date: '2027-09-30' })], sprints: [sprint({ goal: 'Pay in one tap, on mobile', updatedAt: 't6' })] });
    const r = mergeSnapshots(base, ours, theirs);
    expect(r.conflicts).toEqual([]);
    expect(r.merged.releases).toEqual([release({ date: '2027-07-15', items: [1, 2, 3], updatedAt: 't6' }), release({ id: 'R2', name: 'Summer', date: '2027-09-30' })]);
    expect(r.merged.sprints).toEqual([sprint({ goal: 'Pay in one tap, on mobile', status: 'ended', goalMet: true, velocity: 3, endedAt: 't5', updatedAt: 't6' })]);

    const clash = mergeSnapshots(base, backlog({ releases: [release({ date: '2027-07-01' })] }), backlog({ releases: [release({ date: '2027-08-01' })] }));
    expect(clash.merged.releases![0]!.date).toBe('2027-07-01');
    expect(clash.conflicts).toEqual([{ kind: 'plan-field', release: 'R1', field: 'date', base: '2027-06-30', ours: '2027-07-01', theirs: '2027-08-01' }]);
  });

  it('follows their renumbered item into their release and sprint', () => {
    const base = backlog({ items: [item(1)], releases: [], sprints: [] });
    const ours = backlog({ items: [item(1), item(2, { createdAt: 'ours' })], releases: [], sprints: [] });
    const theirs = backlog({ items: [item(1), item(2, { createdAt: 'theirs' })], releases: [release({ items: [1, 2] })], sprints: [sprint({ items: [2] })] });
    const r = mergeSnapshots(base, ours, theirs);
    expect(r.renumbered).toEqual([{ from: 2, to: 3, title: 'Item 2' }]);
    expect(r.merged.releases![0]!.items).toEqual([1, 3]);
    expect(r.merged.sprints![0]!.items).toEqual([3]);
  });
});
