/**
 * Backlog.md's task files (backlog/tasks/*.md): YAML front matter (id, title, status,
 * assignee, labels, created_date, dependencies, priority), then a markdown body with
 * `## Description` and `## Acceptance Criteria` (`- [ ] #1 …`) sections.
 */
import { parse as parseYaml } from 'yaml';
import { typeFromLabels, type ParsedExport } from './types.js';

export interface TaskFile {
  name: string;
  content: string;
}

const FRONT_MATTER = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?([\s\S]*)$/;

/** The text under a `## Heading`, without Backlog.md's section markers. */
function section(body: string, heading: RegExp): string | null {
  const lines = body.split(/\r?\n/);
  const start = lines.findIndex((l) => heading.test(l));
  if (start < 0) return null;
  const out: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (/^##\s/.test(line)) break;
    if (/^<!--\s*(SECTION:[A-Z_]+|AC):(BEGIN|END)\s*-->$/.test(line.trim())) continue;
    out.push(line);
  }
  const t = out.join('\n').trim();
  return t === '' ? null : t;
}

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : typeof v === 'string' && v.trim() ? [v] : []);

/** "2025-07-26 14:30" or "2025-06-03", read as UTC. */
function createdDate(v: unknown): string | null {
  const t = v instanceof Date ? v.toISOString() : typeof v === 'string' ? v.trim() : '';
  const m = /^(\d{4}-\d{2}-\d{2})(?:[ T](\d{2}:\d{2}))?/.exec(t);
  if (!m) return null;
  const d = Date.parse(`${m[1]}T${m[2] ?? '00:00'}:00Z`);
  return Number.isNaN(d) ? null : new Date(d).toISOString();
}

export function parseBacklogMd(files: TaskFile[]): ParsedExport {
  const out: ParsedExport = { items: [], unreadable: [] };
  for (const f of files) {
    const m = FRONT_MATTER.exec(f.content);
    let meta: Record<string, unknown>;
    try {
      meta = m ? (parseYaml(m[1]!) as Record<string, unknown>) : {};
    } catch (error) {
      out.unreadable.push({ where: f.name, reason: `its front matter is not YAML (${(error as Error).message.split('\n')[0]})` });
      continue;
    }
    const id = typeof meta?.id === 'string' || typeof meta?.id === 'number' ? String(meta.id).trim() : '';
    const title = typeof meta?.title === 'string' ? meta.title.trim() : '';
    if (!m || !id || !title) {
      out.unreadable.push({ where: f.name, reason: 'no front matter with id and title (not a Backlog.md task file)' });
      continue;
    }
    const body = m[2] ?? '';
    const description = section(body, /^##\s+Description\b/i);
    const criteria = section(body, /^##\s+Acceptance Criteria\b/i);
    const labels = strings(meta.labels);
    const status = typeof meta.status === 'string' ? meta.status.trim() : 'To Do';
    const assignees = strings(meta.assignee);
    const dependencies = strings(meta.dependencies);
    out.items.push({
      source: `backlog-md:${id.toLowerCase()}`,
      url: null,
      title,
      description: [description, criteria ? `Acceptance criteria:\n${criteria.replace(/^- \[([ xX])\] #\d+ /gm, '- [$1] ')}` : null].filter(Boolean).join('\n\n') || null,
      type: typeFromLabels(labels),
      priority: typeof meta.priority === 'string' ? meta.priority.trim().toLowerCase() : null,
      labels,
      createdAt: createdDate(meta.created_date),
      author: typeof meta.reporter === 'string' ? meta.reporter : null,
      open: !/^(done|completed|closed|archived)$/i.test(status),
      status,
      notes: [
        ...(assignees.length > 0 ? [`assigned to ${assignees.join(', ')}`] : []),
        ...(dependencies.length > 0 ? [`depends on ${dependencies.map((d) => `backlog-md:${d.toLowerCase()}`).join(', ')}`] : []),
        ...(typeof meta.milestone === 'string' ? [`milestone ${meta.milestone}`] : []),
      ],
    });
  }
  return out;
}
