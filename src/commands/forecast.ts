/** `ordo forecast [KEY | --top N]`: when the work up to an item, or the first N items, will be done. */
import { isRanked } from '../core/lifecycle.js';
import { buildForecast, DEFAULT_TRIALS, type Forecast } from '../core/forecast.js';
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
}

export type ForecastOutcome = 'dated' | 'too-little-history' | 'nothing-ranked' | 'already-done';

export interface ForecastResult extends Forecast {
  now: string;
  outcome: ForecastOutcome;
  /** What was asked: one item (and the work ahead of it), the first N items, or the whole order. */
  target: { key: string | null; top: number | null; doneAt: string | null };
  /** The ranked items to finish, in order. */
  work: RoadmapItem[];
}

export async function forecastDelivery(input: ForecastInput, ctx: Context): Promise<ForecastResult> {
  if (input.key !== undefined && input.top !== undefined) {
    throw new UsageError('Give an item key or --top N, not both.', 'For example: ordo forecast ORD-12, or ordo forecast --top 5');
  }
  const top = input.top === undefined ? undefined : checkWhole(input.top, 10, '--top', 1, 1_000_000);
  const trials = checkWhole(input.trials, DEFAULT_TRIALS, '--trials', 1, 1_000_000);
  const historyWeeks = checkWhole(input.weeks, DEFAULT_WEEKS, '--weeks', 1, 520);
  const seed = input.seed === undefined ? Math.floor(Math.random() * 2 ** 32) : checkWhole(input.seed, 1, '--seed', 0, 2 ** 32 - 1);
  const now = ctx.now();
  return readBacklog(ctx, (r) => {
    const { items } = readSnapshot(r);
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
    if (outcome !== undefined) forecast.points = [];
    return {
      now: now.toISOString(),
      outcome: outcome ?? (forecast.enough ? 'dated' : 'too-little-history'),
      target,
      work: work.map(roadmapItem),
      ...forecast,
    };
  });
}
