/** Human-readable renderings of command results. Every piece of backlog text passes through safe(). */
import type { EditResult } from '../commands/items.js';
import type { RelatedItem, ShowResult } from '../commands/show.js';
import type { GoalSummary } from '../commands/goal.js';
import type { InitResult } from '../commands/init.js';
import type { MoveResult } from '../commands/move.js';
import type { DecideResult, ProposalView } from '../commands/proposals.js';
import type { WhoamiResult } from '../commands/whoami.js';
import type { TransitionResult } from '../commands/workflow.js';
import type { Goal, ItemStatus, PlacedItem, Role } from '../core/types.js';
import type { AuditEvent } from '../store/events.js';
import { renderTable, type Column } from './table.js';
import { safe, type Style } from './terminal.js';
import { relativeTime } from '../core/time.js';

export interface RenderOptions {
  style: Style;
  /** Terminal width to fit tables to; undefined when not a terminal. */
  width?: number;
  /** The clock times are shown against ("3 days ago"); without it, times are shown as stored. */
  now?: Date;
}

/** A stored ISO time as people say it, relative to the render's clock. */
export function when(iso: string, o: RenderOptions): string {
  return o.now ? relativeTime(iso, o.now) : iso;
}

const STATUS_COLOR: Record<ItemStatus, (s: string, st: Style) => string> = {
  proposed: (s, st) => st.magenta(s),
  ready: (s) => s,
  'in-progress': (s, st) => st.yellow(s),
  done: (s, st) => st.green(s),
  accepted: (s, st) => st.green(s),
  rejected: (s, st) => st.red(s),
  dropped: (s, st) => st.dim(s),
};

const ITEM_COLUMNS: Column<PlacedItem>[] = [
  { header: '#', align: 'right', text: (i) => (i.position === null ? '-' : String(i.position)), color: (s, _i, st) => st.dim(s) },
  { header: 'KEY', text: (i) => i.key, color: (s, _i, st) => st.cyan(s) },
  { header: 'VALUE', align: 'right', text: (i) => (i.value === null ? '-' : String(i.value)), color: (s, _i, st) => st.bold(s) },
  { header: 'GOAL', text: (i) => safe(i.goal ?? '-') },
  { header: 'TYPE', text: (i) => i.type },
  { header: 'STATUS', text: (i) => i.status, color: (s, i, st) => STATUS_COLOR[i.status](s, st) },
  { header: 'TITLE', text: (i) => safe(i.title) },
];

/** Shown before the title when any listed item has labels. */
const LABELS_COLUMN: Column<PlacedItem> = { header: 'LABELS', text: (i) => safe(i.labels.join(',') || '-') };

/** Shown before the title when someone started any listed item: who holds it. */
const ASSIGNEE_COLUMN: Column<PlacedItem> = { header: 'ASSIGNEE', text: (i) => safe(i.assignee ?? '-') };

/** Shown before the title when a dependency blocks any listed item: what it waits on. */
function blockedColumn(items: PlacedItem[]): Column<PlacedItem> {
  const prefix = items[0]?.key.slice(0, items[0].key.lastIndexOf('-')) ?? '';
  return { header: 'BLOCKED BY', text: (i) => (i.blockedBy ? i.blockedBy.map((n) => `${prefix}-${n}`).join(',') : '-'), color: (s, i, st) => (i.blockedBy ? st.red(s) : s) };
}

export function renderItemTable(items: PlacedItem[], o: RenderOptions): string {
  const extra = [
    ...(items.some((i) => i.assignee) ? [ASSIGNEE_COLUMN] : []),
    ...(items.some((i) => i.labels.length > 0) ? [LABELS_COLUMN] : []),
    ...(items.some((i) => i.blockedBy) ? [blockedColumn(items)] : []),
  ];
  const columns = extra.length === 0 ? ITEM_COLUMNS : [...ITEM_COLUMNS.slice(0, -1), ...extra, ITEM_COLUMNS[ITEM_COLUMNS.length - 1]!];
  return renderTable(columns, items, o.style, o.width);
}

function field(label: string, value: string, st: Style): string {
  return `${st.dim(label.padEnd(12))}${value}`;
}

function positionText(item: PlacedItem): string {
  if (item.position !== null) return `#${item.position}`;
  return item.status === 'proposed' ? 'in the intake (not ranked)' : 'not in the order';
}

export function renderShow(r: ShowResult, formatKey: (n: number) => string, o: RenderOptions): string {
  const { item, goal } = r;
  const st = o.style;
  const lines = [
    `${st.cyan(item.key)}  ${st.bold(safe(item.title))}`,
    field('position', positionText(item), st),
    field('status', STATUS_COLOR[item.status](item.status, st), st),
    field('type', item.type, st),
    field('value', item.value === null ? '-' : st.bold(String(item.value)), st),
    field('why', safe(item.rationale ?? '-', { multiline: true }), st),
    field('goal', goal ? `${safe(goal.id)}  ${safe(goal.title)}${goal.status === 'active' ? '' : ` (${goal.status})`}` : safe(item.goal ?? '-'), st),
    field('estimate', item.estimate === null ? '-' : `${item.estimate} points`, st),
    ...(item.labels.length > 0 ? [field('labels', safe(item.labels.join(', ')), st)] : []),
    ...(r.dependsOn.length > 0 ? [field('depends on', r.dependsOn.map((d) => relatedText(d, st)).join('\n' + ' '.repeat(12)), st)] : []),
    ...(r.neededBy.length > 0 ? [field('needed by', r.neededBy.map((d) => relatedText(d, st)).join('\n' + ' '.repeat(12)), st)] : []),
    field('created', `${when(item.createdAt, o)} by ${safe(item.createdBy)}`, st),
  ];
  if (item.assignee) lines.push(field('assignee', safe(item.assignee), st));
  if (item.startedAt) lines.push(field('started', when(item.startedAt, o), st));
  if (item.doneAt) lines.push(field('done', when(item.doneAt, o), st));
  if (item.closedAt) lines.push(field('closed', when(item.closedAt, o), st));
  if (item.reason) lines.push(field('reason', safe(item.reason, { multiline: true }), st));
  if (item.description) lines.push('', safe(item.description, { multiline: true }));
  if (item.criteria.length > 0) {
    lines.push('', st.bold('Acceptance criteria'));
    item.criteria.forEach((c, i) => lines.push(`  ${item.status === 'accepted' ? '[x]' : '[ ]'} ${i + 1}. ${safe(c)}`));
  }
  if (r.history.length > 0) {
    lines.push('', st.bold('History'));
    for (const e of r.history) lines.push(`  ${st.dim(when(e.at, o).padEnd(14))}  ${safe(e.actor)}  ${describeEvent(e, formatKey)}`);
  }
  return lines.join('\n');
}

function relatedText(d: RelatedItem, st: Style): string {
  return `${st.cyan(d.key)} ${STATUS_COLOR[d.status](d.status, st)}  ${safe(d.title)}`;
}

const RELEASE_VERBS: Record<string, string> = { 'release.add': 'added', 'release.edit': 'edited', 'release.plan': 'planned', 'release.ship': 'shipped' };

export function describeEvent(e: AuditEvent, formatKey: (n: number) => string): string {
  const d = e.details;
  switch (e.action) {
    case 'add':
      return d.status === 'proposed' ? 'proposed it' : `added it at #${String(d.position)}`;
    case 'move':
      return `moved it from #${String(d.from)} to #${String(d.to)}`;
    case 'edit':
      return `edited ${Object.keys((d.changes as object) ?? {}).join(', ')}`;
    case 'triage':
      return `accepted it into the order at #${String(d.position)}`;
    case 'depend':
      return [
        Array.isArray(d.added) ? `made it depend on ${d.added.map(String).join(', ')}` : '',
        Array.isArray(d.removed) ? `took away its dependency on ${d.removed.map(String).join(', ')}` : '',
      ].filter(Boolean).join('; ');
    case 'goal.add':
      return `added the goal "${safe(String(d.title ?? ''))}"`;
    case 'goal.edit':
      return `edited the goal's ${Object.keys((d.changes as object) ?? {}).join(', ')}`;
    case 'order.sign': {
      const to = d.to as { owner?: string; key?: string } | undefined;
      if (d.state !== undefined) return `signed the backlog (${String(d.items)} items, ${String(d.ranked)} in the order)`;
      return d.kind === 'handover' && to
        ? `signed a handover (#${String(d.counter)}) to ${safe(String(to.owner))}, key ${safe(String(to.key))}`
        : `signed the order (#${String(d.counter)}, ${String(d.ranked)} ranked items) with key ${safe(String(d.key))}`;
    }
    case 'owner.set':
      return `created the backlog with ${safe(String(d.owner))} as Product Owner`;
    case 'owner.key-rotate':
      return `rotated the Product Owner's key (${safe(String(d.from))} → ${safe(String(d.to))})`;
    case 'owner.transfer':
      return `handed ownership over from ${safe(String(d.from))} to ${safe(String(d.to))}`;
    case 'move.propose':
      return `proposed P${String(d.proposal)}: move it ${d.placement === 'top' ? 'to the top' : `${String(d.placement)} ${String(d.anchor)}`} (${safe(String(d.why))})`;
    case 'move.apply':
      return `applied move proposal P${String(d.proposal)}`;
    case 'take':
      return `took it over from ${safe(String(d.from ?? 'nobody'))}`;
    case 'reopen':
      return `reopened it (${String(d.from)} → ready) at #${String(d.position)}`;
    case 'release.add':
    case 'release.edit':
    case 'release.plan':
    case 'release.ship':
      return `${RELEASE_VERBS[e.action]} release ${safe(String(d.release))}`;
    case 'sprint.start':
      return `started sprint ${String(d.sprint)}: ${safe(String(d.goal))}`;
    case 'sprint.end':
      return `ended sprint ${String(d.sprint)} (goal ${d.goalMet ? 'met' : 'not met'}, velocity ${String(d.velocity)})`;
    case 'sync.merge': {
      const r = d.renumbered as { from?: number; to?: number } | undefined;
      if (r) return `published it as ${formatKey(Number(r.to))}: a teammate had published ${formatKey(Number(r.from))} first`;
      const c = (d.conflict ?? {}) as { kind?: string; field?: string; ours?: unknown; theirs?: unknown };
      if (c.kind === 'move') return 'kept the published order over a move made in this clone';
      if (c.kind === 'removed-and-changed') return 'kept it: removed on one side, changed on the other';
      return `kept the published ${safe(String(c.field))} ${safe(JSON.stringify(c.ours) ?? 'null')}; this clone's ${safe(JSON.stringify(c.theirs) ?? 'null')} lost`;
    }
    case 'move.decline':
      return `declined move proposal P${String(d.proposal)} (${safe(String(d.reason))})`;
    default:
      if (typeof d.from === 'string' && typeof d.to === 'string' && e.item !== null) {
        return `${d.from} → ${d.to}${d.left ? `, left the order from #${String(d.left)}` : ''}${d.position ? ` at #${String(d.position)}` : ''}${d.reason ? ` (${safe(String(d.reason))})` : ''}`;
      }
      return `${e.action}${d.to ? ` → ${String(d.to)}` : ''}${d.reason ? ` (${safe(String(d.reason))})` : ''}${e.item !== null && e.action.startsWith('goal') ? ` ${formatKey(e.item)}` : ''}`;
  }
}

export function renderAdded(r: { item: PlacedItem; proposed: boolean }, owner: string, o: RenderOptions): string {
  const st = o.style;
  if (r.proposed) {
    return `Proposed ${st.cyan(r.item.key)} ${safe(r.item.title)}\nIt waits in the intake until the Product Owner (${safe(owner)}) triages it.`;
  }
  return `Added ${st.cyan(r.item.key)} at #${r.item.position}: ${safe(r.item.title)}`;
}

export function renderEdited(r: EditResult, o: RenderOptions): string {
  const names = Object.keys(r.changes);
  if (names.length === 0) return `${o.style.cyan(r.item.key)} unchanged: the values given are the ones it has.`;
  return `Edited ${o.style.cyan(r.item.key)}: ${names.join(', ')}`;
}

export function renderMoved(r: MoveResult, o: RenderOptions): string {
  const st = o.style;
  if (r.moved.from === r.moved.to) return `${st.cyan(r.item.key)} stays at #${r.moved.to}: ${safe(r.item.title)}`;
  return `Moved ${st.cyan(r.item.key)} from #${r.moved.from} to #${r.moved.to}: ${safe(r.item.title)}`;
}

const TRANSITION_VERB: Record<ItemStatus, string> = {
  proposed: 'Proposed',
  ready: 'Accepted into the order',
  'in-progress': 'Started',
  done: 'Finished',
  accepted: 'Accepted',
  rejected: 'Rejected',
  dropped: 'Dropped',
};

export function renderTransition(r: TransitionResult, o: RenderOptions): string {
  const st = o.style;
  if (r.transition.from === r.transition.to && r.transition.to === 'in-progress') {
    return `Took over ${st.cyan(r.item.key)} from ${safe(r.takenFrom ?? 'nobody')}: ${safe(r.item.title)}`;
  }
  if (r.transition.from !== 'proposed' && r.transition.to === 'ready') {
    return `${r.transition.from === 'done' ? 'Rejected' : 'Reopened'} ${st.cyan(r.item.key)}: back in the order at #${r.item.position} (${r.transition.from} → ready): ${safe(r.item.title)}`;
  }
  const where = r.transition.to === 'ready' ? ` at #${r.item.position}` : '';
  return `${TRANSITION_VERB[r.transition.to]} ${st.cyan(r.item.key)}${where} (${r.transition.from} → ${r.transition.to}): ${safe(r.item.title)}`;
}

const GOAL_COLUMNS: Column<GoalSummary>[] = [
  { header: 'ID', text: (g) => safe(g.id), color: (s, _g, st) => st.cyan(s) },
  { header: 'STATUS', text: (g) => g.status, color: (s, g, st) => (g.status === 'active' ? s : st.dim(s)) },
  { header: 'HORIZON', text: (g) => safe(g.horizon ?? '-') },
  { header: 'RANKED', align: 'right', text: (g) => String(g.items.ranked) },
  { header: 'ITEMS', align: 'right', text: (g) => String(g.items.total) },
  { header: 'TITLE', text: (g) => safe(g.title) },
];

export function renderGoalTable(goals: GoalSummary[], o: RenderOptions): string {
  return renderTable(GOAL_COLUMNS, goals, o.style, o.width);
}

export function renderGoal(goal: Goal & { items?: { ranked: number; total: number } }, items: PlacedItem[] | undefined, o: RenderOptions): string {
  const st = o.style;
  const lines = [
    `${st.cyan(safe(goal.id))}  ${st.bold(safe(goal.title))}`,
    field('status', goal.status, st),
    field('horizon', safe(goal.horizon ?? '-'), st),
    field('metric', safe(goal.metric ?? '-'), st),
  ];
  if (goal.items) lines.push(field('items', `${goal.items.ranked} ranked, ${goal.items.total} in all`, st));
  if (goal.description) lines.push('', safe(goal.description, { multiline: true }));
  if (items && items.length > 0) lines.push('', renderItemTable(items, o));
  return lines.join('\n');
}

const ROLE_TEXT: Record<Role, string> = {
  'product-owner': 'Product Owner',
  'product-manager': 'Product Manager',
  developer: 'Developer',
  stakeholder: 'Stakeholder',
};

export function renderWhoami(r: WhoamiResult, o: RenderOptions): string {
  const st = o.style;
  const lines = [`${st.bold(safe(r.id))}  ${st.dim(`(from ${r.source})`)}`];
  if (r.product === null) {
    lines.push('Not in an ordo project, so no roles here.');
  } else {
    lines.push(`${st.dim('roles'.padEnd(12))}${r.roles.map((x) => ROLE_TEXT[x]).join(', ')} in ${safe(r.product)}`);
    lines.push(`${st.dim('owner'.padEnd(12))}${safe(r.owner ?? '')}`);
  }
  return lines.join('\n');
}

export function renderInit(r: InitResult, o: RenderOptions): string {
  const st = o.style;
  return [
    r.shared?.outcome === 'fetched' ? `Took the team's backlog from ${safe(r.shared.remote)}/${safe(r.shared.branch)} into ${r.database}` : `Created ${r.config} and ${r.database}`,
    `${st.dim('product'.padEnd(12))}${safe(r.product)}`,
    `${st.dim('owner'.padEnd(12))}${safe(r.owner)}`,
    `${st.dim('keys'.padEnd(12))}${r.prefix}-1, ${r.prefix}-2, ...`,
    ...(r.shared && r.shared.outcome !== 'fetched' ? [`${st.dim('shared'.padEnd(12))}on ${safe(r.shared.remote)}/${safe(r.shared.branch)}; teammates run \`ordo sync\``] : []),
    ...(r.shareError ? [`${st.dim('shared'.padEnd(12))}not yet (${safe(r.shareError)}); run \`ordo sync\` later`] : []),
    '',
    'Next: add a roadmap goal, then items that serve it:',
    `  ordo goal add G1 "Your first goal" --horizon ${new Date().getUTCFullYear()}-Q${Math.floor(new Date().getUTCMonth() / 3) + 1}`,
    '  ordo add "First item" --value 8 --why "Why it matters, in words" --goal G1',
  ].join('\n');
}

export function describePlacement(p: ProposalView): string {
  return p.placement === 'top' ? 'to the top' : `${p.placement} ${p.anchor}`;
}

/** The move proposals waiting for the Product Owner, one block each. */
export function renderProposals(proposals: ProposalView[], o: RenderOptions): string {
  const st = o.style;
  const lines = [st.bold(`Move proposals waiting for the Product Owner (${proposals.length})`)];
  for (const p of proposals) {
    lines.push(
      `  ${st.cyan(p.ref)}  move ${st.cyan(p.item.key)} (#${p.item.position ?? '-'}) ${describePlacement(p)}: ${safe(p.item.title)}`,
      `      ${st.dim('why')} ${safe(p.why)}  ${st.dim(`(${safe(p.proposedBy)}, ${when(p.createdAt, o)})`)}`,
    );
  }
  return lines.join('\n');
}

export function renderProposed(p: ProposalView, owner: string, o: RenderOptions): string {
  return `Proposed ${o.style.cyan(p.ref)}: move ${o.style.cyan(p.item.key)} ${describePlacement(p)}.\nThe order is unchanged until the Product Owner (${safe(owner)}) applies it.`;
}

export function renderDecided(r: DecideResult, o: RenderOptions): string {
  const st = o.style;
  if (r.proposal.status === 'declined') return `Declined ${st.cyan(r.proposal.ref)} (move ${st.cyan(r.proposal.item.key)} ${describePlacement(r.proposal)}).`;
  const moved = r.moved && r.moved.from !== r.moved.to ? `from #${r.moved.from} to #${r.moved.to}` : `(it stays at #${r.moved?.to})`;
  return `Applied ${st.cyan(r.proposal.ref)}: moved ${st.cyan(r.proposal.item.key)} ${moved}: ${safe(r.proposal.item.title)}`;
}
