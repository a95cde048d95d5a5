/** `ordo report`: goal coverage, order-versus-value inversions, throughput, cycle time. */
import { summariseVelocity, type VelocitySummary } from '../core/planning.js';
import { buildReport, type ValueReport } from '../core/report.js';
import { readBacklog } from './backlog.js';
import type { Context } from './context.js';
import { DEFAULT_TOP } from './roadmap.js';
import { checkWhole, readSnapshot } from './snapshot.js';

export const DEFAULT_WEEKS = 12;

/** How many of the latest ended sprints the velocity section shows. */
export const DEFAULT_SPRINTS = 6;

export type ReportResult = ValueReport & { now: string; velocity: VelocitySummary };

export async function valueReport(input: { top?: number; weeks?: number; sprints?: number }, ctx: Context): Promise<ReportResult> {
  const sprints = checkWhole(input.sprints, DEFAULT_SPRINTS, '--sprints', 1, 1000);
  const top = checkWhole(input.top, DEFAULT_TOP, '--top', 1, 1_000_000);
  const weeks = checkWhole(input.weeks, DEFAULT_WEEKS, '--weeks', 1, 520);
  const now = ctx.now();
  return readBacklog(ctx, (r) => {
    const { goals, items } = readSnapshot(r);
    return { now: now.toISOString(), ...buildReport(goals, items, now, { top, weeks }), velocity: summariseVelocity(r.store.sprints.list(), sprints) };
  });
}
