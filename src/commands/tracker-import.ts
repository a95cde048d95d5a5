/**
 * `ordo import --from github|jira|backlog-md|taskwarrior PATH`: another tracker's open work
 * enters the intake as proposals, each keeping a link to where it came from, so the same
 * export imported again adds nothing. One transaction: all of it, or nothing.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { EMPTY_MAPPING, parseMapping, type Mapping } from '../config/importers/mapping.js';
import { TRACKERS, type ParsedExport, type Tracker } from '../config/importers/types.js';
import { validateValue } from '../core/item-fields.js';
import { planImport, sourceOf, type PlannedItem, type SkippedItem } from '../core/tracker-import.js';
import { ConflictError, DataError, NotFoundError, OrdoError, UsageError } from '../errors.js';
import { formatKey, newItemRow, readBacklog, requireGoal, writeBacklog, type Reader } from './backlog.js';
import type { Context } from './context.js';

/** An export is data, not a database dump: past this size it is not what the tracker wrote. */
const MAX_BYTES = 64 * 1024 * 1024;

export interface TrackerImportInput {
  from: string;
  path: string;
  map?: string;
  dryRun?: boolean;
}

export interface TrackerImportResult {
  from: Tracker;
  path: string;
  dryRun: boolean;
  taken: (PlannedItem & { key: string | null })[];
  skipped: SkippedItem[];
}

const HOW: Record<Tracker, string> = {
  github: 'gh issue list --state all --json number,title,body,labels,milestone,state,createdAt,author,url > issues.json',
  jira: "Jira's Issues view → Export → Export CSV (all fields)",
  'backlog-md': 'the directory holding backlog/tasks/ (or backlog/tasks itself)',
  taskwarrior: 'task export > tasks.json',
};

function readBounded(path: string, shown: string, what: string): string {
  let size: number;
  try {
    size = statSync(path).size;
  } catch {
    throw new NotFoundError('IMPORT_FILE_NOT_FOUND', `Cannot read ${shown}: no such file.`, `Give the path of ${what}.`);
  }
  if (size > MAX_BYTES) throw new DataError('IMPORT_FILE_TOO_LARGE', `${shown} is ${size} bytes; an export larger than ${MAX_BYTES} bytes is not read.`, 'Export fewer items at a time.');
  return readFileSync(path, 'utf8');
}

function taskFiles(dir: string, shown: string): { name: string; content: string }[] {
  const candidates = [join(dir, 'backlog', 'tasks'), join(dir, 'tasks'), dir];
  const tasks = candidates.find((d) => existsSync(d) && statSync(d).isDirectory() && readdirSync(d).some((n) => n.endsWith('.md')));
  if (!tasks) throw new NotFoundError('IMPORT_FILE_NOT_FOUND', `No Backlog.md task files (*.md) in ${shown}, ${shown}/tasks or ${shown}/backlog/tasks.`, `Give ${HOW['backlog-md']}.`);
  return readdirSync(tasks)
    .filter((n) => n.endsWith('.md'))
    .sort()
    .map((name) => ({ name, content: readBounded(join(tasks, name), name, 'a task file') }));
}

async function parseExport(from: Tracker, path: string, shown: string): Promise<ParsedExport> {
  try {
    switch (from) {
      case 'github':
        return (await import('../config/importers/github.js')).parseGithub(readBounded(path, shown, HOW.github), shown);
      case 'jira':
        return (await import('../config/importers/jira.js')).parseJira(readBounded(path, shown, HOW.jira), shown);
      case 'taskwarrior':
        return (await import('../config/importers/taskwarrior.js')).parseTaskwarrior(readBounded(path, shown, HOW.taskwarrior), shown);
      case 'backlog-md':
        return (await import('../config/importers/backlog-md.js')).parseBacklogMd(taskFiles(path, shown));
    }
  } catch (error) {
    if (error instanceof SyntaxError) throw new DataError('IMPORT_FILE_INVALID', error.message, `Export again with ${HOW[from]}.`);
    throw error;
  }
}

/** The goals the mapping names must exist and be active, its values lie on the scale. */
function checkMapping(r: Reader, m: Mapping, file: string): void {
  for (const [name, v] of [['value', m.value], ...[...m.priority].map(([p, v]) => [`priority.${p}`, v])] as [string, number | null][]) {
    if (v === null) continue;
    try {
      validateValue(v, r.config.scale);
    } catch (error) {
      throw new UsageError(`${file}: ${name}: ${(error as OrdoError).message}`, (error as OrdoError).hint);
    }
  }
  for (const [name, id] of [['goal', m.goal], ...[...m.labels].map(([l, g]) => [`labels.${l}`, g])] as [string, string | null][]) {
    if (id === null) continue;
    let goal;
    try {
      goal = requireGoal(r, id);
    } catch (error) {
      throw new UsageError(`${file}: ${name}: ${(error as OrdoError).message}`, (error as OrdoError).hint);
    }
    if (goal.status !== 'active') throw new ConflictError('GOAL_NOT_ACTIVE', `${file}: ${name}: goal ${goal.id} is ${goal.status}; items can only serve an active goal.`, '`ordo goal list` shows the active goals.');
  }
}

export async function importFromTracker(input: TrackerImportInput, ctx: Context): Promise<TrackerImportResult> {
  const from = input.from.trim().toLowerCase() as Tracker;
  if (!TRACKERS.includes(from)) throw new UsageError(`--from "${input.from}" is not a tracker ordo imports from.`, `Use one of: ${TRACKERS.join(', ')}.`);
  const mapping = input.map === undefined ? EMPTY_MAPPING : parseMapping(readBounded(resolve(ctx.cwd, input.map), input.map, 'a YAML mapping file'), input.map);
  const config = await ctx.config();
  const parsed = await parseExport(from, resolve(ctx.cwd, input.path), input.path);
  const unreadable: SkippedItem[] = parsed.unreadable.map((u) => ({ source: null, title: null, reason: `${u.where}: ${u.reason}` }));
  const plan = (r: Reader) => {
    checkMapping(r, mapping, input.map ?? '');
    const known = new Set<string>();
    for (const item of r.store.items.all()) {
      const s = sourceOf(item.description);
      if (s) known.add(s);
    }
    const goalId = (id: string | null) => (id === null ? null : requireGoal(r, id).id);
    const { taken, skipped } = planImport(parsed.items, known, { ...mapping, rationaleMinWords: config.check.rationaleMinWords });
    return { taken: taken.map((t) => ({ ...t, goal: goalId(t.goal) })), skipped: [...skipped, ...unreadable] };
  };
  if (input.dryRun) {
    const { taken, skipped } = await readBacklog(ctx, plan);
    return { from, path: input.path, dryRun: true, taken: taken.map((t) => ({ ...t, key: null })), skipped };
  }
  const identity = ctx.identity();
  return writeBacklog(ctx, 'import', (w) => {
    const { taken, skipped } = plan(w);
    const placed = taken.map((t) => {
      const item = newItemRow(w, { title: t.title, description: t.description, type: t.type, value: t.value, rationale: t.rationale, goal: t.goal, estimate: null, status: 'proposed' });
      const number = w.store.items.insert(item);
      w.record('add', { item: number }, {
        status: 'proposed',
        position: null,
        title: t.title,
        value: t.value,
        goal: t.goal,
        source: t.source,
        fields: { title: t.title, type: t.type, value: t.value, rationale: t.rationale, goal: t.goal, estimate: null, description: t.description },
      });
      return { ...t, key: formatKey(w.config, number) };
    });
    return { from, path: input.path, dryRun: false, taken: placed, skipped };
  });
}
