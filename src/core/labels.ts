/** Item labels: free-form tags such as `checkout` or `tech-debt`, compared without case. */
import { UsageError } from '../errors.js';

export const LABEL_MAX = 50;
export const LABELS_PER_ITEM_MAX = 20;

// Controls (the store joins labels with U+001F) and the comma that separates labels on the command line.
const FORBIDDEN = /[\u0000-\u001f\u007f-\u009f,]/u;

/** Each label once (the first spelling wins), sorted without case: the form items store. */
export function normaliseLabels(labels: readonly string[]): string[] {
  const seen = new Map<string, string>();
  for (const l of labels) if (!seen.has(l.toLowerCase())) seen.set(l.toLowerCase(), l);
  return [...seen.values()].sort(compareLabels);
}

export function compareLabels(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  return x < y ? -1 : x > y ? 1 : a < b ? -1 : a > b ? 1 : 0;
}

/** Why a label cannot be stored, or null when it can. */
export function labelProblem(label: string): string | null {
  if (label.trim() !== label || label === '') return 'must not be empty or start or end with a space';
  if (label.length > LABEL_MAX) return `is ${label.length} characters long; the limit is ${LABEL_MAX}`;
  if (FORBIDDEN.test(label)) return 'must not hold a comma or a control character';
  return null;
}

/** Labels as given on the command line: repeatable flags, each a comma-separated list. */
export function parseLabels(values: readonly string[], flag = '--label'): string[] {
  const out: string[] = [];
  for (const value of values) {
    for (const part of value.split(',')) {
      const label = part.trim();
      if (label === '') continue;
      const problem = labelProblem(label);
      if (problem) throw new UsageError(`The label "${label}" ${problem}.`, `For example: ${flag} checkout ${flag} tech-debt (or ${flag} checkout,tech-debt)`);
      out.push(label);
    }
  }
  if (out.length === 0) throw new UsageError(`${flag} needs a label.`, `For example: ${flag} checkout`);
  return normaliseLabels(out);
}

/** The labels after adding and removing some; fails past the per-item limit. */
export function changeLabels(current: readonly string[], add: readonly string[], remove: readonly string[], key: string): string[] {
  const gone = new Set(remove.map((l) => l.toLowerCase()));
  const next = normaliseLabels([...current, ...add].filter((l) => !gone.has(l.toLowerCase())));
  if (next.length > LABELS_PER_ITEM_MAX) {
    throw new UsageError(`${key} would have ${next.length} labels; an item holds at most ${LABELS_PER_ITEM_MAX}.`, `Remove some first: ordo label ${key} --remove LABEL`);
  }
  return next;
}
