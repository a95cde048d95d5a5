/** `ordo export` and `ordo import`: the backlog as a file, and back. */
import type { Command } from 'commander';
import { UsageError } from '../errors.js';
import { action, bufferedWriter, examples, loadJson, outputPath, writeOutputFile, writeOutputFileInPieces } from './action.js';
import { writeStdout } from './io.js';
import { renderPageHtml } from './value.js';
import { exportBacklog, exportRows, importBacklog } from '../commands/transfer.js';
import { createProgress } from '../output/progress.js';
import { serialise, writeJson, writeYaml } from '../output/transfer.js';
import { runTrackerImport, TRACKER_HELP } from './tracker-import.js';

const FORMATS = ['yaml', 'json', 'csv', 'md', 'html'] as const;

const EXTENSIONS: Record<string, (typeof FORMATS)[number]> = { json: 'json', yaml: 'yaml', yml: 'yaml', csv: 'csv', md: 'md', markdown: 'md', html: 'html', htm: 'html' };

/** The export format a file name asks for by its extension; undefined when it names none ordo writes. */
export function formatFromFileName(file: string | undefined): (typeof FORMATS)[number] | undefined {
  const m = file === undefined ? null : /\.([A-Za-z]+)$/.exec(file);
  return m ? EXTENSIONS[m[1]!.toLowerCase()] : undefined;
}

export function registerTransferCommands(program: Command): void {
  program
    .command('export')
    .description('write the whole backlog to stdout or a file: yaml and json round-trip; csv, md and html are for reading')
    .option('--format <format>', 'yaml, json, csv, md or html (default: from the -o file name, else yaml)')
    .option('-o, --output <file>', 'write to this file instead of stdout')
    .addHelpText(
      'after',
      examples('ordo export > backlog.yaml', 'ordo export -o backlog.json   # the format follows the extension', 'ordo export --format json -o backlog.json', 'ordo export --format csv -o backlog.csv', 'ordo export --format md > BACKLOG.md', 'ordo export --format html -o backlog.html') +
        '\nyaml and json hold goals, every item (all statuses), the order (position and rank key) and the history:\n' +
        'importing the file into an empty backlog and exporting again gives the same bytes. csv and md list the\n' +
        'order, then the intake, then finished items. html is the self-contained page for stakeholders (as ordo page).\n',
    )
    .action(
      action(async ({ io, ctx }, opts: { format?: string; output?: string }) => {
        const format = (opts.format ?? formatFromFileName(opts.output) ?? 'yaml').toLowerCase();
        if (!(FORMATS as readonly string[]).includes(format)) {
          throw new UsageError(`--format "${opts.format ?? format}" is not an export format.`, `Use one of: ${FORMATS.join(', ')}.`);
        }
        if (format === 'html') {
          const html = await renderPageHtml(ctx);
          if (!opts.output) return writeStdout(html);
          const file = await writeOutputFile(ctx, opts.output, html);
          if (io.json) return io.out((await loadJson()).envelope('export', { file, format, bytes: Buffer.byteLength(html) }));
          if (!io.quiet) io.err(`Exported the stakeholder page to ${opts.output} (html).`);
          return;
        }
        if (format === 'yaml' || format === 'json') {
          // The round-trip formats stream: each row is written as it is read.
          const writeDocument = format === 'json' ? writeJson : writeYaml;
          const progress = createProgress(process.stderr, 'exporting');
          const onRows = (d: number, t: number) => progress.update(d, t);
          if (!opts.output) {
            const out = bufferedWriter(writeStdout);
            await exportRows({}, ctx, (rows) => writeDocument(rows, out.write, onRows));
            out.end();
            progress.done();
            return;
          }
          const target = await outputPath(ctx, opts.output);
          const { file, counts } = await exportRows({}, ctx, (rows) => ({ ...writeOutputFileInPieces(target, (write) => writeDocument(rows, write, onRows)), counts: rows.counts }));
          progress.done();
          if (io.json) return io.out((await loadJson()).envelope('export', { file, format, items: counts.items }));
          if (!io.quiet) io.err(`Exported ${counts.items} item(s), ${counts.goals} goal(s) and ${counts.events} event(s) to ${opts.output} (${format}).`);
          return;
        }
        const result = await exportBacklog({}, ctx);
        const progress = createProgress(process.stderr, 'exporting');
        const text = serialise(format as Exclude<(typeof FORMATS)[number], 'html'>, result.snapshot, result.formatKey, result.product, (d, t) => progress.update(d, t));
        progress.done();
        if (opts.output) {
          const file = await writeOutputFile(ctx, opts.output, text);
          if (io.json) return io.out((await loadJson()).envelope('export', { file, format, items: result.snapshot.items.length }));
          if (!io.quiet) io.err(`Exported ${result.snapshot.items.length} item(s), ${result.snapshot.goals.length} goal(s) and ${result.snapshot.events.length} event(s) to ${opts.output} (${format}).`);
          return;
        }
        writeStdout(text);
      }),
    );

  program
    .command('import <file>')
    .description('make the backlog what an exported yaml or json file holds (Product Owner only)')
    .option('--dry-run', 'check the file and print what would change; write nothing')
    .option('--replace', 'replace a backlog that already holds goals or items')
    .option('--from <tracker>', 'import open work from another tracker: github, jira, backlog-md or taskwarrior')
    .option('--map <file>', 'with --from: YAML mapping of their priorities and labels to value and goal')
    .addHelpText(
      'after',
      examples('ordo import backlog.yaml', 'ordo import backlog.json --dry-run', 'ordo import backlog.yaml --replace', 'ordo import --from github issues.json --map tracker-map.yml', 'ordo import --from jira export.csv --dry-run') +
        '\nThe file is checked in full before anything is written (problems are reported with line and column),\n' +
        'and the import is one transaction. An import replaces goals, items, order and history with the file\'s:\n' +
        'into an empty backlog it adds nothing of its own, so export → import → export gives the same bytes.\n' +
        'A backlog that already holds goals or items is replaced only with --replace (see --dry-run first);\n' +
        'that replacement is recorded in the history. A file with git conflict markers is refused (exit 6).\n' +
        TRACKER_HELP,
    )
    .action(
      action(async ({ io, ctx }, file: string, opts: { dryRun?: boolean; replace?: boolean; from?: string; map?: string }) => {
        if (opts.from !== undefined) return runTrackerImport(io, ctx, file, { ...opts, from: opts.from });
        if (opts.map !== undefined) throw new UsageError('--map goes with --from: it maps another tracker\'s priorities and labels.', 'For example: ordo import --from github issues.json --map map.yml');
        const progress = createProgress(process.stderr, 'importing');
        const result = await importBacklog({ file, dryRun: opts.dryRun, replace: opts.replace, onRows: (d, t) => progress.update(d, t) }, ctx);
        progress.done();
        if (io.json) return io.out((await loadJson()).envelope('import', { ...result }));
        if (io.quiet && !result.dryRun) return;
        const c = result.changes;
        const line = (name: string, x: { added: number; changed?: number; removed: number }) =>
          `  ${name.padEnd(7)} ${x.added} added, ${x.changed === undefined ? '' : `${x.changed} changed, `}${x.removed} removed`;
        io.out(
          [
            result.dryRun ? `Dry run: importing ${file} would change the backlog like this (nothing was written):` : `Imported ${file}: ${result.totals.items} item(s), ${result.totals.goals} goal(s), ${result.totals.events} event(s).`,
            line('goals', c.goals),
            line('items', c.items),
            line('events', c.events),
            ...(result.dryRun && result.replaced && !opts.replace ? ['The backlog is not empty: run the import with --replace to replace it.'] : []),
          ].join('\n'),
        );
      }),
    );
}
