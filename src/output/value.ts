/** Human renderings of the value views: roadmap, report, forecast. Backlog text passes through safe(). */
import type { ForecastResult } from '../commands/forecast.js';
import type { ReportResult } from '../commands/report.js';
import type { RoadmapRelease } from '../commands/roadmap.js';
import type { Density } from '../core/report.js';
import type { Roadmap, RoadmapItem } from '../core/roadmap.js';
import { bar, percent, sparkline } from './charts.js';
import { renderVelocity } from './planning.js';
import type { RenderOptions } from './human.js';
import { padEnd, padStart, safe, truncate, displayWidth } from './terminal.js';

const BAR = 20;

function itemLine(i: RoadmapItem, o: RenderOptions, indent: string): string {
  const st = o.style;
  const head = `${indent}${padStart(`#${i.position}`, 4)}  ${padEnd(i.key, 9)} ${padStart(i.value === null ? '-' : String(i.value), 3)}  `;
  const status = i.status === 'in-progress' ? ' (in progress)' : '';
  const room = o.width === undefined ? Infinity : Math.max(10, o.width - displayWidth(head));
  const title = truncate(safe(i.title) + status, room);
  return `${st.dim(head.slice(0, indent.length + 4))}${head.slice(indent.length + 4)}${title}`;
}

export function renderRoadmap(r: Roadmap & { releases?: RoadmapRelease[] }, o: RenderOptions): string {
  const st = o.style;
  const lines: string[] = [];
  for (const h of r.horizons) {
    if (lines.length > 0) lines.push('');
    lines.push(st.bold(safe(h.horizon ?? 'No horizon')));
    for (const g of h.goals) {
      const state = g.status === 'active' ? '' : st.dim(` (${g.status})`);
      lines.push(`  ${st.cyan(safe(g.id))}  ${st.bold(safe(g.title))}${state}`);
      const share = g.deliveredShare ?? 0;
      const proposed = g.proposed.count > 0 ? `, ${g.proposed.count} proposed (value ${g.proposed.value})` : '';
      lines.push(
        `      ${st.green(bar(share, BAR))} ${padStart(percent(g.deliveredShare), 4)} delivered  ${g.deliveredValue} of ${g.totalValue} value, ${g.remainingValue} remaining${proposed}`,
      );
      if (g.flagged) lines.push(`      ${st.yellow(`⚑ nothing in the top ${r.top} of the order`)}`);
      if (g.items.length === 0) lines.push(st.dim('      no ranked items'));
      for (const i of g.items) lines.push(itemLine(i, o, '    '));
    }
  }
  if (r.unlinked.length > 0) {
    lines.push('', st.bold('Ranked items without a known goal'));
    for (const i of r.unlinked) lines.push(itemLine(i, o, '    '));
  }
  if (r.releases && r.releases.length > 0) {
    lines.push('', st.bold('Releases'));
    for (const rel of r.releases) {
      const p85 = rel.forecast.points.find((p) => p.percent === 85);
      lines.push(
        `  ${st.cyan(safe(rel.id))}  ${st.bold(safe(rel.name))}  target ${rel.date}  ${rel.outlook}${p85 ? st.dim(` (85% by ${p85.date})`) : ''}  ${rel.count.done}/${rel.count.total} items done`,
      );
    }
  }
  if (lines.length === 0) return 'No roadmap goals yet: `ordo goal add G1 "A goal" --horizon 2026-Q4` adds one.';
  if (r.flagged.length > 0) lines.push('', st.yellow(`${r.flagged.length} active goal${r.flagged.length === 1 ? ' has' : 's have'} nothing in the top ${r.top}: ${r.flagged.map((id) => safe(id)).join(', ')}`));
  return lines.join('\n');
}

function days(n: number | null): string {
  if (n === null) return '-';
  const text = Number.isInteger(n) ? String(n) : n.toFixed(1);
  return `${text} day${n === 1 ? '' : 's'}`;
}

function densityText(d: Density): string {
  return `${d.valuePerPoint.toFixed(1)}/pt (value ${d.value}, ${d.estimate} pt)`;
}

export function renderReport(r: ReportResult, o: RenderOptions): string {
  const st = o.style;
  const lines: string[] = [];
  const c = r.coverage;
  lines.push(st.bold(`Goal coverage of the next ${c.items} item${c.items === 1 ? '' : 's'}`) + st.dim(`  (value ${c.value})`));
  if (c.goals.length === 0) lines.push(st.dim('  no ranked items and no active goals'));
  const idWidth = Math.max(0, ...c.goals.map((g) => displayWidth(safe(g.goal ?? 'no goal'))));
  for (const g of c.goals) {
    const id = padEnd(safe(g.goal ?? 'no goal'), idWidth);
    const title = g.title === null ? '' : `  ${safe(g.title)}`;
    lines.push(`  ${st.cyan(id)}  ${bar(g.share, BAR)} ${padStart(percent(g.share), 4)}  ${padStart(String(g.value), 3)} in ${g.items} item${g.items === 1 ? '' : 's'}${title}`);
  }

  lines.push('', st.bold('Order versus value') + st.dim(`  (items ranked below others that have at most 1/${r.inversionFactor} of their value per point)`));
  if (r.inversions.length === 0) lines.push(st.dim(`  none: no item with an estimate sits below one with under 1/${r.inversionFactor} of its value per point`));
  for (const inv of r.inversions) {
    lines.push(`  ${st.cyan(inv.item.key)} #${inv.item.position}  ${densityText(inv.item)}  ${safe(inv.item.title)}`);
    lines.push(st.dim(`      ranked below ${inv.above.length} item${inv.above.length === 1 ? '' : 's'} with at most half its value per point:`));
    for (const a of inv.above) lines.push(`      #${a.position} ${a.key}  ${densityText(a)}  ${safe(a.title)}`);
  }
  if (r.inversions.length > 0) lines.push(st.dim('  For the Product Owner to look at: the order may have reasons the numbers do not show.'));

  const t = r.throughput;
  lines.push('', st.bold('Throughput') + st.dim(`  (items reaching done per week, last ${r.weeks} weeks, oldest first)`));
  lines.push(`  ${sparkline(t.weeks.map((w) => w.count))}  ${t.weeks.map((w) => w.count).join(' ')}`);
  lines.push(`  ${t.total} item${t.total === 1 ? '' : 's'} done, ${t.perWeek.toFixed(1)} a week; ${t.weeksWithFinishedItems} of ${r.weeks} weeks finished something`);

  const ct = r.cycleTime;
  lines.push('', st.bold('Cycle time') + st.dim(`  (start to done, ${ct.count} item${ct.count === 1 ? '' : 's'} done in the last ${r.weeks} weeks; nearest-rank percentiles)`));
  lines.push(ct.count === 0 ? st.dim('  no items started and done in these weeks') : `  p50 ${days(ct.p50)}   p85 ${days(ct.p85)}`);

  lines.push('', st.bold(`Ranked items without an estimate (${r.missingEstimates.length})`));
  if (r.missingEstimates.length === 0) lines.push(st.dim('  none'));
  for (const i of r.missingEstimates) lines.push(itemLine(i, o, '  '));
  lines.push('', ...renderVelocity(r.velocity, st));
  return lines.join('\n');
}

export function renderForecast(r: ForecastResult, o: RenderOptions): string {
  const st = o.style;
  const lines: string[] = [];
  const n = r.work.length;
  const what =
    r.target.key !== null
      ? `${r.target.key}${n > 1 ? ` and the ${n - 1} item${n === 2 ? '' : 's'} ranked above it` : ''}`
      : r.target.top !== null
        ? `the first ${n} item${n === 1 ? '' : 's'} in the order`
        : `the whole order (${n} item${n === 1 ? '' : 's'})`;
  switch (r.outcome) {
    case 'already-done':
      return `${r.target.key} is already done${r.target.doneAt ? ` (${r.target.doneAt.slice(0, 10)})` : ''}: nothing to forecast.`;
    case 'nothing-ranked':
      return 'Nothing is ranked, so there is nothing to forecast.';
    case 'too-little-history':
      return [
        `Not enough history to forecast ${what}: ${r.weeksWithFinishedItems} of the last ${r.historyWeeks} weeks had finished items, and a forecast needs at least 4.`,
        'No date is given. Finish and record more work (ordo done), or widen the history with --weeks.',
      ].join('\n');
    case 'dated':
      break;
  }
  lines.push(st.bold(`Forecast for ${what}`));
  for (const p of r.points) {
    lines.push(`  ${padStart(`${p.percent}%`, 4)}  by ${st.bold(p.date)}  (${p.weeks} week${p.weeks === 1 ? '' : 's'})`);
  }
  if (r.bySprints) {
    const b = r.bySprints;
    lines.push(
      st.dim(`From ${r.trials.toLocaleString('en-US')} trials drawing each ${b.sprintDays}-day sprint's velocity from ${b.velocities.length} ended sprint${b.velocities.length === 1 ? '' : 's'} (${b.velocities.join(', ')} points):`),
      `  ${b.remainingPoints} points to finish${b.unestimated > 0 ? st.dim(`; ${b.unestimated} item${b.unestimated === 1 ? '' : 's'} without an estimate count as 0`) : ''}`,
      st.dim(`Repeat with --seed ${r.seed}.`),
    );
    return lines.join('\n');
  }
  const done = r.throughput.reduce((a, b) => a + b, 0);
  lines.push(
    st.dim(`From ${r.trials.toLocaleString('en-US')} trials drawing each week's throughput from the last ${r.historyWeeks} weeks:`),
    `  ${sparkline(r.throughput)}  ${done} item${done === 1 ? '' : 's'} done, ${r.weeksWithFinishedItems} of ${r.historyWeeks} weeks finished something`,
    st.dim(`Counts items, not points; in-progress items count whole. Repeat with --seed ${r.seed}.`),
  );
  return lines.join('\n');
}
