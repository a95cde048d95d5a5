/** Work items read from another tracker's export, before ordo decides what to take. */
import type { IncomingItem } from '../../core/tracker-import.js';
import type { ItemType } from '../../core/types.js';

export const TRACKERS = ['github', 'jira', 'backlog-md', 'taskwarrior'] as const;
export type Tracker = (typeof TRACKERS)[number];

/** One work item as another tracker holds it (see core/tracker-import.ts). */
export type ForeignItem = IncomingItem;

/** A record of the file that could not be read as an item: skipped, and said why. */
export interface Unreadable {
  where: string;
  reason: string;
}

export interface ParsedExport {
  items: ForeignItem[];
  unreadable: Unreadable[];
}

/** The item types ordo knows, from the names trackers use for them. */
export function typeFromName(name: string | null | undefined): ItemType | null {
  const n = (name ?? '').trim().toLowerCase();
  if (['bug', 'defect', 'incident'].includes(n)) return 'bug';
  if (['story', 'user story', 'feature', 'enhancement', 'improvement', 'new feature'].includes(n)) return 'story';
  if (['task', 'sub-task', 'subtask', 'chore', 'maintenance', 'tech-debt', 'tech debt'].includes(n)) return 'chore';
  if (['spike', 'research', 'investigation'].includes(n)) return 'spike';
  return null;
}

/** The first label that names a type, else `fallback`. */
export function typeFromLabels(labels: string[], fallback: ItemType = 'story'): ItemType {
  for (const l of labels) {
    const t = typeFromName(l);
    if (t) return t;
  }
  return fallback;
}

export const isoOrNull = (value: unknown): string | null => {
  if (typeof value !== 'string' || value.trim() === '') return null;
  const t = Date.parse(value);
  return Number.isNaN(t) ? null : new Date(t).toISOString();
};

export const text = (value: unknown): string | null => (typeof value === 'string' && value.trim() !== '' ? value.trim() : null);
