/**
 * Jira's CSV export (Issues → Export → CSV): one header row, then one row per issue. Fields
 * with several values repeat their column (Labels, Labels, …); cells may hold quoted commas,
 * quotes and line breaks. Dates are as the exporting user sees them, e.g. 12/Nov/26 9:15 AM.
 */
import { parse } from 'csv-parse/sync';
import { isoOrNull, typeFromName, type ParsedExport } from './types.js';

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** Jira's "12/Nov/26 9:15 AM" (or an ISO-like "2026-11-12 09:15"), read as UTC. */
export function jiraDate(value: string | undefined): string | null {
  const v = (value ?? '').trim();
  const m = /^(\d{1,2})\/([A-Za-z]{3})\/(\d{2}|\d{4})\s+(\d{1,2}):(\d{2})\s*([AaPp][Mm])?$/.exec(v);
  if (m) {
    const month = MONTHS.indexOf(m[2]!.toLowerCase());
    if (month < 0) return null;
    let hour = Number(m[4]);
    const half = m[6]?.toLowerCase();
    if (half === 'am' && hour === 12) hour = 0;
    if (half === 'pm' && hour < 12) hour += 12;
    const year = m[3]!.length === 2 ? 2000 + Number(m[3]) : Number(m[3]);
    return new Date(Date.UTC(year, month, Number(m[1]), hour, Number(m[5]))).toISOString();
  }
  return isoOrNull(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}/.test(v) ? `${v.replace(' ', 'T')}Z` : v);
}

const CLOSED_STATUSES = new Set(['done', 'closed', 'resolved', "won't do", "won't fix", 'cancelled', 'canceled', 'rejected']);

export function parseJira(content: string, file: string): ParsedExport {
  let rows: string[][];
  try {
    rows = parse(content, { bom: true, relax_column_count: true, skip_empty_lines: true }) as string[][];
  } catch (error) {
    throw new SyntaxError(`${file} is not CSV Jira can write (${(error as Error).message}).`);
  }
  const header = rows.shift() ?? [];
  const columns = new Map<string, number[]>();
  header.forEach((name, i) => {
    const key = name.trim().toLowerCase();
    columns.set(key, [...(columns.get(key) ?? []), i]);
  });
  const all = (row: string[], ...names: string[]) =>
    names.flatMap((n) => (columns.get(n) ?? []).map((i) => (row[i] ?? '').trim())).filter((v) => v !== '');
  const one = (row: string[], ...names: string[]) => all(row, ...names)[0];
  if (!columns.has('summary') || !columns.has('issue key')) {
    throw new SyntaxError(`${file} has no "Summary" and "Issue key" columns; expected Jira's CSV export (all fields or current fields).`);
  }
  const out: ParsedExport = { items: [], unreadable: [] };
  rows.forEach((row, i) => {
    const where = `${file}: line ${i + 2}`;
    const key = one(row, 'issue key');
    const title = one(row, 'summary');
    if (!key || !title) {
      out.unreadable.push({ where, reason: 'no Issue key or Summary' });
      return;
    }
    const issueType = one(row, 'issue type') ?? '';
    const status = one(row, 'status') ?? '';
    const resolution = one(row, 'resolution');
    const labels = all(row, 'labels');
    const epic = one(row, 'custom field (epic link)', 'epic link', 'parent', 'parent id');
    const base = /^https?:\/\/[^/]+/.exec(one(row, 'url') ?? '')?.[0];
    out.items.push({
      source: `jira:${key}`,
      url: base ? `${base}/browse/${key}` : null,
      title,
      description: one(row, 'description') ?? null,
      type: typeFromName(issueType) ?? 'story',
      priority: one(row, 'priority')?.toLowerCase() ?? null,
      labels: epic ? [...labels, `epic:${epic}`] : labels,
      createdAt: jiraDate(one(row, 'created')),
      author: one(row, 'reporter', 'creator') ?? null,
      open: !CLOSED_STATUSES.has(status.toLowerCase()) && (resolution === undefined || resolution.toLowerCase() === 'unresolved'),
      status: status || 'unknown',
      epic: issueType.toLowerCase() === 'epic',
      notes: [
        ...(issueType ? [`${issueType.toLowerCase()} in Jira`] : []),
        ...(epic ? [`epic ${epic}`] : []),
        ...all(row, 'sprint').map((s) => `sprint ${s}`),
      ],
    });
  });
  return out;
}
