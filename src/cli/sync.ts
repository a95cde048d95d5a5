/** `ordo sync` and `ordo diff`: sharing the backlog through its own git branch. */
import type { Command } from 'commander';
import { diffRevisions } from '../commands/diff.js';
import { syncCommand, type SyncCommandResult } from '../commands/sync.js';
import { UsageError } from '../errors.js';
import { diffJson, renderDiffMarkdown, renderDiffText, renderSyncReport } from '../output/diff.js';
import { action, examples, loadJson } from './action.js';

export function registerSyncCommands(program: Command): void {
  program
    .command('sync')
    .description("share this clone's backlog changes and take the team's, through the backlog's own git branch")
    .option('--adopt', 'move a backlog whose database git tracks on this code branch (the older layout) to its own branch')
    .addHelpText(
      'after',
      examples('ordo sync', 'ordo sync --json', 'ordo sync --adopt   # once, in a clone of the older layout') +
        '\nFetches the backlog branch (sync.branch in ordo.yml, default ordo/backlog) from sync.remote (default origin),\n' +
        "merges this clone's unpublished changes into it item by item, commits on top and pushes; when a teammate\n" +
        'pushed first it fetches and merges again. Published keys never change: an item created here whose key was\n' +
        'published meanwhile takes the next free key, and you are told. When both sides changed the same field, the\n' +
        'published value stays and yours is kept in `ordo log`. Your working tree, index and branch are never touched.\n' +
        'Exit 5 when the remote cannot be reached or the push keeps failing: your changes stay in this clone.\n',
    )
    .action(
      action(async ({ io, ctx }, opts: { adopt?: boolean }) => {
        const result = await syncCommand({ adopt: opts.adopt }, ctx);
        const prefix = (await ctx.config()).prefix;
        const report = renderSyncReport(result, (n) => `${prefix}-${n}`);
        if (report) io.err(report);
        if (io.json) return io.out((await loadJson()).envelope('sync', { ...result }));
        if (!io.quiet) io.out(describeSync(result));
      }),
    );

  program
    .command('diff [revs...]')
    .description('what changed in the backlog: since the last sync, or between two commits of the backlog branch')
    .option('--format <format>', 'text or md (Markdown, for a CI step summary)', 'text')
    .addHelpText(
      'after',
      examples(
        'ordo diff                                  # what the next ordo sync publishes',
        'ordo diff origin/ordo/backlog~1 origin/ordo/backlog',
        'ordo diff "$BEFORE" "$AFTER" --format md >> "$GITHUB_STEP_SUMMARY"',
        'ordo diff origin/ordo/backlog --json',
      ) +
        '\nShows added, removed and edited items with the fields that changed, items whose place in the order changed\n(not every item that shifted), and goal changes. Revisions are commits of the backlog branch.\n',
    )
    .action(
      action(async ({ io, ctx }, revs: string[], opts: { format: string }) => {
        if (opts.format !== 'text' && opts.format !== 'md') throw new UsageError(`--format "${opts.format}" is not a diff format.`, 'Use --format text or --format md (or --json).');
        const result = await diffRevisions({ revs }, ctx);
        const key = (n: number) => `${result.prefix}-${n}`;
        const labels = { from: result.from, to: result.to };
        if (io.json) return io.out((await loadJson()).envelope('backlog-diff', diffJson(result.diff, labels, key)));
        io.out(opts.format === 'md' ? renderDiffMarkdown(result.diff, labels, key) : renderDiffText(result.diff, labels, key, io.render().style));
      }),
    );
}

function describeSync(r: SyncCommandResult): string {
  const where = `${r.remote}/${r.branch}`;
  const short = r.commit.slice(0, 10);
  const lines: string[] = [];
  switch (r.outcome) {
    case 'created':
      lines.push(`Published the backlog as the first commit of ${where} (${short}).`);
      break;
    case 'fetched':
      lines.push(`Took the team's backlog from ${where} (${short}).`);
      break;
    case 'published':
      lines.push(`Shared ${r.sent} change(s) on ${where} (${short})${r.received > 0 ? `, after taking ${r.received} from the team` : ''}${r.tries > 1 ? `; ${r.tries} tries, teammates pushed first` : ''}.`);
      break;
    case 'received':
      lines.push(`Took ${r.received} change(s) from ${where} (${short}); nothing of yours to share.`);
      break;
    case 'up-to-date':
      lines.push(`Up to date with ${where} (${short}).`);
      break;
  }
  if (r.signed) lines.push("Signed the merged order with the Product Owner's key.");
  if (r.adopted) {
    lines.push(
      `git no longer tracks ${r.adopted.untracked} on this branch; the backlog now lives on ${where}.`,
      `Commit the move: git commit -m "Share the backlog with ordo sync" -- ${r.adopted.untracked} ${r.adopted.files.join(' ')}`,
      'Teammates then run `ordo sync` once after pulling it.',
    );
  }
  return lines.join('\n');
}
