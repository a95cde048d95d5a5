/**
 * The backlog as lines of text, for `git diff` and `git log -p` (the textconv driver).
 * Deterministic and line-oriented: one line per item plus indented detail lines, no
 * alignment padding, so a move, an edit or a new item changes only its own lines
 * (and, for a move, the positions of the items it passed).
 */
import { positions, rankedItems, type Snapshot } from '../core/snapshot.js';
import type { Item } from '../core/types.js';
import { safe } from './terminal.js';

const one = (text: string) => safe(text.replace(/\r?\n/g, '\\n'));

function details(i: Item): string[] {
  const out: string[] = [];
  if (i.rationale) out.push(`    why: ${one(i.rationale)}`);
  const facts = [i.type, i.status, i.estimate === null ? null : `${i.estimate} points`, `by ${i.createdBy}`].filter((x) => x !== null);
  out.push(`    ${facts.map((f) => one(String(f))).join(', ')}`);
  if (i.description) out.push(`    desc: ${one(i.description)}`);
  if (i.reason) out.push(`    reason: ${one(i.reason)}`);
  return out;
}

export function renderTextconv(snapshot: Snapshot, prefix: string | null): string {
  const key = (n: number) => (prefix ? `${prefix}-${n}` : `#${n}`);
  const head = (i: Item) => `${key(i.number)} ${i.value ?? '-'} ${i.goal ? one(i.goal) : '-'} ${one(i.title)}`;
  const out: string[] = [];
  out.push(`# goals (${snapshot.goals.length})`);
  for (const g of snapshot.goals) {
    out.push(`${one(g.id)} [${g.status}] ${g.horizon ? one(g.horizon) : '-'} ${one(g.title)}`);
    if (g.metric) out.push(`    metric: ${one(g.metric)}`);
    if (g.description) out.push(`    desc: ${one(g.description)}`);
  }
  const ranked = rankedItems(snapshot.items);
  const pos = positions(snapshot.items);
  out.push('', `# order (${ranked.length})`);
  for (const i of ranked) out.push(`#${pos.get(i.number)} ${head(i)}`, ...details(i));
  const intake = snapshot.items.filter((i) => i.rank === null && i.status === 'proposed');
  out.push('', `# intake (${intake.length})`);
  for (const i of intake) out.push(head(i), ...details(i));
  const finished = snapshot.items.filter((i) => i.rank === null && i.status !== 'proposed');
  out.push('', `# finished (${finished.length})`);
  for (const i of finished) out.push(`${head(i)} [${i.status}]`, ...details(i));
  out.push('', `# history: ${snapshot.events.length} events${snapshot.events.length > 0 ? `, the last ${snapshot.events[snapshot.events.length - 1]!.at}` : ''}`);
  return `${out.join('\n')}\n`;
}
