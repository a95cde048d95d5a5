/**
 * An item's long text as one file for `ordo edit KEY --editor`: a heading per field, the
 * field's text under it, comment lines starting with #. Parsing gives back each field's
 * text; a field whose heading was deleted is left as it was.
 */
import { UsageError } from '../errors.js';

export const TEXT_FIELDS = ['why', 'description'] as const;
export type TextField = (typeof TEXT_FIELDS)[number];

const HEADING = /^\[([a-z-]+)\]\s*$/;

export function renderItemText(key: string, title: string, fields: Record<TextField, string | null>): string {
  const lines = [
    `# ${key}: ${title.replace(/\s+/g, ' ')}`,
    '# Write each field under its heading; lines starting with # are left out.',
    '# [why] is the value rationale (ordo check reads it); an empty [description] clears it.',
    '# Save and close the editor to apply; an empty file changes nothing.',
  ];
  for (const f of TEXT_FIELDS) lines.push('', `[${f}]`, fields[f] ?? '');
  return `${lines.join('\n')}\n`;
}

/** The fields the file holds, or null when it holds nothing at all (the edit was abandoned). */
export function parseItemText(text: string): Partial<Record<TextField, string>> | null {
  const out: Partial<Record<TextField, string[]>> = {};
  let current: TextField | null = null;
  let any = false;
  text.split(/\r?\n/).forEach((line, i) => {
    if (line.startsWith('#')) return;
    const m = HEADING.exec(line);
    if (m) {
      if (!(TEXT_FIELDS as readonly string[]).includes(m[1]!)) {
        throw new UsageError(`Line ${i + 1}: unknown heading [${m[1]}]; the headings are ${TEXT_FIELDS.map((f) => `[${f}]`).join(', ')}.`, 'Edit again and keep the headings as ordo wrote them.');
      }
      current = m[1] as TextField;
      if (out[current]) throw new UsageError(`Line ${i + 1}: [${current}] appears twice.`, 'Keep one of each heading.');
      out[current] = [];
      any = true;
      return;
    }
    if (line.trim() === '') {
      if (current) out[current]!.push(line);
      return;
    }
    if (current === null) throw new UsageError(`Line ${i + 1}: text before the first heading.`, `Put it under one of ${TEXT_FIELDS.map((f) => `[${f}]`).join(', ')}.`);
    out[current]!.push(line);
    any = true;
  });
  if (!any) return null;
  return Object.fromEntries(Object.entries(out).map(([f, lines]) => [f, lines.join('\n').trim()])) as Partial<Record<TextField, string>>;
}
