/**
 * The roadmap view: goals grouped by horizon, each with its ranked items and how much of
 * its business value is delivered. Value counted for a goal is the value of its items
 * that are ranked (ready, in-progress: remaining) or finished (done, accepted: delivered);
 * proposed items are counted apart, rejected and dropped ones not at all.
 */
import { isDelivered } from './history.js';
import type { Goal, GoalStatus, ItemStatus, PlacedItem } from './types.js';

export interface RoadmapItem {
  position: number;
  key: string;
  title: string;
  value: number | null;
  estimate: number | null;
  status: ItemStatus;
}

export interface RoadmapGoal {
  id: string;
  title: string;
  horizon: string | null;
  status: GoalStatus;
  metric: string | null;
  /** The goal's ranked items, in order. */
  items: RoadmapItem[];
  totalValue: number;
  deliveredValue: number;
  remainingValue: number;
  /** deliveredValue / totalValue, or null when the goal has no value yet. */
  deliveredShare: number | null;
  proposed: { count: number; value: number };
  /** How many of the goal's items are among the first `top` of the order. */
  inTop: number;
  /** An active goal with nothing among the first `top` items. */
  flagged: boolean;
}

export interface RoadmapHorizon {
  horizon: string | null;
  goals: RoadmapGoal[];
}

export interface Roadmap {
  top: number;
  horizons: RoadmapHorizon[];
  /** Ids of flagged goals, in roadmap order. */
  flagged: string[];
  /** Ranked items whose goal is missing or unknown. */
  unlinked: RoadmapItem[];
}

export function roadmapItem(item: PlacedItem): RoadmapItem {
  return { position: item.position ?? 0, key: item.key, title: item.title, value: item.value, estimate: item.estimate, status: item.status };
}

/** Horizons sort as text (2026-Q4 before 2027-Q1); goals without one come last. */
export function compareHorizons(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a < b ? -1 : 1;
}

/** Builds the roadmap from every goal and every item (ranked items carry their position). */
export function buildRoadmap(goals: readonly Goal[], items: readonly PlacedItem[], top: number): Roadmap {
  const byId = new Map<string, RoadmapGoal>();
  const ordered = [...goals].sort((a, b) => compareHorizons(a.horizon, b.horizon));
  for (const g of ordered) {
    byId.set(g.id.toLowerCase(), {
      id: g.id,
      title: g.title,
      horizon: g.horizon,
      status: g.status,
      metric: g.metric,
      items: [],
      totalValue: 0,
      deliveredValue: 0,
      remainingValue: 0,
      deliveredShare: null,
      proposed: { count: 0, value: 0 },
      inTop: 0,
      flagged: false,
    });
  }
  const unlinked: RoadmapItem[] = [];
  const ranked = items.filter((i) => i.position !== null).sort((a, b) => a.position! - b.position!);
  for (const item of ranked) {
    const goal = item.goal === null ? undefined : byId.get(item.goal.toLowerCase());
    if (!goal) {
      unlinked.push(roadmapItem(item));
      continue;
    }
    goal.items.push(roadmapItem(item));
    goal.remainingValue += item.value ?? 0;
    if (item.position! <= top) goal.inTop += 1;
  }
  for (const item of items) {
    const goal = item.goal === null ? undefined : byId.get(item.goal.toLowerCase());
    if (!goal) continue;
    if (isDelivered(item)) goal.deliveredValue += item.value ?? 0;
    if (item.status === 'proposed') {
      goal.proposed.count += 1;
      goal.proposed.value += item.value ?? 0;
    }
  }
  const horizons: RoadmapHorizon[] = [];
  for (const goal of byId.values()) {
    goal.totalValue = goal.deliveredValue + goal.remainingValue;
    goal.deliveredShare = goal.totalValue === 0 ? null : goal.deliveredValue / goal.totalValue;
    goal.flagged = goal.status === 'active' && goal.inTop === 0;
    const last = horizons[horizons.length - 1];
    if (last && last.horizon === goal.horizon) last.goals.push(goal);
    else horizons.push({ horizon: goal.horizon, goals: [goal] });
  }
  const flagged = horizons.flatMap((h) => h.goals.filter((g) => g.flagged).map((g) => g.id));
  return { top, horizons, flagged, unlinked };
}
