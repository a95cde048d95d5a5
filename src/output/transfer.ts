/**
 * Export serialisers. yaml and json are lossless (see core/backlog-document.ts); csv and md
 * are one-way views for spreadsheets and wikis: the order, then the intake, then finished items.
 * The YAML is written by hand rather than through a general emitter: the shape is fixed,
 * and 100,000 items must be written in well under a second.
 */
import { DOCUMENT_END, DOCUMENT_KIND, DOCUMENT_VERSION, documentRows, type DocumentRows, type Fields } from '../core/backlog-document.js';
import { FINISHED_STATUSES } from '../core/lifecycle.js';
import { positions, rankedItems, type Snapshot } from '../core/snapshot.js';
import type { Item } from '../core/types.js';

export type ExportFormat = 'yaml' | 'json' | 'csv' | 'md';
export const EXPORT_FORMATS: readonly ExportFormat[] = ['yaml', 'json', 'csv', 'md'];

const PLAIN = /^[A-Za-z][A-Za-z0-9 _.,@/()'+?!%;&=-]*$/;
const RESERVED = /^(?:true|false|null|yes|no|on|off|y|n)$/i;

/** A YAML scalar: plain when that cannot be misread, else a JSON string (valid YAML). */
function yamlScalar(value: unknown): string {
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') {
    return PLAIN.test(value) && !value.endsWith(' ') && !RESERVED.test(value) ? value : JSON.stringify(value);
  }
  // Nested mappings (event details) as JSON flow collections: valid YAML, one line.
  return JSON.stringify(value);
}

/** Reports rows written so far; called every few thousand rows (a progress bar). */
export type OnRows = (done: number, total: number) => void;

function rowCounter(total: number, onRows?: OnRows): () => void {
  if (!onRows) return () => {};
  let done = 0;
  return () => {
    done++;
    if (done % 2000 === 0 || done === total) onRows(done, total);
  };
}

/** Writes one sequence of rows: `open` before the first, `between` between two, `close` after the last; `empty` when there are none. */
function writeRows(rows: Iterable<Fields>, write: (text: string) => void, tick: () => void, form: { open: string; between: string; close: string; empty: string; row: (r: Fields) => string }): void {
  let first = true;
  for (const row of rows) {
    tick();
    write(first ? form.open : form.between);
    write(form.row(row));
    first = false;
  }
  write(first ? form.empty : form.close);
}

function yamlRow(row: Fields): string {
  let out = '';
  let first = true;
  for (const k in row) {
    out += `${first ? '  - ' : '    '}${k}: ${yamlScalar(row[k])}\n`;
    first = false;
  }
  return out;
}

/** The export document as YAML, written row by row. */
export function writeYaml(doc: DocumentRows, write: (text: string) => void, onRows?: OnRows): void {
  const tick = rowCounter(doc.total, onRows);
  write(`schemaVersion: ${DOCUMENT_VERSION}\nkind: ${DOCUMENT_KIND}\ncounts: ${JSON.stringify(doc.counts)}\n`);
  const yaml = (name: string, rows: Iterable<Fields>, count: () => void) =>
    writeRows(rows, write, count, { open: `${name}:\n`, between: '', close: '', empty: `${name}: []\n`, row: yamlRow });
  for (const name of ['goals', 'items', 'events'] as const) yaml(name, doc[name], tick);
  // Releases and sprints are a handful of rows, written only when there are any: the progress counts the big sections.
  for (const name of ['releases', 'sprints'] as const) if (doc[name]) yaml(name, doc[name]!, () => {});
  write(`end: ${DOCUMENT_END}\n`);
}

/** The export document as JSON, one row per line (diffable, and far smaller than fully indented JSON), written row by row. */
export function writeJson(doc: DocumentRows, write: (text: string) => void, onRows?: OnRows): void {
  const tick = rowCounter(doc.total, onRows);
  write(`{\n  "schemaVersion": ${DOCUMENT_VERSION},\n  "kind": ${JSON.stringify(DOCUMENT_KIND)},\n  "counts": ${JSON.stringify(doc.counts)},\n`);
  const json = (name: string, rows: Iterable<Fields>, count: () => void) => {
    const key = `  ${JSON.stringify(name)}: `;
    writeRows(rows, write, count, { open: `${key}[\n    `, between: ',\n    ', close: '\n  ],\n', empty: `${key}[],\n`, row: (r) => JSON.stringify(r) });
  };
  for (const name of ['goals', 'items', 'events'] as const) json(name, doc[name], tick);
  for (const name of ['releases', 'sprints'] as const) if (doc[name]) json(name, doc[name]!, () => {});
  write(`  "end": ${JSON.stringify(DOCUMENT_END)}\n}\n`);
}

const collect = (fn: (write: (text: string) => void) => void): string => {
  const parts: string[] = [];
  fn((text) => parts.push(text));
  return parts.join('');
};

export function toYaml(snapshot: Snapshot, onRows?: OnRows): string {
  return collect((write) => writeYaml(documentRows(snapshot), write, onRows));
}

export function toJson(snapshot: Snapshot, onRows?: OnRows): string {
  return collect((write) => writeJson(documentRows(snapshot), write, onRows));
}

/** The ordered backlog, then the intake, then finished items, each with its position or null. */
function viewOrder(snapshot: Snapshot): { item: Item; position: number | null; section: 'order' | 'intake' | 'finished' }[] {
  const pos = positions(snapshot.items);
  const byNumber = (a: Item, b: Item) => a.number - b.number;
  return [
    ...rankedItems(snapshot.items).map((item) => ({ item, position: pos.get(item.number)!, section: 'order' as const })),
    ...snapshot.items.filter((i) => i.rank === null && i.status === 'proposed').sort(byNumber).map((item) => ({ item, position: null, section: 'intake' as const })),
    ...snapshot.items
      .filter((i) => i.rank === null && (FINISHED_STATUSES.includes(i.status) || i.status === 'ready' || i.status === 'in-progress'))
      .sort(byNumber)
      .map((item) => ({ item, position: null, section: 'finished' as const })),
  ];
}

function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  let s = String(value);
  // A cell starting like a formula would run in a spreadsheet: make it text.
  if (/^[=+\-@\t\r]/.test(s) && typeof value === 'string') s = `'${s}`;
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsv(snapshot: Snapshot, formatKey: (n: number) => string): string {
  const header = ['position', 'key', 'status', 'title', 'type', 'value', 'goal', 'estimate', 'rationale', 'description', 'created_by', 'created_at', 'reason', 'labels', 'depends_on'];
  const rows = viewOrder(snapshot).map(({ item: i, position }) =>
    [position, formatKey(i.number), i.status, i.title, i.type, i.value, i.goal, i.estimate, i.rationale, i.description, i.createdBy, i.createdAt, i.reason, i.labels.join(', ') || null, i.dependsOn.map(formatKey).join(', ') || null]
      .map(csvCell)
      .join(','),
  );
  return `${[header.join(','), ...rows].join('\r\n')}\r\n`;
}

function mdCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  return String(value).replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, '<br>');
}

export function toMarkdown(snapshot: Snapshot, formatKey: (n: number) => string, title = 'Product Backlog'): string {
  const view = viewOrder(snapshot);
  const out: string[] = [`# ${mdCell(title)}`, ''];
  if (snapshot.goals.length > 0) {
    out.push('## Roadmap goals', '', '| Goal | Title | Horizon | Status | Metric |', '| --- | --- | --- | --- | --- |');
    for (const g of snapshot.goals) out.push(`| ${mdCell(g.id)} | ${mdCell(g.title)} | ${mdCell(g.horizon)} | ${g.status} | ${mdCell(g.metric)} |`);
    out.push('');
  }
  const sections = [
    ['order', 'Order', '| # | Key | Title | Value | Goal | Status | Why |', '| ---: | --- | --- | ---: | --- | --- | --- |'],
    ['intake', 'Intake (proposed)', '| Key | Title | Value | Goal | Proposed by | Why |', '| --- | --- | ---: | --- | --- | --- |'],
    ['finished', 'Finished', '| Key | Title | Value | Goal | Status | Reason |', '| --- | --- | ---: | --- | --- | --- |'],
  ] as const;
  for (const [section, heading, head, rule] of sections) {
    const rows = view.filter((v) => v.section === section);
    out.push(`## ${heading}`, '');
    if (rows.length === 0) {
      out.push('_None._', '');
      continue;
    }
    out.push(head, rule);
    for (const { item: i, position } of rows) {
      const key = formatKey(i.number);
      if (section === 'order') out.push(`| ${position} | ${key} | ${mdCell(i.title)} | ${mdCell(i.value)} | ${mdCell(i.goal)} | ${i.status} | ${mdCell(i.rationale)} |`);
      else if (section === 'intake') out.push(`| ${key} | ${mdCell(i.title)} | ${mdCell(i.value)} | ${mdCell(i.goal)} | ${mdCell(i.createdBy)} | ${mdCell(i.rationale)} |`);
      else out.push(`| ${key} | ${mdCell(i.title)} | ${mdCell(i.value)} | ${mdCell(i.goal)} | ${i.status} | ${mdCell(i.reason)} |`);
    }
    out.push('');
  }
  return out.join('\n');
}

export function serialise(format: ExportFormat, snapshot: Snapshot, formatKey: (n: number) => string, product?: string, onRows?: OnRows): string {
  switch (format) {
    case 'yaml':
      return toYaml(snapshot, onRows);
    case 'json':
      return toJson(snapshot, onRows);
    case 'csv':
      return toCsv(snapshot, formatKey);
    case 'md':
      return toMarkdown(snapshot, formatKey, product ? `${product}: Product Backlog` : undefined);
  }
}
