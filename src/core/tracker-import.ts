/**
 * What an import from another tracker takes and what it skips, decided before anything is
 * written: closed work and work already imported are skipped; the rest becomes proposals whose
 * value and goal come from the mapping, checked with the rules `ordo add` applies.
 */
import { OrdoError } from '../errors.js';
import { validateDescription, validateTitle } from './item-fields.js';
import { analyseRationale } from './rationale.js';
import type { ItemType } from './types.js';

/** The tracker-neutral fields the planner needs (config/importers produce them). */
export interface IncomingItem {
  /** Where it came from, stable across exports: github:acme/shop#12, jira:SHOP-12, backlog-md:task-3, taskwarrior:UUID. */
  source: string;
  url: string | null;
  title: string;
  description: string | null;
  type: ItemType;
  /** Their priority as they name it, lower case (high, p1, …), or null. */
  priority: string | null;
  labels: string[];
  /** ISO time it was created there, when known. */
  createdAt: string | null;
  author: string | null;
  /** Still to do there (not closed, done, deleted). */
  open: boolean;
  /** Their status as they name it, for the report. */
  status: string;
  /** Other facts worth keeping in the description (their keys of dependencies, epic, milestone). */
  notes: string[];
  /** A container of other items (a Jira epic): a roadmap goal in ordo, not an item. */
  epic?: boolean;
}

export interface ImportRules {
  goal: string | null;
  value: number | null;
  priority: Map<string, number>;
  labels: Map<string, string>;
  why: 'description' | 'none';
  rationaleMinWords: number;
}

export interface PlannedItem {
  source: string;
  title: string;
  type: ItemType;
  description: string | null;
  value: number | null;
  goal: string | null;
  rationale: string | null;
  /** What the Product Owner must still give it before it can be ranked: why, value, goal. */
  needs: ('why' | 'value' | 'goal')[];
}

export interface SkippedItem {
  source: string | null;
  title: string | null;
  reason: string;
}

/** The line that ties an item to where it came from; found again on the next import. */
export const SOURCE_LINE = /^Imported from (\S+)/m;

export function sourceOf(description: string | null): string | null {
  return description ? (SOURCE_LINE.exec(description)?.[1] ?? null) : null;
}

function footer(item: IncomingItem): string {
  const facts = [
    item.author || item.createdAt ? ['opened', item.author ? `by ${item.author}` : '', item.createdAt ? `on ${item.createdAt.slice(0, 10)}` : ''].filter(Boolean).join(' ') : null,
    item.priority ? `priority ${item.priority}` : null,
    item.labels.length > 0 ? `labels ${item.labels.join(', ')}` : null,
    `status ${item.status}`,
    ...item.notes.filter((n) => !n.includes('\n')),
  ].filter(Boolean);
  const multiline = item.notes.filter((n) => n.includes('\n'));
  return [`Imported from ${item.source}${item.url ? ` (${item.url})` : ''}`, facts.join('; '), ...multiline].join('\n');
}

/** The first paragraph of their description, when it reads as a value rationale. */
function rationaleFrom(item: IncomingItem, minWords: number): string | null {
  const first = (item.description ?? '')
    .split(/\r?\n\s*\r?\n/)
    .map((p) => p.trim())
    .find((p) => p !== '' && !/^(#|<!--|- \[|```)/.test(p));
  if (!first || first.length > 1000) return null;
  return analyseRationale(first, item.title, minWords).problem === null ? first.replace(/\s+/g, ' ') : null;
}

export function planImport(incoming: IncomingItem[], known: Set<string>, rules: ImportRules): { taken: PlannedItem[]; skipped: SkippedItem[] } {
  const taken: PlannedItem[] = [];
  const skipped: SkippedItem[] = [];
  const seen = new Set<string>();
  for (const item of incoming) {
    const skip = (reason: string) => skipped.push({ source: item.source, title: item.title, reason });
    if (known.has(item.source)) {
      skip('already imported (an item holds its source link)');
      continue;
    }
    if (seen.has(item.source)) {
      skip('appears twice in the file');
      continue;
    }
    seen.add(item.source);
    if (!item.open) {
      skip(`closed there (${item.status}): only open work is imported`);
      continue;
    }
    if (item.epic) {
      skip('an epic: in ordo that is a roadmap goal (ordo goal add); its stories are imported');
      continue;
    }
    let title: string;
    let description: string | null;
    try {
      title = validateTitle(item.title);
      // Their text as they wrote it, with line ends as ordo stores them (GitHub sends CRLF).
      description = validateDescription([item.description?.replace(/\r\n?/g, '\n').trim(), footer(item)].filter(Boolean).join('\n\n'));
    } catch (error) {
      if (!(error instanceof OrdoError)) throw error;
      skip(error.message);
      continue;
    }
    const goal = item.labels.map((l) => rules.labels.get(l.toLowerCase())).find((g) => g !== undefined) ?? rules.goal;
    const value = (item.priority === null ? undefined : rules.priority.get(item.priority)) ?? rules.value;
    const rationale = rules.why === 'description' ? rationaleFrom(item, rules.rationaleMinWords) : null;
    const needs: PlannedItem['needs'] = [];
    if (rationale === null) needs.push('why');
    if (value === null) needs.push('value');
    if (goal === null) needs.push('goal');
    taken.push({ source: item.source, title, type: item.type, description, value, goal, rationale, needs });
  }
  return { taken, skipped };
}
