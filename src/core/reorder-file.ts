/**
 * The text file `ordo reorder --editor` opens, like `git rebase -i`'s todo list:
 * one line per ranked item, top first, and a comment header saying how to edit it.
 */
import { UsageError } from '../errors.js';

export interface ReorderLine {
  number: number;
  key: string;
  value: number | null;
  goal: string | null;
  title: string;
}

// Control characters would break the one-line-per-item format or the terminal: show them escaped.
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

function oneLine(text: string): string {
  return text.replace(CONTROL, (ch) => {
    const code = ch.codePointAt(0)!;
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

/** Everything after the key on an item's line; compared with whitespace collapsed. */
function restOf(line: ReorderLine, widths: { value: number; goal: number }): string {
  const value = line.value === null ? '-' : String(line.value);
  const goal = oneLine(line.goal ?? '-');
  return `${value.padStart(widths.value)}  ${goal.padEnd(widths.goal)}  ${oneLine(line.title)}`;
}

const collapse = (s: string) => s.trim().split(/\s+/).join(' ');

export function renderReorderFile(lines: readonly ReorderLine[], product: string): string {
  const keyWidth = Math.max(0, ...lines.map((l) => l.key.length));
  const widths = {
    value: Math.max(0, ...lines.map((l) => (l.value === null ? 1 : String(l.value).length))),
    goal: Math.max(0, ...lines.map((l) => oneLine(l.goal ?? '-').length)),
  };
  const header = headerLines(lines.length, product);
  return `${[...header, ...lines.map((l) => `${l.key.padEnd(keyWidth)}  ${restOf(l, widths)}`.trimEnd())].join('\n')}\n`;
}

function headerLines(count: number, product: string): string[] {
  return [
    `# Reorder the backlog of ${oneLine(product)}: ${count} ranked item${count === 1 ? '' : 's'}, top first.`,
    '#',
    '# Move lines to change the order, then save and close the editor.',
    '# Each line is: KEY  VALUE  GOAL  TITLE. Only the order of the lines matters:',
    '# keep every line, do not add, repeat or edit one (change fields with `ordo edit`).',
    '# Lines starting with # and blank lines are ignored.',
    '# To cancel, delete every line (or leave the order as it is): nothing is written.',
    '',
  ];
}

export type ParsedReorder = { kind: 'empty' } | { kind: 'order'; numbers: number[] };

/**
 * Reads the edited file back. Every problem is reported with its line number, and any
 * problem refuses the whole file: a missing, repeated or unknown key, or an edited line.
 */
export function parseReorderFile(text: string, lines: readonly ReorderLine[], file = 'the reorder list'): ParsedReorder {
  const byKey = new Map(lines.map((l) => [l.key.toUpperCase(), l]));
  const widths = { value: 0, goal: 0 };
  const seenAt = new Map<number, number>();
  const numbers: number[] = [];
  const problems: string[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const lineNo = i + 1;
    const t = raw.trim();
    if (t === '' || t.startsWith('#')) return;
    const key = t.split(/\s+/, 1)[0]!;
    const line = byKey.get(key.toUpperCase());
    if (!line) {
      problems.push(`${file}:${lineNo}: unknown key "${oneLine(key)}": it is not a ranked item here`);
      return;
    }
    const first = seenAt.get(line.number);
    if (first !== undefined) {
      problems.push(`${file}:${lineNo}: ${line.key} appears again (first on line ${first})`);
      return;
    }
    seenAt.set(line.number, lineNo);
    if (collapse(t.slice(key.length)) !== collapse(restOf(line, widths))) {
      problems.push(`${file}:${lineNo}: the line for ${line.key} was edited; only the order of lines may change`);
    }
    numbers.push(line.number);
  });
  if (numbers.length === 0 && problems.length === 0) return { kind: 'empty' };
  // A missing line has no line number in the edited file: name where it was written.
  const written = headerLines(lines.length, '').length;
  lines.forEach((l, i) => {
    if (!seenAt.has(l.number)) {
      problems.push(`${file}:${written + i + 1}: ${l.key} is missing (it was written on this line); every ranked item must keep its line`);
    }
  });
  if (problems.length > 0) {
    throw new UsageError(
      `The edited order was not applied:\n  ${problems.join('\n  ')}`,
      'Nothing was changed. Run `ordo reorder --editor` again and only move lines; use `ordo drop` or `ordo edit` for other changes.',
      'REORDER_INVALID',
    );
  }
  return { kind: 'order', numbers };
}
