/**
 * What a commit on the backlog branch says in words: BACKLOG.md, the backlog as a page
 * any git host shows, and the commit message, which names who changed what.
 */
import type { BacklogDiff } from '../core/backlog-diff.js';
import type { Renumbered } from '../core/merge.js';
import { rankedItems, type Snapshot } from '../core/snapshot.js';
import type { Item } from '../core/types.js';

type Key = (n: number) => string;

/** One table cell: a single line, with Markdown and HTML made inert. */
function cell(text: string | number | null | undefined): string {
  if (text === null || text === undefined || text === '') return '';
  const plain = String(text);
  if (!/[\r\n\t&<>\\`*_[\]|#~]/.test(plain)) return plain.trim();
  return plain
    .replace(/[\r\n\t]+/g, ' ')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([\\`*_[\]|#~])/g, '\\$1')
    .trim();
}

const row = (cells: (string | number | null | undefined)[]) => `| ${cells.map(cell).join(' | ')} |`;

export function renderBacklogMarkdown(snapshot: Snapshot, product: string, key: Key): string {
  const ranked = rankedItems(snapshot.items);
  const intake = snapshot.items.filter((i) => i.status === 'proposed');
  const goals = [...snapshot.goals].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const titles = new Map(snapshot.items.map((i) => [i.number, i.title]));
  const out: string[] = [
    `# ${cell(product)}: Product Backlog`,
    '',
    `${ranked.length} item(s) in the order, ${intake.length} proposal(s) in the intake. ` +
      'Written by `ordo sync` from `backlog.db` in this commit; change the backlog with ordo, not by editing this file.',
    '',
    '## Roadmap goals',
    '',
  ];
  if (goals.length === 0) out.push('No goals yet.');
  else {
    out.push('| Goal | Title | Horizon | Metric | Status |', '| --- | --- | --- | --- | --- |');
    for (const g of goals) out.push(row([g.id, g.title, g.horizon, g.metric, g.status]));
  }
  out.push('', '## The order', '');
  if (ranked.length === 0) out.push('The order is empty.');
  else {
    out.push('| # | Key | Title | Value | Goal | Status | Why |', '| ---: | --- | --- | ---: | --- | --- | --- |');
    ranked.forEach((i, n) => out.push(row([n + 1, key(i.number), i.title, i.value, i.goal, i.status, i.rationale])));
  }
  out.push('', '## Intake', '');
  if (intake.length === 0) out.push('No proposals wait for the Product Owner.');
  else {
    out.push('| Key | Title | Value | Goal | Proposed by | Why |', '| --- | --- | ---: | --- | --- | --- |');
    for (const i of intake) out.push(row([key(i.number), i.title, i.value, i.goal, i.createdBy, i.rationale]));
  }
  const pending = (snapshot.proposals ?? []).filter((p) => p.status === 'pending');
  out.push('', '## Move proposals', '');
  if (pending.length === 0) out.push('No move proposals wait for the Product Owner.');
  else {
    out.push('| Item | Move | Asked by | Why |', '| --- | --- | --- | --- |');
    for (const p of pending) {
      const where = p.placement === 'top' ? 'to the top' : `${p.placement} ${p.anchor === null ? '?' : key(p.anchor)}`;
      out.push(row([`${key(p.item)} ${titles.get(p.item) ?? ''}`, where, p.proposedBy, p.why]));
    }
  }
  return `${out.join('\n')}\n`;
}

/** A line for an item in the commit message. */
const named = (key: Key, i: Pick<Item, 'number' | 'title'>) => `${key(i.number)} ${oneLine(i.title)}`;
const oneLine = (s: string) => (s.length > 72 ? `${s.slice(0, 69)}...` : s).replace(/\s+/g, ' ');

function show(v: unknown): string {
  if (v === null || v === undefined) return '(none)';
  return typeof v === 'string' ? JSON.stringify(oneLine(v)) : String(v);
}

/**
 * The commit message of a sync: a subject naming who and how much, then one line a
 * change, so that `git log ordo/backlog` reads as the backlog's history.
 */
export function renderCommitMessage(who: string, diff: BacklogDiff, renumbered: readonly Renumbered[], key: Key): string {
  const parts: string[] = [];
  const n = (count: number, word: string) => (count > 0 ? parts.push(`${count} ${word}`) : 0);
  n(diff.items.added.length, diff.items.added.length === 1 ? 'item added' : 'items added');
  n(diff.items.edited.length, diff.items.edited.length === 1 ? 'item changed' : 'items changed');
  n(diff.moves.length, diff.moves.length === 1 ? 'move' : 'moves');
  n(diff.items.removed.length, diff.items.removed.length === 1 ? 'item removed' : 'items removed');
  n(diff.goals.added.length + diff.goals.changed.length + diff.goals.removed.length, 'goal change(s)');
  const body: string[] = [];
  for (const { item } of diff.items.added) body.push(`+ ${named(key, item)} (${item.status})`);
  for (const e of diff.items.edited) {
    const changes = e.changes.map((c) => (c.field === 'position' ? (c.from === null ? `entered the order at #${String(c.to)}` : 'left the order') : `${c.field} ${show(c.from)} -> ${show(c.to)}`));
    body.push(`~ ${named(key, e)}: ${changes.join('; ')}`);
  }
  for (const m of diff.moves) body.push(`^ ${named(key, m)}: #${m.from} -> #${m.to}`);
  for (const { item } of diff.items.removed) body.push(`- ${named(key, item)}`);
  for (const g of diff.goals.added) body.push(`+ goal ${g.id} ${oneLine(g.title)}`);
  for (const g of diff.goals.changed) body.push(`~ goal ${g.id}: ${g.changes.map((c) => `${c.field} ${show(c.from)} -> ${show(c.to)}`).join('; ')}`);
  for (const g of diff.goals.removed) body.push(`- goal ${g.id}`);
  for (const r of renumbered) body.push(`! ${key(r.from)} was published as ${key(r.to)}: ${oneLine(r.title)}`);
  if (diff.events.added > 0) body.push(`${diff.events.added} audit event(s)`);
  const subject = `${who}: ${parts.length > 0 ? parts.join(', ') : 'history only'}`;
  return `${subject}\n\n${body.join('\n')}\n`;
}
