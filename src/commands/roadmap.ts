/** `ordo roadmap`: goals by horizon with their ranked items and delivered value. */
import { viewRelease, type ReleaseView } from '../core/planning.js';
import { buildRoadmap, type Roadmap } from '../core/roadmap.js';
import { readBacklog } from './backlog.js';
import type { Context } from './context.js';
import { checkWhole, readSnapshot } from './snapshot.js';

export const DEFAULT_TOP = 10;

/** A planned release as the roadmap shows it: no item list, just where it stands. */
export type RoadmapRelease = Omit<ReleaseView, 'items' | 'release'> & { id: string; name: string; date: string };

export async function showRoadmap(input: { top?: number }, ctx: Context): Promise<Roadmap & { releases: RoadmapRelease[] }> {
  const top = checkWhole(input.top, DEFAULT_TOP, '--top', 1, 1_000_000);
  const now = ctx.now();
  return readBacklog(ctx, (r) => {
    const { goals, items } = readSnapshot(r);
    const releases = r.store.releases
      .list()
      .filter((rel) => rel.status === 'planned')
      .map((rel) => {
        const { items: _items, release, ...rest } = viewRelease(rel, items, now);
        return { id: release.id, name: release.name, date: release.date, ...rest };
      });
    return { ...buildRoadmap(goals, items, top), releases };
  });
}
