/** `ordo roadmap`, `report`, `forecast` and `page`: the views that turn the backlog into answers. */
import type { Command } from 'commander';
import type { Context } from '../commands/context.js';
import { action, count, examples, loadJson, seedOption, writeOutputFile } from './action.js';
import { forecastDelivery } from '../commands/forecast.js';
import { valueReport } from '../commands/report.js';
import { showRoadmap } from '../commands/roadmap.js';
import { buildPage } from '../commands/page.js';
import { renderHtmlPage } from '../output/html.js';
import { renderForecast, renderReport, renderRoadmap } from '../output/value.js';

/** The stakeholder page as one HTML string: `ordo page` and `ordo export --format html`. */
export async function renderPageHtml(ctx: Context, input: { top?: number } = {}): Promise<string> {
  return renderHtmlPage(await buildPage(input, ctx));
}

export function registerValueCommands(program: Command): void {
  program
    .command('roadmap')
    .description('roadmap goals by horizon, each with its ranked items and how much of its value is delivered')
    .option('--top <n>', 'flag active goals with nothing among the first n items (default 10)', count('--top'))
    .addHelpText('after', examples('ordo roadmap', 'ordo roadmap --top 5', 'ordo roadmap --json'))
    .action(
      action(async ({ io, ctx }, opts: { top?: number }) => {
        const result = await showRoadmap(opts, ctx);
        if (io.json) return io.out((await loadJson()).envelope('roadmap', { ...result }));
        io.out(renderRoadmap(result, io.render()));
      }),
    );

  program
    .command('report')
    .description('value report: goal coverage of the next items, order-versus-value inversions, throughput, cycle time')
    .option('--top <n>', 'goal coverage of the first n ranked items (default 10)', count('--top'))
    .option('--weeks <w>', 'throughput and cycle time over the last w weeks (default 12)', count('--weeks'))
    .option('--sprints <n>', 'velocity and goal achievement over the last n ended sprints (default 6)', count('--sprints'))
    .addHelpText(
      'after',
      examples('ordo report', 'ordo report --top 20 --weeks 8', 'ordo report --sprints 3', 'ordo report --json') +
        '\nAn inversion is an item ranked below another that has at most half its value per point (value / estimate);\n' +
        'items without an estimate take no part. Inversions are for the Product Owner to look at, never an error.\n' +
        'Cycle time runs from start to done; p50 and p85 are nearest-rank percentiles.\n' +
        'Velocity is the points of a sprint\'s items done when it ended; goal achievement is the share of sprints whose goal was met.\n',
    )
    .action(
      action(async ({ io, ctx }, opts: { top?: number; weeks?: number; sprints?: number }) => {
        const result = await valueReport(opts, ctx);
        if (io.json) return io.out((await loadJson()).envelope('value-report', { ...result }));
        io.out(renderReport(result, io.render()));
      }),
    );

  program
    .command('forecast [key]')
    .description('Monte Carlo forecast of when an item (with the work ranked above it), or the first n items, will be done')
    .option('--top <n>', 'forecast the first n ranked items', count('--top'))
    .option('--seed <s>', 'seed the random draws, for repeatable output', seedOption)
    .option('--trials <t>', 'number of simulated futures (default 10000)', count('--trials'))
    .option('--weeks <w>', 'weeks of throughput history to draw from (default 12)', count('--weeks'))
    .option('--by <basis>', 'weeks (items done per week, the default) or sprints (points per ended sprint)')
    .addHelpText(
      'after',
      examples('ordo forecast ORD-12', 'ordo forecast --top 5', 'ordo forecast --seed 42 --json', 'ordo forecast --top 10 --by sprints') +
        '\nEach trial draws a week\'s throughput (items done, zero weeks included) from the history until the work is\n' +
        'done; the 50% and 85% dates are percentiles of the trials. Without a key or --top: the whole order.\n' +
        'With fewer than 4 weeks with finished items in the history, no date is given.\n',
    )
    .action(
      action(async ({ io, ctx }, key: string | undefined, opts: { top?: number; seed?: number; trials?: number; weeks?: number; by?: string }) => {
        const result = await forecastDelivery({ key, ...opts }, ctx);
        if (io.json) return io.out((await loadJson()).envelope('forecast', { ...result }));
        io.out(renderForecast(result, io.render()));
      }),
    );

  program
    .command('page')
    .description('write a self-contained HTML page for stakeholders: roadmap, ordered backlog, value by goal')
    .option('-o, --output <file>', 'write the page to this file (default: stdout)')
    .option('--top <n>', 'the window for goal coverage and flags (default 10)', count('--top'))
    .addHelpText('after', examples('ordo page -o backlog.html', 'ordo page > backlog.html') + '\nThe page loads nothing from the network: styles and charts are inline.\n')
    .action(
      action(async ({ io, ctx }, opts: { output?: string; top?: number }) => {
        const html = await renderPageHtml(ctx, { top: opts.top });
        if (opts.output === undefined) {
          if (io.json) return io.out((await loadJson()).envelope('page', { file: null, html }));
          return io.out(html);
        }
        const file = await writeOutputFile(ctx, opts.output, html);
        if (io.json) return io.out((await loadJson()).envelope('page', { file, bytes: Buffer.byteLength(html) }));
        if (!io.quiet) io.out(`Wrote ${file}`);
      }),
    );
}
