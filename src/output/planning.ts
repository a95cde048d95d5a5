/** Human renderings of releases and sprints. Backlog text passes through safe(). */
import type { ReleaseView, ReleaseOutlook, ReleaseItem, SprintView, VelocitySummary, BurndownDay } from '../core/planning.js';
import { bar, percent } from './charts.js';
import type { RenderOptions } from './human.js';
import { renderTable, type Column } from './table.js';
import { padStart, safe, type Style } from './terminal.js';

const OUTLOOK_COLOR: Record<ReleaseOutlook, (s: string, st: Style) => string> = {
  shipped: (s, st) => st.dim(s),
  done: (s, st) => st.green(s),
  'on track': (s, st) => st.green(s),
  'at risk': (s, st) => st.yellow(s),
  late: (s, st) => st.red(s),
  unknown: (s, st) => st.dim(s),
};

const PLAN_ITEM_COLUMNS: Column<ReleaseItem>[] = [
  { header: '#', align: 'right', text: (i) => (i.position === null ? '-' : String(i.position)), color: (s, _i, st) => st.dim(s) },
  { header: 'KEY', text: (i) => i.key, color: (s, _i, st) => st.cyan(s) },
  { header: 'VALUE', align: 'right', text: (i) => (i.value === null ? '-' : String(i.value)) },
  { header: 'PTS', align: 'right', text: (i) => (i.estimate === null ? '-' : String(i.estimate)) },
  { header: 'STATUS', text: (i) => i.status },
  { header: 'ASSIGNEE', text: (i) => safe(i.assignee ?? '-') },
  { header: 'TITLE', text: (i) => safe(i.title) },
];

function field(label: string, value: string, st: Style): string {
  return `${st.dim(label.padEnd(12))}${value}`;
}

export function outlookText(v: ReleaseView, st: Style): string {
  return OUTLOOK_COLOR[v.outlook](v.outlook, st);
}

export function renderRelease(v: ReleaseView, o: RenderOptions): string {
  const st = o.style;
  const r = v.release;
  const f = v.forecast.points;
  const lines = [
    `${st.cyan(safe(r.id))}  ${st.bold(safe(r.name))}`,
    field('target', r.date, st),
    field('outlook', `${outlookText(v, st)}: ${safe(v.why)}`, st),
    field('done', `${v.count.done} of ${v.count.total} items, ${v.points.done} of ${v.points.total} points, value ${v.value.done} of ${v.value.total}${v.points.unestimated > 0 ? st.dim(` (${v.points.unestimated} without an estimate)`) : ''}`, st),
  ];
  if (f.length > 0) lines.push(field('forecast', f.map((p) => `${p.percent}% by ${p.date}`).join(', ') + st.dim(` (${v.remaining} items to finish in order, seed ${v.forecast.seed})`), st));
  if (v.items.length === 0) lines.push('', st.dim(`Nothing planned yet: ordo release plan ${r.id} --through KEY`));
  else lines.push('', renderTable(PLAN_ITEM_COLUMNS, v.items, st, o.width));
  return lines.join('\n');
}

const RELEASE_COLUMNS: Column<ReleaseView>[] = [
  { header: 'ID', text: (v) => safe(v.release.id), color: (s, _v, st) => st.cyan(s) },
  { header: 'TARGET', text: (v) => v.release.date },
  { header: 'OUTLOOK', text: (v) => v.outlook, color: (s, v, st) => OUTLOOK_COLOR[v.outlook](s, st) },
  { header: '85%', text: (v) => v.forecast.points.find((p) => p.percent === 85)?.date ?? '-' },
  { header: 'DONE', align: 'right', text: (v) => `${v.count.done}/${v.count.total}` },
  { header: 'POINTS', align: 'right', text: (v) => `${v.points.done}/${v.points.total}` },
  { header: 'VALUE', align: 'right', text: (v) => `${v.value.done}/${v.value.total}` },
  { header: 'NAME', text: (v) => safe(v.release.name) },
];

export function renderReleaseList(list: ReleaseView[], o: RenderOptions): string {
  return renderTable(RELEASE_COLUMNS, list, o.style, o.width);
}

/** Remaining points per day as horizontal bars, the first day's total as the full width. */
export function renderBurndown(days: readonly BurndownDay[], total: number, st: Style): string[] {
  const width = 30;
  return days.map((d) => `  ${st.dim(d.day)}  ${bar(total === 0 ? 0 : d.remaining / total, width)} ${padStart(String(d.remaining), 4)}`);
}

export function renderSprint(v: SprintView, o: RenderOptions): string {
  const st = o.style;
  const s = v.sprint;
  const state =
    s.status === 'active'
      ? `running, ${v.daysLeft} day${v.daysLeft === 1 ? '' : 's'} left`
      : `ended ${s.endedAt?.slice(0, 10) ?? ''}, goal ${s.goalMet ? st.green('met') : st.red('not met')}, velocity ${s.velocity ?? 0}`;
  const lines = [
    `${st.cyan(s.id)}  ${st.bold(safe(s.goal))}`,
    field('dates', `${s.start} to ${s.end} (${state})`, st),
    field('points', `${v.points.done} of ${v.points.total} done${s.capacity === null ? '' : `, capacity ${s.capacity}`}`, st),
    '',
    renderTable(PLAN_ITEM_COLUMNS, v.items, st, o.width),
  ];
  if (v.burndown.length > 0) lines.push('', st.bold('Burndown') + st.dim('  (points remaining at the end of each day)'), ...renderBurndown(v.burndown, v.points.total, st));
  return lines.join('\n');
}

const SPRINT_COLUMNS: Column<SprintView>[] = [
  { header: 'ID', text: (v) => v.sprint.id, color: (s, _v, st) => st.cyan(s) },
  { header: 'START', text: (v) => v.sprint.start },
  { header: 'END', text: (v) => v.sprint.end },
  { header: 'STATUS', text: (v) => v.sprint.status },
  { header: 'GOAL MET', text: (v) => (v.sprint.goalMet === null ? '-' : v.sprint.goalMet ? 'yes' : 'no') },
  { header: 'POINTS', align: 'right', text: (v) => `${v.points.done}/${v.points.total}` },
  { header: 'GOAL', text: (v) => safe(v.sprint.goal) },
];

export function renderSprintList(list: SprintView[], o: RenderOptions): string {
  return renderTable(SPRINT_COLUMNS, list, o.style, o.width);
}

/** The report's sprint section. */
export function renderVelocity(v: VelocitySummary, st: Style): string[] {
  const lines = [st.bold('Sprints') + st.dim(`  (velocity: points done per sprint, last ${v.sprints.length} ended)`)];
  if (v.sprints.length === 0) return [...lines, st.dim('  no ended sprints yet')];
  const max = Math.max(1, ...v.sprints.map((s) => s.velocity));
  for (const s of v.sprints) {
    lines.push(`  ${st.cyan(padStart(s.id, 4))}  ${bar(s.velocity / max, 20)} ${padStart(String(s.velocity), 4)}  goal ${s.goalMet ? 'met    ' : 'not met'}  ${safe(s.goal)}`);
  }
  lines.push(`  average velocity ${v.average!.toFixed(1)}; sprint goals met ${v.met} of ${v.sprints.length} (${percent(v.goalAchievement)})`);
  return lines;
}
