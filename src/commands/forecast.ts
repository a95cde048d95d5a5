/** `ordo forecast [KEY | --top N]`: when the work up to an item, or the first N items, will be done. */
import { isRanked } from '../core/lifecycle.js';
import { buildForecast, DEFAULT_TRIALS, type Forecast } from '../core/forecast.js';
import { daysBetween, forecastBySprints, type SprintForecast } from '../core/planning.js';
import { roadmapItem, type RoadmapItem } from '../core/roadmap.js';
import { ConflictError, UsageError } from '../errors.js';
import { readBacklog, requireItem } from './backlog.js';
import type { Context } from './context.js';
import { DEFAULT_WEEKS } from './report.js';
import { checkWhole, readSnapshot } from './snapshot.js';

export interface ForecastInput {
  key?: string;
  top?: number;
  seed?: number;
  trials?: number;
  weeks?: number;
  /** 'sprints': draw from the velocity (points) of ended sprints instead of weekly item throughput. */
  by?: string;
}

export type ForecastOutcome = 'dated' | 'too-little-history' | 'nothing-ranked' | 'already-done';

export interface ForecastResult extends Forecast {
  now: string;
  outcome: ForecastOutcome;
  /** What was asked: one item (and the work ahead of it), the first N items, or the whole order. */
  target: { key: string | null; top: number | null; doneAt: string | null };
  /** The ranked items to finish, in order. */
  work: RoadmapItem[];
  /** With --by sprints: the points-based forecast the dates come from. */
  bySprints?: SprintForecast & { unestimated: number };
}

export async function forecastDelivery(input: ForecastInput, ctx: Context): Promise<ForecastResult> {
  if (input.key !== undefined && input.top !== undefined) {
    throw new UsageError('Give an item key or --top N, not both.', 'For example: ordo forecast ORD-12, or ordo forecast --top 5');
  }
  const top = input.top === undefined ? undefined : checkWhole(input.top, 10, '--top', 1, 1_000_000);
  const trials = checkWhole(input.trials, DEFAULT_TRIALS, '--trials', 1, 1_000_000);
  const historyWeeks = checkWhole(input.weeks, DEFAULT_WEEKS, '--weeks', 1, 520);
  const seed = input.seed === undefined ? Math.floor(Math.random() * 2 ** 32) : checkWhole(input.seed, 1, '--seed', 0, 2 ** 32 - 1);
  if (input.by !== undefined && input.by !== 'sprints' && input.by !== 'weeks') {
    throw new UsageError(`--by expects weeks or sprints, got "${input.by}".`, 'For example: ordo forecast --top 10 --by sprints');
  }
  const now = ctx.now();
  return readBacklog(ctx, (r) => {
    const { items } = readSnapshot(r);
    const ended = input.by === 'sprints' ? r.store.sprints.list().filter((s) => s.status === 'ended') : [];
    if (input.by === 'sprints' && !ended.some((s) => (s.velocity ?? 0) > 0)) {
      throw new ConflictError('NO_SPRINT_HISTORY', 'No ended sprint delivered any points, so there is no velocity to forecast from.', 'Forecast from weekly throughput instead (leave out --by), or end a sprint first: `ordo sprint end --goal-met yes|no`.');
    }
    const ranked = items.filter((i) => i.position !== null);
    let work = ranked;
    let target: ForecastResult['target'] = { key: null, top: top ?? null, doneAt: null };
    let outcome: ForecastOutcome | undefined;
    if (input.key !== undefined) {
      const item = items.find((i) => i.number === requireItem(r, input.key!).number)!;
      target = { key: item.key, top: null, doneAt: item.doneAt };
      if (item.status === 'done' || item.status === 'accepted') {
        work = [];
        outcome = 'already-done';
      } else if (!isRanked(item.status) || item.position === null) {
        throw new ConflictError(
          'NOT_RANKED',
          `${item.key} is ${item.status}, not in the order, so no work leads up to it.`,
          item.status === 'proposed' ? `The Product Owner can take it into the order with \`ordo triage ${item.key} --accept\`.` : '`ordo list` shows the ranked items.',
        );
      } else {
        work = ranked.filter((i) => i.position! <= item.position!);
      }
    } else if (top !== undefined) {
      work = ranked.slice(0, top);
    }
    if (outcome === undefined && work.length === 0) outcome = 'nothing-ranked';
    const forecast = buildForecast(items, now, { remaining: work.length, historyWeeks, trials, seed });
    let bySprints: ForecastResult['bySprints'];
    if (input.by === 'sprints' && outcome === undefined) {
      const open = work.filter((i) => i.status !== 'done' && i.status !== 'accepted');
      const lengths = ended.map((s) => daysBetween(s.start, s.end) + 1).sort((a, b) => a - b);
      const sprintDays = lengths[Math.floor((lengths.length - 1) / 2)]!;
      const remainingPoints = open.reduce((s, i) => s + (i.estimate ?? 0), 0);
      bySprints = { ...forecastBySprints(ended.map((s) => s.velocity ?? 0), remainingPoints, sprintDays, now, { trials, seed }), unestimated: open.filter((i) => i.estimate === null).length };
      forecast.points = bySprints.points;
    }
    if (outcome !== undefined) forecast.points = [];
    return {
      ...(bySprints ? { bySprints } : {}),
      now: now.toISOString(),
      outcome: outcome ?? (forecast.enough || bySprints ? 'dated' : 'too-little-history'),
      target,
      work: work.map(roadmapItem),
      ...forecast,
    };
  });
}
