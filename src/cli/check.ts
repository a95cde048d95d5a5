/** `ordo check`: the CI gate. */
import { Option, type Command } from 'commander';
import { CheckFailedError, UsageError } from '../errors.js';
import { action, examples } from './action.js';
import { checkBacklog } from '../commands/check.js';
import { renderCheckGithub, renderCheckJson, renderCheckJunit, renderCheckText } from '../output/check-report.js';

const FORMATS = ['text', 'json', 'github', 'junit'] as const;
type Format = (typeof FORMATS)[number];

const RULES_HELP = `
Rules (severity per rule in ordo.yml under check.rules: error | warn | off):
  value-rationale      error  open item without a real value rationale (missing, too short, a placeholder)
  value-on-scale       error  business value missing or not on value.scale
  goal-link            error  no roadmap goal, or one that does not exist
  goal-active          error  ranked item whose goal is achieved or retired
  rationale-duplicate  warn   the same rationale on several items
  stale-proposal       warn   proposed longer than check.stale-proposal-days ago
  order-integrity      error  rank keys duplicated or malformed; status and rank disagree
  owner-handover       error  ordo.yml names an owner no recorded handover made

Exit codes: 0 no violation at error severity, 1 violations at error severity (or any with --strict),
4 no backlog here, 6 invalid ordo.yml or database.
`;

export function registerCheckCommands(program: Command): void {
  program
    .command('check')
    .description('check that every item earns its place: value, rationale, a live goal, a sound order (for CI)')
    .addOption(new Option('--format <format>', 'output format').choices(FORMATS).default(undefined, 'text; json with --json'))
    .option('--strict', 'fail on warnings too')
    .addHelpText(
      'after',
      examples('ordo check', 'ordo check --strict', 'ordo check --format github       # annotations in GitHub Actions', 'ordo check --format junit > ordo-check.xml', 'ordo check --json') +
        RULES_HELP,
    )
    .action(
      action(async ({ io, ctx }, opts: { format?: Format; strict?: boolean }) => {
        if (io.json && opts.format !== undefined && opts.format !== 'json') {
          throw new UsageError(`--json and --format ${opts.format} ask for different outputs.`, 'Use one of them: --json is the same as --format json.');
        }
        const format: Format = opts.format ?? (io.json ? 'json' : 'text');
        // Only JUnit names every checked item; the other formats count them and name the flagged ones.
        const report = await checkBacklog({ strict: opts.strict, listChecked: format === 'junit' }, ctx);
        if (format === 'json') io.out(renderCheckJson(report));
        else if (format === 'github') io.out(renderCheckGithub(report));
        else if (format === 'junit') io.out(renderCheckJunit(report, ctx.now()));
        else io.out(renderCheckText(report, io.render().style, { quiet: io.quiet }));
        // After the report is out: the error boundary prints nothing for exit code 1.
        if (!report.ok) throw new CheckFailedError(report.summary.failing);
      }),
    );
}
