/** `ordo roadmap`: goals by horizon with their ranked items and delivered value. */
import { buildRoadmap, type Roadmap } from '../core/roadmap.js';
import { readBacklog } from './backlog.js';
import type { Context } from './context.js';
import { checkWhole, readSnapshot } from './snapshot.js';

export const DEFAULT_TOP = 10;

export async function showRoadmap(input: { top?: number }, ctx: Context): Promise<Roadmap> {
  const top = checkWhole(input.top, DEFAULT_TOP, '--top', 1, 1_000_000);
  return readBacklog(ctx, (r) => {
    const { goals, items } = readSnapshot(r);
    return buildRoadmap(goals, items, top);
  });
}
