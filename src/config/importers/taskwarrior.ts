/**
 * `task export`: a JSON array of tasks (uuid, description, status, entry as 20261101T120000Z,
 * project, tags, priority H/M/L, urgency, annotations, depends).
 */
import { text, typeFromLabels, type ParsedExport } from './types.js';

/** Taskwarrior's compact UTC stamp, 20261101T120000Z, as ISO. */
export function taskwarriorDate(value: unknown): string | null {
  const m = typeof value === 'string' ? /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value) : null;
  if (!m) return null;
  const t = Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!);
  return Number.isNaN(t) ? null : new Date(t).toISOString();
}

const PRIORITY: Record<string, string> = { H: 'high', M: 'medium', L: 'low' };

export function parseTaskwarrior(content: string, file: string): ParsedExport {
  let data: unknown;
  try {
    data = JSON.parse(content);
  } catch (error) {
    throw new SyntaxError(`${file} is not JSON (${(error as Error).message}); expected the output of task export.`);
  }
  if (!Array.isArray(data)) throw new SyntaxError(`${file} holds JSON but not a list of tasks; expected the output of task export.`);
  const out: ParsedExport = { items: [], unreadable: [] };
  data.forEach((raw: Record<string, unknown>, i) => {
    const where = `${file}: task ${i + 1}`;
    const title = text(raw?.description);
    const uuid = text(raw?.uuid);
    if (!title || !uuid) {
      out.unreadable.push({ where, reason: 'no uuid or description (not a task from task export)' });
      return;
    }
    const status = text(raw.status) ?? 'pending';
    const tags = Array.isArray(raw.tags) ? raw.tags.filter((t): t is string => typeof t === 'string') : [];
    const project = text(raw.project);
    const annotations = Array.isArray(raw.annotations)
      ? raw.annotations.map((a: { entry?: unknown; description?: unknown }) => {
          const note = text(a?.description);
          const at = taskwarriorDate(a?.entry);
          return note ? `- ${at ? `${at.slice(0, 10)}: ` : ''}${note}` : null;
        })
      : [];
    const notes = annotations.filter((a): a is string => a !== null);
    const depends = Array.isArray(raw.depends) ? raw.depends : typeof raw.depends === 'string' ? raw.depends.split(',') : [];
    out.items.push({
      source: `taskwarrior:${uuid}`,
      url: null,
      title,
      description: notes.length > 0 ? notes.join('\n') : null,
      type: typeFromLabels(tags),
      priority: typeof raw.priority === 'string' ? (PRIORITY[raw.priority] ?? raw.priority.toLowerCase()) : null,
      labels: project ? [...tags, `project:${project}`] : tags,
      createdAt: taskwarriorDate(raw.entry),
      author: null,
      // waiting and recurring tasks are still to do; completed and deleted ones are not.
      open: status !== 'completed' && status !== 'deleted',
      status,
      notes: [
        ...(project ? [`project ${project}`] : []),
        ...(typeof raw.urgency === 'number' ? [`urgency ${raw.urgency}`] : []),
        ...(depends.length > 0 ? [`depends on ${depends.map((d) => `taskwarrior:${String(d).trim()}`).join(', ')}`] : []),
      ],
    });
  });
  return out;
}
