/** `ordo git setup|textconv|merge` and `ordo diff`: sharing the backlog through git. */
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { UsageError } from '../errors.js';
import { action, examples, loadJson } from './action.js';
import { diffRevisions, mergeDriver, setupGit, textconv, type DriverProgram } from '../commands/git.js';
import { diffJson, renderDiffMarkdown, renderDiffText, renderMergeReport } from '../output/diff.js';
import { renderTextconv } from '../output/textconv.js';

/** This ordo, as git should start it: node and the absolute path of the running bin. */
export function driverProgram(): DriverProgram {
  return { node: process.execPath, bin: resolve(process.argv[1] ?? 'ordo') };
}

export function registerGitCommands(program: Command): void {
  const git = program
    .command('git')
    .description('share the backlog through git: readable diffs and item-by-item merges of .ordo/backlog.db')
    .addHelpText('after', examples('ordo git setup') + '\nRun `ordo git setup` once in each clone; `ordo init` does it for you inside a git repository.\n');

  git
    .command('setup')
    .description('register ordo as the diff and merge driver for .ordo/backlog.db (idempotent)')
    .addHelpText(
      'after',
      examples('ordo git setup', 'git add .gitattributes && git commit -m "Diff and merge the backlog with ordo"') +
        '\nWrites .gitattributes (commit it) and, in this clone\'s .git/config, the drivers pointing at this ordo.\n',
    )
    .action(
      action(async ({ io, ctx }) => {
        const result = await setupGit({ program: driverProgram() }, ctx);
        if (io.json) return io.out((await loadJson()).envelope('git-setup', { ...result }));
        if (io.quiet) return;
        const changed = result.attributesChanged || result.config.some((c) => c.changed);
        io.out(
          changed
            ? `Registered ordo's diff and merge drivers in ${result.repository}.\n  ${result.attributesFile}: ${result.attributesLine}\n  git config --local: ${result.config.map((c) => c.key).join(', ')}\nCommit .gitattributes so that every clone uses them; each teammate runs \`ordo git setup\` once.`
            : `ordo's git drivers are already set up in ${result.repository}.`,
        );
      }),
    );

  git
    .command('textconv <file>')
    .description('print a backlog database as text (git runs this for `git diff` and `git log -p`)')
    .addHelpText('after', examples('ordo git textconv .ordo/backlog.db', 'git show HEAD~1:.ordo/backlog.db > old.db && ordo git textconv old.db'))
    .action(
      action(async ({ io, ctx }, file: string) => {
        const result = await textconv({ file: resolve(ctx.cwd, file) }, ctx);
        process.stdout.write(renderTextconv(result.snapshot, result.prefix));
        void io;
      }),
    );

  git
    .command('merge <base> <ours> <theirs> [path]')
    .description('three-way merge of backlog databases (git runs this as the merge driver); writes the result into <ours>')
    .addHelpText(
      'after',
      examples('ordo git merge base.db ours.db theirs.db   # what git runs: merge.ordo.driver = ordo git merge %O %A %B %P') +
        '\nItems merge by key and field, goals by id and field, the history as a union, move proposals by origin\n' +
        '(a decision on one side is taken), order signatures as ours plus theirs that can follow. When both sides changed the\n' +
        'same field, or both reordered, our side is kept, theirs is recorded in the history, and the exit code is 1.\n' +
        'When both sides created the same key for different items, theirs is renumbered to the next free key.\n',
    )
    .action(
      action(async ({ io, ctx }, base: string, ours: string, theirs: string, path: string | undefined) => {
        const r = (p: string) => resolve(ctx.cwd, p);
        const result = await mergeDriver({ base: r(base), ours: r(ours), theirs: r(theirs), path }, ctx);
        let prefix = '#';
        try {
          prefix = `${(await ctx.config()).prefix}-`;
        } catch {
          // git runs drivers at the repository root; without ordo.yml there, show bare numbers.
        }
        const report = renderMergeReport(result, (n) => `${prefix}${n}`);
        io.err(report);
        if (result.conflicts.length > 0) process.exitCode = 1;
      }),
    );

  program
    .command('diff [revs...]')
    .description('what changed in the backlog between two versions (default: HEAD against the working file)')
    .option('--format <format>', 'text or md (Markdown, for a pull request step summary)', 'text')
    .addHelpText(
      'after',
      examples('ordo diff', 'ordo diff main', 'ordo diff main HEAD --format md >> "$GITHUB_STEP_SUMMARY"', 'ordo diff HEAD~1 HEAD --json') +
        '\nShows added, removed and edited items with the fields that changed, items whose place in the order changed\n(not every item that shifted), and goal changes.\n',
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
