import { generateKeyPairSync } from 'node:crypto';
import { generateNKeysBetween } from 'fractional-indexing';
import { describe, expect, it } from 'vitest';
import { diffSnapshots } from '../../src/core/backlog-diff.js';
import { assignKeys, mergeSnapshots } from '../../src/core/merge.js';
import { formatPublicKey, signPayload, type SignaturePayload } from '../../src/core/signature.js';
import { movedItems, rankedItems, type Snapshot, type SnapshotEvent, type SnapshotProposal } from '../../src/core/snapshot.js';
import type { Goal, Item } from '../../src/core/types.js';

const goal: Goal = { id: 'G1', title: 'Goal', description: null, horizon: '2027-Q1', metric: null, status: 'active', createdAt: 't0', updatedAt: 't0' };

function item(number: number, patch: Partial<Item> = {}): Item {
  return {
    number,
    title: `Item ${number}`,
    description: null,
    type: 'story',
    value: 8,
    rationale: 'Shoppers need it',
    goal: 'G1',
    estimate: null,
    status: 'ready',
    rank: null,
    createdBy: 'alice@example.com',
    createdAt: `c${number}`,
    updatedAt: `c${number}`,
    startedAt: null,
    doneAt: null,
    closedAt: null,
    reason: null,
    labels: [],
    dependsOn: [],
    ...patch,
  };
}

function event(at: string, action: string, itemNo: number | null, details: Record<string, unknown> = {}): SnapshotEvent {
  return { at, actor: 'alice@example.com', source: 'ORDO_USER', command: action, action, item: itemNo, goal: null, details };
}

/** A backlog whose ranked items are `order` (top first); `extra` are unranked items. */
function backlog(order: number[], extra: Item[] = [], patches: Record<number, Partial<Item>> = {}, events: SnapshotEvent[] = []): Snapshot {
  const keys = generateNKeysBetween(null, null, order.length);
  const items = [...order.map((n, i) => item(n, { rank: keys[i]!, ...patches[n] })), ...extra].sort((a, b) => a.number - b.number);
  return { goals: [goal], items, events };
}

const order = (s: Snapshot) => rankedItems(s.items).map((i) => i.number);
const get = (s: Snapshot, n: number) => s.items.find((i) => i.number === n)!;

describe('mergeSnapshots', () => {
  const base = backlog([1, 2, 3, 4], [], {}, [event('t1', 'add', 1)]);

  it('takes a field changed on one side and an order changed on the other', () => {
    const ours = backlog([1, 2, 3, 4], [], { 2: { title: 'Renamed', updatedAt: 't5' } }, [...base.events, event('t5', 'edit', 2)]);
    const theirs = backlog([4, 1, 2, 3], [], {}, [...base.events, event('t4', 'move', 4)]);
    const r = mergeSnapshots(base, ours, theirs);
    expect(r.conflicts).toEqual([]);
    expect(r.order).toBe('theirs');
    expect(order(r.merged)).toEqual([4, 1, 2, 3]);
    expect(get(r.merged, 2).title).toBe('Renamed');
    // Ours (the published trail) stays as it is; their events that ours lacks follow it.
    expect(r.merged.events.map((e) => e.action)).toEqual(['add', 'edit', 'move']);
  });

  it('keeps ours and names theirs when both sides change the same field', () => {
    const ours = backlog([1, 2, 3, 4], [], { 3: { value: 13 } });
    const theirs = backlog([1, 2, 3, 4], [], { 3: { value: 21 } });
    const r = mergeSnapshots(base, ours, theirs);
    expect(get(r.merged, 3).value).toBe(13);
    expect(r.conflicts).toEqual([{ kind: 'item-field', item: 3, title: 'Item 3', field: 'value', base: 8, ours: 13, theirs: 21 }]);
  });

  it('treats equal changes on both sides as no conflict', () => {
    const both = backlog([1, 2, 3, 4], [], { 3: { value: 13 } });
    const r = mergeSnapshots(base, both, both);
    expect(r.conflicts).toEqual([]);
    expect(get(r.merged, 3).value).toBe(13);
  });

  it('keeps our order when both sides reorder, and reports their moves', () => {
    const ours = backlog([2, 1, 3, 4]);
    const theirs = backlog([1, 2, 4, 3]);
    const r = mergeSnapshots(base, ours, theirs);
    expect(order(r.merged)).toEqual([2, 1, 3, 4]);
    expect(r.conflicts).toHaveLength(1);
    expect(r.conflicts[0]).toMatchObject({ kind: 'move', base: expect.any(Number), theirs: expect.any(Number) });
    expect([3, 4]).toContain((r.conflicts[0] as { item: number }).item);
  });

  it('places a new ranked item where its side placed it, inside the other side’s order', () => {
    const ours = backlog([4, 3, 2, 1]); // the PO reversed the order
    const theirs = backlog([1, 2, 5, 3, 4]); // the PO added item 5 after 2 on the other side
    const r = mergeSnapshots(base, ours, theirs);
    expect(r.conflicts).toEqual([]);
    expect(order(r.merged)).toEqual([4, 3, 2, 5, 1]);
    const keys = rankedItems(r.merged.items).map((i) => i.rank!);
    expect([...keys].sort()).toEqual(keys);
    // Keys the sides already had stay as they were.
    expect(get(r.merged, 4).rank).toBe(get(ours, 4).rank);
  });

  it('renumbers their new item when both sides used the same number, and moves its events along', () => {
    const ours = backlog([1, 2, 3, 4], [item(5, { status: 'proposed', title: 'Ours', createdAt: 'x1' })], {}, [...base.events, event('t6', 'add', 5, { title: 'Ours' })]);
    const theirs = backlog([1, 2, 3, 4], [item(5, { status: 'proposed', title: 'Theirs', createdAt: 'x2' })], {}, [...base.events, event('t7', 'add', 5, { title: 'Theirs' })]);
    const r = mergeSnapshots(base, ours, theirs);
    expect(r.renumbered).toEqual([{ from: 5, to: 6, title: 'Theirs' }]);
    expect(get(r.merged, 5).title).toBe('Ours');
    expect(get(r.merged, 6).title).toBe('Theirs');
    expect(r.merged.events.filter((e) => e.action === 'add').map((e) => [e.item, e.details.title])).toEqual([
      [1, undefined],
      [5, 'Ours'],
      [6, 'Theirs'],
    ]);
    expect(r.conflicts).toEqual([]);
  });

  it('keeps every event once: shared history is not doubled', () => {
    const shared = [event('t1', 'add', 1), event('t2', 'add', 2)];
    const r = mergeSnapshots(backlog([1, 2], [], {}, shared), backlog([1, 2], [], {}, [...shared, event('t3', 'edit', 1)]), backlog([1, 2], [], {}, [...shared, event('t3', 'edit', 2)]));
    expect(r.merged.events.map((e) => `${e.at}:${e.item}`)).toEqual(['t1:1', 't2:2', 't3:1', 't3:2']);
  });

  it('takes a status change from one side with the fields that go with it', () => {
    const ours = backlog([1, 2, 3, 4], [], { 1: { title: 'Ours title' } });
    const theirs = backlog([2, 3, 4], [item(1, { status: 'done', doneAt: 't9', rank: null })]);
    const r = mergeSnapshots(base, ours, theirs);
    expect(r.conflicts).toEqual([]);
    expect(get(r.merged, 1)).toMatchObject({ status: 'done', doneAt: 't9', rank: null, title: 'Ours title' });
    expect(order(r.merged)).toEqual([2, 3, 4]);
  });

  it('reports a goal field changed on both sides', () => {
    const ours = { ...base, goals: [{ ...goal, title: 'A' }] };
    const theirs = { ...base, goals: [{ ...goal, title: 'B' }] };
    const r = mergeSnapshots(base, ours, theirs);
    expect(r.merged.goals[0]!.title).toBe('A');
    expect(r.conflicts).toEqual([{ kind: 'goal-field', goal: 'G1', field: 'title', base: 'Goal', ours: 'A', theirs: 'B' }]);
  });
});

describe('assignKeys', () => {
  it('keeps keys that are still in order and fills the gaps between them', () => {
    const keys = new Map([
      [1, 'a0'],
      [2, 'a1'],
      [3, 'a2'],
    ]);
    const out = assignKeys([3, 1, 9, 2], (n) => keys.get(n) ?? null);
    expect(out.get(1)).toBe('a0');
    expect(out.get(2)).toBe('a1');
    const seq = [3, 1, 9, 2].map((n) => out.get(n)!);
    expect([...seq].sort()).toEqual(seq);
  });
});

describe('movedItems and diffSnapshots', () => {
  it('reports the item that moved, not the ones it pushed down', () => {
    expect([...movedItems([1, 2, 3, 4, 5], [5, 1, 2, 3, 4])]).toEqual([5]);
  });

  it('lists added, edited and moved items', () => {
    const before = backlog([1, 2, 3]);
    const after = backlog([3, 1, 2], [item(4, { status: 'proposed' })], { 2: { value: 13 } });
    const d = diffSnapshots(before, after);
    expect(d.items.added.map((a) => a.item.number)).toEqual([4]);
    expect(d.items.edited).toEqual([{ number: 2, title: 'Item 2', changes: [{ field: 'value', from: 8, to: 13 }] }]);
    expect(d.moves).toEqual([{ number: 3, title: 'Item 3', from: 3, to: 1 }]);
  });
});

function proposal(itemNo: number, patch: Partial<SnapshotProposal> = {}): SnapshotProposal {
  return {
    item: itemNo,
    placement: 'top',
    anchor: null,
    why: 'Customers wait for it',
    proposedBy: 'carol@example.com',
    createdAt: `p${itemNo}`,
    status: 'pending',
    decidedBy: null,
    decidedAt: null,
    reason: null,
    ...patch,
  };
}

describe('mergeSnapshots: move proposals', () => {
  const pending = proposal(3);
  const base = { ...backlog([1, 2, 3, 4]), proposals: [pending] };
  const applied = { status: 'applied', decidedBy: 'alice@example.com', decidedAt: 't5' } as const;
  const declined = { status: 'declined', decidedBy: 'alice@example.com', decidedAt: 't6', reason: 'Not now' } as const;

  it('keeps proposals made on either side, ours first, and takes a decision made on one side', () => {
    const ours = { ...backlog([1, 2, 3, 4]), proposals: [{ ...pending, ...applied }] };
    const fromThem = proposal(2, { placement: 'after', anchor: 4, createdAt: 'p9' });
    const theirs = { ...backlog([1, 2, 3, 4]), proposals: [pending, fromThem] };
    const r = mergeSnapshots(base, ours, theirs);
    expect(r.conflicts).toEqual([]);
    expect(r.merged.proposals).toEqual([{ ...pending, ...applied }, fromThem]);
    // The decision made on their side comes over just as well.
    expect(mergeSnapshots(base, theirs, ours).merged.proposals).toEqual([{ ...pending, ...applied }, fromThem]);
  });

  it('reports a proposal both sides decided differently and keeps our decision', () => {
    const ours = { ...backlog([1, 2, 3, 4]), proposals: [{ ...pending, ...applied }] };
    const theirs = { ...backlog([1, 2, 3, 4]), proposals: [{ ...pending, ...declined }] };
    const r = mergeSnapshots(base, ours, theirs);
    expect(r.merged.proposals).toEqual([{ ...pending, ...applied }]);
    expect(r.conflicts).toEqual([
      { kind: 'proposal', item: 3, title: 'Item 3', proposedBy: 'carol@example.com', createdAt: 'p3', field: 'status', base: 'pending', ours: 'applied', theirs: 'declined' },
    ]);
  });

  it('follows their renumbered item: the proposal and anchors that name it move along', () => {
    const ours = backlog([1, 2, 3, 4, 5], [], { 5: { title: 'Ours 5', createdAt: 'o5' } });
    const theirItems = backlog([1, 2, 3, 4, 5], [], { 5: { title: 'Theirs 5', createdAt: 't5' } });
    const about5 = proposal(5, { createdAt: 'p20' });
    const anchoredOn5 = proposal(1, { placement: 'before', anchor: 5, createdAt: 'p21' });
    const r = mergeSnapshots(base, { ...ours, proposals: [pending] }, { ...theirItems, proposals: [pending, about5, anchoredOn5] });
    expect(r.renumbered).toEqual([{ from: 5, to: 6, title: 'Theirs 5' }]);
    expect(r.merged.proposals).toEqual([pending, { ...about5, item: 6 }, { ...anchoredOn5, anchor: 6 }]);
  });
});

describe('mergeSnapshots: order signatures', () => {
  const { privateKey } = generateKeyPairSync('ed25519');
  const pub = formatPublicKey(privateKey);
  const row = (counter: number, sequence: number[]) => {
    const payload: SignaturePayload = { v: 1, kind: 'order', counter, at: `t${counter}`, owner: 'alice@example.com', key: pub, sequence, events: { count: counter, head: `h${counter}` } };
    const { text, signature } = signPayload(privateKey, payload);
    return { counter, kind: 'order', signedAt: `t${counter}`, signer: pub, payload: text, signature };
  };
  const [s1, s2, s3, s2b] = [row(1, [1, 2]), row(2, [2, 1]), row(3, [1, 2]), row(2, [1, 2])];

  it('keeps ours, appends theirs that continue our chain, and sets aside theirs that reuse a counter', () => {
    const base = { ...backlog([1, 2]), signatures: [s1] };
    const r = mergeSnapshots(base, { ...backlog([1, 2]), signatures: [s1, s2b] }, { ...backlog([1, 2]), signatures: [s1, s2, s3] });
    expect(r.merged.signatures).toEqual([s1, s2b, s3]);
    expect(r.signatures.appended).toEqual([s3]);
    expect(r.signatures.skipped).toEqual([{ ...s2, why: expect.stringContaining('#2 comes after #2') }]);
  });

  it('writes nothing new when their signatures are ours already', () => {
    const r = mergeSnapshots({ ...backlog([1, 2]), signatures: [s1] }, { ...backlog([1, 2]), signatures: [s1, s2] }, { ...backlog([1, 2]), signatures: [s1] });
    expect(r.merged.signatures).toEqual([s1, s2]);
    expect(r.signatures).toEqual({ appended: [], skipped: [] });
  });
});
