/** Small hand-built goals and items for the pure value computations. */
import type { Goal, GoalStatus, PlacedItem } from '../../src/core/types.js';

let next = 1;

export function goal(id: string, horizon: string | null, status: GoalStatus = 'active'): Goal {
  return { id, title: `Goal ${id}`, description: null, horizon, metric: null, status, createdAt: '2026-09-01T09:00:00.000Z', updatedAt: '2026-09-01T09:00:00.000Z' };
}

export function item(fields: Partial<PlacedItem> = {}): PlacedItem {
  const number = fields.number ?? next++;
  return {
    number,
    key: `ORD-${number}`,
    position: null,
    title: `Item ${number}`,
    description: null,
    type: 'story',
    value: 5,
    rationale: 'Shoppers abandon carts when this is missing',
    goal: 'G1',
    estimate: null,
    status: 'ready',
    rank: null,
    createdBy: 'alice@example.com',
    createdAt: '2026-09-01T09:00:00.000Z',
    updatedAt: '2026-09-01T09:00:00.000Z',
    startedAt: null,
    doneAt: null,
    closedAt: null,
    reason: null,
    labels: [],
    dependsOn: [],
    ...fields,
  };
}

/** A ranked item at `position`. */
export function ranked(position: number, fields: Partial<PlacedItem> = {}): PlacedItem {
  return item({ position, rank: `a${position}`, ...fields });
}

const DAY = 86_400_000;

/** A finished item that started `days` days before it was done at `done`. */
export function finished(done: string, days = 1, fields: Partial<PlacedItem> = {}): PlacedItem {
  const doneAt = new Date(done).toISOString();
  return item({ status: 'accepted', startedAt: new Date(Date.parse(doneAt) - days * DAY).toISOString(), doneAt, closedAt: doneAt, ...fields });
}
