/** `ordo diff` as text for a terminal, Markdown for a pull request's step summary, or JSON. */
import type { BacklogDiff, FieldChange } from '../core/backlog-diff.js';
import { isEmptyDiff } from '../core/backlog-diff.js';
import type { Item } from '../core/types.js';
import { safe, type Style } from './terminal.js';

type Key = (n: number) => string;

function show(v: unknown): string {
  if (v === null || v === undefined) return '(none)';
  if (typeof v === 'string') return JSON.stringify(v.length > 120 ? `${v.slice(0, 117)}...` : v);
  // Labels and dependencies.
  if (Array.isArray(v)) return v.length === 0 ? '(none)' : `[${v.map((x) => JSON.stringify(x)).join(', ')}]`;
  return String(v);
}

function changeText(c: FieldChange): string {
  if (c.field === 'position') return c.from === null ? `entered the order at #${String(c.to)}` : `left the order (was #${String(c.from)})`;
  return `${c.field}: ${show(c.from)} → ${show(c.to)}`;
}

const where = (position: number | null, item: Item) => (position === null ? item.status : `#${position}, ${item.status}`);

export function renderDiffText(d: BacklogDiff, labels: { from: string; to: string }, key: Key, st: Style): string {
  const out: string[] = [st.bold(`Backlog changes: ${safe(labels.from)} → ${safe(labels.to)}`)];
  if (isEmptyDiff(d)) return `${out[0]}\nNo changes.`;
  if (d.goals.added.length + d.goals.removed.length + d.goals.changed.length > 0) {
    out.push('', st.bold('Goals'));
    for (const g of d.goals.added) out.push(st.green(`  + ${safe(g.id)} ${safe(g.title)}`));
    for (const g of d.goals.removed) out.push(st.red(`  - ${safe(g.id)} ${safe(g.title)}`));
    for (const g of d.goals.changed) {
      out.push(st.yellow(`  ~ ${safe(g.id)} ${safe(g.title)}`));
      for (const c of g.changes) out.push(`      ${safe(changeText(c))}`);
    }
  }
  if (d.items.added.length + d.items.removed.length + d.items.edited.length > 0) {
    out.push('', st.bold('Items'));
    for (const { item, position } of d.items.added) out.push(st.green(`  + ${key(item.number)} ${safe(item.title)} (${where(position, item)})`));
    for (const { item, position } of d.items.removed) out.push(st.red(`  - ${key(item.number)} ${safe(item.title)} (was ${where(position, item)})`));
    for (const e of d.items.edited) {
      out.push(st.yellow(`  ~ ${key(e.number)} ${safe(e.title)}`));
      for (const c of e.changes) out.push(`      ${safe(changeText(c))}`);
    }
  }
  if (d.moves.length > 0) {
    out.push('', st.bold('Moves'));
    for (const m of d.moves) out.push(`  ${key(m.number)} ${safe(m.title)}: #${m.from} → #${m.to}`);
  }
  if (d.events.added + d.events.removed > 0) {
    out.push('', `History: ${d.events.added} event(s) added${d.events.removed > 0 ? `, ${d.events.removed} removed` : ''}`);
  }
  return out.join('\n');
}

function md(text: unknown): string {
  return String(text).replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ').replace(/[<>]/g, (c) => (c === '<' ? '&lt;' : '&gt;'));
}

export function renderDiffMarkdown(d: BacklogDiff, labels: { from: string; to: string }, key: Key): string {
  const out: string[] = [`### Backlog changes: \`${labels.from}\` → \`${labels.to}\``, ''];
  if (isEmptyDiff(d)) return `${out.join('\n')}No changes to the backlog.\n`;
  const summary = [
    d.items.added.length && `${d.items.added.length} added`,
    d.items.edited.length && `${d.items.edited.length} edited`,
    d.items.removed.length && `${d.items.removed.length} removed`,
    d.moves.length && `${d.moves.length} moved`,
  ].filter(Boolean);
  if (summary.length > 0) out.push(`Items: ${summary.join(', ')}.`, '');
  const rows: string[] = [];
  for (const { item, position } of d.items.added) rows.push(`| added | ${key(item.number)} | ${md(item.title)} | ${md(where(position, item))} |`);
  for (const { item, position } of d.items.removed) rows.push(`| removed | ${key(item.number)} | ${md(item.title)} | was ${md(where(position, item))} |`);
  for (const e of d.items.edited) rows.push(`| edited | ${key(e.number)} | ${md(e.title)} | ${e.changes.map((c) => md(changeText(c))).join('<br>')} |`);
  for (const m of d.moves) rows.push(`| moved | ${key(m.number)} | ${md(m.title)} | #${m.from} → #${m.to} |`);
  for (const g of d.goals.added) rows.push(`| goal added | ${md(g.id)} | ${md(g.title)} | |`);
  for (const g of d.goals.removed) rows.push(`| goal removed | ${md(g.id)} | ${md(g.title)} | |`);
  for (const g of d.goals.changed) rows.push(`| goal edited | ${md(g.id)} | ${md(g.title)} | ${g.changes.map((c) => md(changeText(c))).join('<br>')} |`);
  if (rows.length > 0) out.push('| change | key | title | details |', '| --- | --- | --- | --- |', ...rows, '');
  if (d.events.added + d.events.removed > 0) out.push(`History: ${d.events.added} event(s) added${d.events.removed > 0 ? `, ${d.events.removed} removed` : ''}.`, '');
  return out.join('\n');
}

export function diffJson(d: BacklogDiff, labels: { from: string; to: string }, key: Key) {
  const itemRef = ({ item, position }: { item: Item; position: number | null }) => ({ key: key(item.number), title: item.title, status: item.status, position });
  return {
    from: labels.from,
    to: labels.to,
    empty: isEmptyDiff(d),
    goals: {
      added: d.goals.added.map((g) => ({ id: g.id, title: g.title })),
      removed: d.goals.removed.map((g) => ({ id: g.id, title: g.title })),
      changed: d.goals.changed,
    },
    items: {
      added: d.items.added.map(itemRef),
      removed: d.items.removed.map(itemRef),
      edited: d.items.edited.map((e) => ({ key: key(e.number), title: e.title, changes: e.changes })),
    },
    moves: d.moves.map((m) => ({ key: key(m.number), title: m.title, from: m.from, to: m.to })),
    events: d.events,
  };
}

/** What a sync says on stderr: one line per key that changed and per value that lost. */
export function renderSyncReport(
  result: { conflicts: import('../core/merge.js').MergeConflict[]; renumbered: import('../core/merge.js').Renumbered[] },
  key: Key,
): string {
  const out: string[] = [];
  for (const r of result.renumbered) {
    out.push(`${key(r.from)} "${safe(r.title)}" is now ${key(r.to)}: a teammate published ${key(r.from)} first.`);
  }
  // In a sync's merge "ours" is the published backlog and "theirs" this clone's.
  for (const c of result.conflicts) {
    switch (c.kind) {
      case 'item-field':
        out.push(`conflict: ${key(c.item)} ${c.field} was changed here and by the team; the published ${safe(show(c.ours))} stays, yours (${safe(show(c.theirs))}) is in ordo log.`);
        break;
      case 'goal-field':
        out.push(`conflict: goal ${safe(c.goal)} ${c.field} was changed here and by the team; the published ${safe(show(c.ours))} stays, yours (${safe(show(c.theirs))}) is in ordo log.`);
        break;
      case 'removed-and-changed':
        out.push(`conflict: ${c.item !== undefined ? key(c.item) : `goal ${safe(c.goal ?? '')}`} was removed ${c.side === 'ours' ? 'by the team' : 'here'} but changed on the other side; it is kept.`);
        break;
      case 'proposal':
        out.push(`conflict: the move proposal for ${key(c.item)} by ${safe(c.proposedBy)} was decided here and by the team; the published ${c.field} ${safe(show(c.ours))} stays.`);
        break;
      case 'move':
        out.push(`conflict: ${key(c.item)} "${safe(c.title)}" was moved here and in the published order; the published order stays (#${c.ours ?? '-'}).`);
        break;
    }
  }
  return out.join('\n');
}
