/** `ordo import --from TRACKER PATH`: the report of what was taken into the intake and what was skipped. */
import type { Context } from '../commands/context.js';
import type { TrackerImportResult } from '../commands/tracker-import.js';
import { UsageError } from '../errors.js';
import { safe } from '../output/terminal.js';
import { loadJson } from './action.js';
import type { Io } from './io.js';

export const TRACKER_HELP =
  '\nFrom another tracker (--from), open work enters the intake as proposals (status proposed, not ranked)\n' +
  'for the Product Owner to triage; closed work is skipped. Each item keeps where it came from on an\n' +
  '"Imported from github:acme/shop#12" line of its description, so importing the same export again adds\n' +
  'nothing. What each tool writes:\n' +
  '  github       gh issue list --state all --json number,title,body,labels,milestone,state,createdAt,author,url\n' +
  "  jira         Jira's CSV export (Issues → Export → CSV): Issue key, Summary, Description, Issue Type,\n" +
  '               Priority, Labels, Epic Link or Parent, Status, Created; epics are skipped (goals in ordo)\n' +
  '  backlog-md   a directory holding backlog/tasks/*.md (Backlog.md task files)\n' +
  '  taskwarrior  task export\n' +
  'A mapping file (--map, YAML) turns their priorities and labels into value and goal:\n' +
  '  goal: G1                                 # items no label maps\n' +
  '  value: 3                                 # items no priority maps\n' +
  '  priority: { high: 13, medium: 5, low: 2 }\n' +
  '  labels: { checkout: G1, "epic:SHOP-1": G2 }\n' +
  '  why: description                         # first paragraph of their text as the value rationale\n' +
  'Whatever an item still lacks (why, value, goal) is listed; `ordo check` reports it until it is given.\n';

export async function runTrackerImport(io: Io, ctx: Context, path: string, opts: { from: string; map?: string; dryRun?: boolean; replace?: boolean }): Promise<void> {
  if (opts.replace) throw new UsageError('--replace is for files written by ordo export; an import --from only adds proposals.', 'Leave out --replace.');
  const { importFromTracker } = await import('../commands/tracker-import.js');
  const result = await importFromTracker({ from: opts.from, path, map: opts.map, dryRun: opts.dryRun }, ctx);
  if (io.json) return io.out((await loadJson()).envelope('tracker-import', { ...result }));
  if (!io.quiet || result.dryRun) io.out(renderTrackerImport(result));
}

function renderTrackerImport(r: TrackerImportResult): string {
  const lines = [
    r.dryRun
      ? `Dry run: importing ${safe(r.path)} from ${r.from} would propose ${r.taken.length} item(s) and skip ${r.skipped.length} (nothing was written).`
      : `Imported ${r.taken.length} item(s) from ${r.from} (${safe(r.path)}) into the intake as proposals; skipped ${r.skipped.length}.`,
  ];
  if (r.taken.length > 0) {
    lines.push('', 'Taken:');
    for (const t of r.taken) {
      const facts = [t.value === null ? null : `value ${t.value}`, t.goal === null ? null : `goal ${safe(t.goal)}`, t.needs.length > 0 ? `needs ${t.needs.join(', ')}` : null].filter(Boolean).join(', ');
      lines.push(`  ${(t.key ?? '-').padEnd(8)} ${safe(t.source)}  ${safe(t.title)}${facts ? `  (${facts})` : ''}`);
    }
  }
  if (r.skipped.length > 0) {
    lines.push('', 'Skipped:');
    for (const s of r.skipped) lines.push(`  ${s.source ? `${safe(s.source)}  ${safe(s.title ?? '')}: ` : ''}${safe(s.reason)}`);
  }
  if (!r.dryRun && r.taken.length > 0) lines.push('', 'Next: the Product Owner triages them (ordo triage).');
  return lines.join('\n');
}
