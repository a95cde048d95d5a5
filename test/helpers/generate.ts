/** Builds large backlogs as snapshots, for round-trip and merge tests. */
import { generateNKeysBetween } from 'fractional-indexing';
import type { Snapshot } from '../../src/core/snapshot.js';
import type { Item, ItemStatus } from '../../src/core/types.js';

const STATUSES: ItemStatus[] = ['ready', 'ready', 'in-progress', 'proposed', 'done', 'accepted', 'rejected', 'dropped'];

/** `count` items over three goals, every status, a shuffled order, one event per item. */
export function generateSnapshot(count: number, seed = 1): Snapshot {
  let s = seed;
  const rand = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
  const at = (n: number) => new Date(Date.UTC(2026, 0, 1) + n * 60_000).toISOString();
  const goals = ['G1', 'G2', 'G3'].map((id, i) => ({
    id,
    title: `Goal ${id}: "quoted", with: colons`,
    description: i === 0 ? 'Line one\nline two' : null,
    horizon: `2027-Q${i + 1}`,
    metric: i === 1 ? 'conversion 58% → 63%' : null,
    status: 'active' as const,
    createdAt: at(0),
    updatedAt: at(0),
  }));
  const items: Item[] = [];
  for (let n = 1; n <= count; n++) {
    const status = STATUSES[n % STATUSES.length]!;
    items.push({
      number: n,
      title: n % 7 === 0 ? `Item ${n}: yes # not a comment` : `Item ${n}`,
      description: n % 5 === 0 ? `Details for ${n}\n- a list\n- "quotes"` : null,
      type: (['story', 'bug', 'chore', 'spike'] as const)[n % 4]!,
      value: [1, 2, 3, 5, 8, 13, 21][n % 7]!,
      rationale: `Shoppers need item ${n} because it removes friction, about ${n % 10}% of orders`,
      goal: goals[n % 3]!.id,
      estimate: n % 3 === 0 ? null : (n % 8) + 0.5,
      status,
      rank: null,
      createdBy: n % 2 ? 'alice@example.com' : 'carol@example.com',
      createdAt: at(n),
      updatedAt: at(n + 1),
      startedAt: status === 'in-progress' ? at(n + 1) : null,
      doneAt: status === 'done' || status === 'accepted' ? at(n + 1) : null,
      closedAt: ['accepted', 'rejected', 'dropped'].includes(status) ? at(n + 1) : null,
      reason: status === 'rejected' || status === 'dropped' ? 'Not worth it' : null,
      labels: [],
      dependsOn: [],
    });
  }
  const ranked = items.filter((i) => i.status === 'ready' || i.status === 'in-progress');
  for (let i = ranked.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [ranked[i], ranked[j]] = [ranked[j]!, ranked[i]!];
  }
  const keys = generateNKeysBetween(null, null, ranked.length);
  ranked.forEach((item, i) => (item.rank = keys[i]!));
  const events = items.map((i) => ({
    at: i.createdAt,
    actor: i.createdBy,
    source: 'ORDO_USER',
    command: 'add',
    action: 'add',
    item: i.number,
    goal: null,
    details: { title: i.title, value: i.value },
  }));
  return { goals, items, events };
}
