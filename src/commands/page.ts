/**
 * The stakeholder page's data: the roadmap, the ordered backlog with value and rationale,
 * value by goal, and when and by whom it was made. src/output/html.ts renders it.
 */
import { viewRelease, viewSprint, type ReleaseView, type SprintView } from '../core/planning.js';
import { goalCoverage, type Coverage } from '../core/report.js';
import { buildRoadmap, type Roadmap } from '../core/roadmap.js';
import type { PlacedItem } from '../core/types.js';
import { readBacklog } from './backlog.js';
import type { Context } from './context.js';
import { DEFAULT_TOP } from './roadmap.js';
import { checkWhole, readSnapshot } from './snapshot.js';

export interface PageData {
  product: string;
  generatedAt: string;
  generatedBy: string;
  roadmap: Roadmap;
  /** Value share per goal of the first `roadmap.top` items. */
  coverage: Coverage;
  /** The ranked items, in order. */
  items: PlacedItem[];
  proposed: number;
  /** Planned releases with their outlook, by target date. */
  releases: ReleaseView[];
  /** The running sprint, with its burndown; null when none runs. */
  sprint: SprintView | null;
}

export async function buildPage(input: { top?: number }, ctx: Context): Promise<PageData> {
  const top = checkWhole(input.top, DEFAULT_TOP, '--top', 1, 1_000_000);
  const generatedAt = ctx.now().toISOString();
  const generatedBy = ctx.identity().id;
  const now = ctx.now();
  return readBacklog(ctx, (r) => {
    const { product, goals, items } = readSnapshot(r);
    const sprint = r.store.sprints.active();
    return {
      product,
      generatedAt,
      generatedBy,
      roadmap: buildRoadmap(goals, items, top),
      coverage: goalCoverage(goals, items, top),
      items: items.filter((i) => i.position !== null),
      proposed: items.filter((i) => i.status === 'proposed').length,
      releases: r.store.releases.list().filter((rel) => rel.status === 'planned').map((rel) => viewRelease(rel, items, now)),
      sprint: sprint ? viewSprint(sprint, items, now) : null,
    };
  });
}
