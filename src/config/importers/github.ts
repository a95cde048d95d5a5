/**
 * `gh issue list --json number,title,body,labels,milestone,state,createdAt,author,url`:
 * a JSON array of issues; labels are objects with a name, state is OPEN or CLOSED.
 */
import { isoOrNull, text, typeFromLabels, type ForeignItem, type ParsedExport } from './types.js';

interface GhIssue {
  number?: unknown;
  title?: unknown;
  body?: unknown;
  labels?: unknown;
  milestone?: { title?: unknown } | null;
  state?: unknown;
  createdAt?: unknown;
  author?: { login?: unknown } | null;
  url?: unknown;
}

/** owner/repo from an issue's url (https://github.com/acme/shop/issues/12). */
function repoOf(url: string | null): string | null {
  const m = url ? /^https?:\/\/[^/]+\/([^/]+\/[^/]+)\/(?:issues|pull)\/\d+/.exec(url) : null;
  return m ? m[1]! : null;
}

export function parseGithub(content: string, file: string): ParsedExport {
  let data: unknown;
  try {
    data = JSON.parse(content);
  } catch (error) {
    throw new SyntaxError(`${file} is not JSON (${(error as Error).message}); expected the output of gh issue list --json number,title,body,labels,milestone,state,createdAt,author,url.`);
  }
  if (!Array.isArray(data)) throw new SyntaxError(`${file} holds JSON but not a list of issues; expected the output of gh issue list --json ….`);
  const out: ParsedExport = { items: [], unreadable: [] };
  data.forEach((raw: GhIssue, i) => {
    const where = `${file}: issue ${i + 1}`;
    const title = text(raw?.title);
    if (typeof raw !== 'object' || raw === null || typeof raw.number !== 'number' || !title) {
      out.unreadable.push({ where, reason: 'no number or title (not an issue from gh issue list --json)' });
      return;
    }
    const url = text(raw.url);
    const labels = Array.isArray(raw.labels) ? raw.labels.map((l: { name?: unknown } | string) => text(typeof l === 'string' ? l : l?.name)).filter((l): l is string => l !== null) : [];
    const state = text(raw.state)?.toUpperCase() ?? 'OPEN';
    const repo = repoOf(url);
    const milestone = text(raw.milestone?.title);
    out.items.push({
      source: repo ? `github:${repo}#${raw.number}` : `github:#${raw.number}`,
      url,
      title,
      description: text(raw.body),
      type: typeFromLabels(labels),
      priority: labels.map((l) => /^(?:priority|prio|p)[:/ -]?\s*(.+)$/i.exec(l)?.[1] ?? (/^p\d$/i.test(l) ? l : null)).find((p) => p)?.toLowerCase() ?? null,
      labels,
      createdAt: isoOrNull(raw.createdAt),
      author: text(raw.author?.login),
      open: state === 'OPEN',
      status: state.toLowerCase(),
      notes: milestone ? [`milestone ${milestone}`] : [],
    });
  });
  return out;
}
