/** `ordo export` and `ordo import`: the backlog in and out of ordo as a file. */
import { basename, resolve } from 'node:path';
import { FILE_LIMITS, readBoundedFile, reason } from '../config/files.js';
import { countChanges, type ChangeCounts } from '../core/backlog-diff.js';
import { eventFields, goalFields, itemRows, releaseFields, sprintFields, type DocumentRows } from '../core/backlog-document.js';
import { requirePermission } from '../core/roles.js';
import type { Snapshot } from '../core/snapshot.js';
import { ConflictError, NotFoundError } from '../errors.js';
import { readSnapshot, writeSnapshot, type OnRows } from '../store/snapshot.js';
import { formatKey, readBacklog, writeBacklog } from './backlog.js';
import { requireSigningKey } from './signing.js';
import type { Context } from './context.js';

export interface ExportRows extends DocumentRows {
  product: string;
}

/**
 * `ordo export` (yaml, json): hands `write` the export document's rows inside one read, each row
 * read as it is written, so memory stays flat whatever the size of the backlog.
 */
export async function exportRows<T>(_input: object, ctx: Context, write: (rows: ExportRows) => T): Promise<T> {
  return readBacklog(ctx, (r) => {
    const goals = r.store.goals.list().map(goalFields);
    const counts = { goals: goals.length, items: r.store.items.count(), events: r.store.events.count() };
    const releases = r.store.releases.list().map(releaseFields);
    const sprints = r.store.sprints.list().map(sprintFields);
    return write({
      product: r.config.product,
      counts,
      goals,
      items: itemRows(r.store.items.ranked(), r.store.items.unranked()),
      events: mapRows(r.store.events.all(), eventFields),
      ...(releases.length > 0 ? { releases } : {}),
      ...(sprints.length > 0 ? { sprints } : {}),
      total: counts.goals + counts.items + counts.events,
    });
  });
}

function* mapRows<A, B>(rows: Iterable<A>, fn: (row: A) => B): Generator<B> {
  for (const row of rows) yield fn(row);
}

export interface ExportResult {
  snapshot: Snapshot;
  product: string;
  formatKey: (n: number) => string;
}

export async function exportBacklog(_input: object, ctx: Context): Promise<ExportResult> {
  return readBacklog(ctx, (r) => ({
    snapshot: readSnapshot(r.store),
    product: r.config.product,
    formatKey: (n: number) => formatKey(r.config, n),
  }));
}

export interface ImportInput {
  file: string;
  dryRun?: boolean;
  /** Allow replacing a backlog that already holds goals or items. */
  replace?: boolean;
  onRows?: OnRows;
}

export interface ImportResult {
  file: string;
  dryRun: boolean;
  /** True when the backlog held goals or items before. */
  replaced: boolean;
  changes: ChangeCounts;
  totals: { goals: number; items: number; events: number };
}

const isEmpty = (s: Snapshot) => s.goals.length === 0 && s.items.length === 0;

/**
 * Makes the backlog exactly what the file holds: goals, items, order and history.
 * Into an empty backlog it adds nothing of its own, so export → import → export is
 * byte-identical; replacing a non-empty backlog needs `replace` and is recorded.
 */
export async function importBacklog(input: ImportInput, ctx: Context): Promise<ImportResult> {
  const config = await ctx.config();
  requirePermission('order', ctx.identity(), config, 'import a backlog (an import sets the order)');
  requireSigningKey(ctx, config);
  const path = resolve(ctx.cwd, input.file);
  const content = readBoundedFile(path, {
    maxBytes: FILE_LIMITS.import,
    what: 'an import',
    hint: 'Give the path of a file written by `ordo export --format yaml` or `--format json`; README "Guarantees" lists the limits.',
    unreadable: (e) =>
      new NotFoundError('IMPORT_FILE_NOT_FOUND', `Cannot read ${input.file}: ${reason(e)}.`, 'Give the path of a file written by `ordo export --format yaml` or `--format json`.'),
  });
  const { parseBacklogFile } = await import('../config/backlog-file.js');
  const incoming = parseBacklogFile(content, input.file, config.scale);
  const totals = { goals: incoming.goals.length, items: incoming.items.length, events: incoming.events.length };
  const plan = (current: Snapshot) => {
    const replaced = !isEmpty(current);
    if (replaced && !input.replace && !input.dryRun) {
      throw new ConflictError(
        'BACKLOG_NOT_EMPTY',
        `This backlog already holds ${current.items.length} item(s) and ${current.goals.length} goal(s); an import replaces all of it.`,
        `See what would change with \`ordo import ${input.file} --dry-run\`, then run it with --replace.`,
      );
    }
    return { replaced, changes: countChanges(current, incoming) };
  };
  if (input.dryRun) {
    const { replaced, changes } = await readBacklog(ctx, (r) => plan(readSnapshot(r.store)));
    return { file: input.file, dryRun: true, replaced, changes, totals };
  }
  return writeBacklog(ctx, 'import', (w) => {
    const { replaced, changes } = plan(readSnapshot(w.store));
    // Move proposals name items of the backlog being replaced; they do not carry over.
    w.store.proposals.clear();
    writeSnapshot(w.store, incoming, input.onRows);
    if (replaced) w.record('import', {}, { file: basename(input.file), ...changes });
    // An import replaces the whole backlog: with owner-key set, the Product Owner signs what it holds now.
    w.checkpoint();
    return { file: input.file, dryRun: false, replaced, changes, totals };
  });
}
