import { generateNKeysBetween } from 'fractional-indexing';
import { describe, expect, it } from 'vitest';
import { mergeSnapshots } from '../../src/core/merge.js';
import type { Snapshot } from '../../src/core/snapshot.js';
import type { Item } from '../../src/core/types.js';
import { cycleThrough } from '../../src/core/dependencies.js';

function item(number: number, patch: Partial<Item> = {}): Item {
  return {
    number, title: `Item ${number}`, description: null, type: 'story', value: 8, rationale: 'Because shoppers keep asking for it', goal: 'G1',
    estimate: null, status: 'ready', rank: null, createdBy: 'alice@example.com', createdAt: `c${number}`, updatedAt: `c${number}`,
    startedAt: null, doneAt: null, closedAt: null, reason: null, labels: [], dependsOn: [], ...patch,
  };
}

/** Items 1..n ranked in number order, each with its patch. */
function backlog(n: number, patches: Record<number, Partial<Item>> = {}, extra: Item[] = []): Snapshot {
  const keys = generateNKeysBetween(null, null, n);
  const items = Array.from({ length: n }, (_, i) => item(i + 1, { rank: keys[i]!, ...patches[i + 1] }));
  return { goals: [{ id: 'G1', title: 'G', description: null, horizon: null, metric: null, status: 'active', createdAt: 't', updatedAt: 't' }], items: [...items, ...extra], events: [] };
}

const get = (s: Snapshot, n: number) => s.items.find((i) => i.number === n)!;

describe('merging labels and dependencies', () => {
  it('merges labels member by member: an addition on one side and a removal on the other both stand', () => {
    const base = backlog(2, { 1: { labels: ['checkout', 'later'] } });
    const ours = backlog(2, { 1: { labels: ['checkout', 'later', 'mobile'] } });
    const theirs = backlog(2, { 1: { labels: ['checkout'] } });
    const r = mergeSnapshots(base, ours, theirs);
    expect(get(r.merged, 1).labels).toEqual(['checkout', 'mobile']);
    expect(r.conflicts).toEqual([]);
  });

  it('merges dependencies the same way', () => {
    const base = backlog(4, { 1: { dependsOn: [2] } });
    const ours = backlog(4, { 1: { dependsOn: [2, 3] } });
    const theirs = backlog(4, { 1: { dependsOn: [4] } });
    const r = mergeSnapshots(base, ours, theirs);
    expect(get(r.merged, 1).dependsOn).toEqual([3, 4]);
  });

  it('leaves out and reports a dependency of theirs that would close a cycle with ours', () => {
    const base = backlog(3);
    const ours = backlog(3, { 1: { dependsOn: [2] } });
    const theirs = backlog(3, { 2: { dependsOn: [1] } });
    const r = mergeSnapshots(base, ours, theirs);
    expect(get(r.merged, 1).dependsOn).toEqual([2]);
    expect(get(r.merged, 2).dependsOn).toEqual([]);
    expect(r.conflicts).toEqual([expect.objectContaining({ kind: 'item-field', item: 2, field: 'dependsOn', ours: [], theirs: [1] })]);
  });

  it('moves dependencies along when their new item is renumbered', () => {
    const base = backlog(2);
    const ours = backlog(2, {}, [item(3, { status: 'proposed', title: 'Ours', createdAt: 'x1' })]);
    const theirs = backlog(2, { 1: { dependsOn: [3] } }, [item(3, { status: 'proposed', title: 'Theirs', createdAt: 'x2' })]);
    const r = mergeSnapshots(base, ours, theirs);
    expect(r.renumbered).toEqual([{ from: 3, to: 4, title: 'Theirs' }]);
    expect(get(r.merged, 1).dependsOn).toEqual([4]);
  });
});

describe('cycleThrough', () => {
  it('names the shortest cycle a new dependency would close, or null', () => {
    const graph = new Map([[2, [3]], [3, [4]], [4, [5]], [5, [1]]]);
    expect(cycleThrough(graph, 1, 2)).toEqual([1, 2, 3, 4, 5, 1]);
    expect(cycleThrough(graph, 1, 4)).toEqual([1, 4, 5, 1]);
    expect(cycleThrough(graph, 5, 6)).toBeNull();
    expect(cycleThrough(graph, 3, 3)).toEqual([3, 3]);
  });
});
