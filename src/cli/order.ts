/** `ordo move` and `ordo triage`: the Product Owner's ordering commands. */
import { moveItem } from '../commands/move.js';
import type { Command } from 'commander';
import { parsePosition } from '../core/numbers.js';
import type { Placement } from '../core/ranking.js';
import { UsageError } from '../errors.js';
import { action, count, defines, examples, loadHuman, loadJson, printItems, printTransition, renderHuman } from './action.js';
import { listIntake } from '../commands/list.js';
import { decideProposal } from '../commands/proposals.js';
import { triageItem } from '../commands/workflow.js';
import { printRuleWarnings } from './everyday.js';

export function registerOrderCommands(program: Command, only?: string): void {
  if (defines(only, 'move')) program
    .command('move <key>')
    .description('change the order (Product Owner only)')
    .option('--top', 'to position 1')
    .option('--bottom', 'to the last position')
    .option('--before <key>', 'just above another item')
    .option('--after <key>', 'just below another item')
    .option('--to <n>', 'to position n', count('--to'))
    .option('--up [n]', 'n places up (default 1)')
    .option('--down [n]', 'n places down (default 1)')
    .addHelpText('after', examples('ordo move ORD-12 --top', 'ordo move ORD-12 --before ORD-3', 'ordo move ORD-12 --to 4', 'ordo move ORD-12 --up 2'))
    .action(
      action(async ({ io, ctx }, key: string,
          opts: { top?: boolean; bottom?: boolean; before?: string; after?: string; to?: number; up?: string | boolean; down?: string | boolean }) => {
          const placement = placementFrom(opts);
          const result = await moveItem({ key, placement }, ctx);
          if (io.json) {
            const { envelope, itemJson } = await loadJson();
            return io.out(envelope('item', { item: itemJson(result.item), moved: result.moved }));
          }
          if (!io.quiet) io.out(await renderHuman((h) => h.renderMoved(result, io.render())));
        },
      ),
    );

  if (defines(only, 'triage')) program
    .command('triage [key]')
    .description('decide what waits for the Product Owner: proposed items and move proposals (Product Owner only)')
    .option('--accept', 'accept the proposed item into the order')
    .option('--reject', 'reject the proposed item')
    .option('--at <place>', 'where an accepted item enters the order: top, bottom, N, before:KEY, after:KEY (default: bottom)')
    .option('--value <n>', 'with --accept: set the business value as it enters the order')
    .option('--goal <id>', 'with --accept: set the roadmap goal as it enters the order')
    .option('--proposal <id>', 'decide a move proposal instead of an item (P3 or 3)')
    .option('--apply', 'with --proposal: make the proposed move')
    .option('--decline', 'with --proposal: decline it (needs --reason)')
    .option('--reason <text>', 'why: required with --reject and --decline')
    .option('--list', 'only list what waits, even on a terminal')
    .addHelpText(
      'after',
      examples(
        'ordo triage                                   # on a terminal: walk the intake, oldest first',
        'ordo triage --list                            # list proposed items and move proposals',
        'ordo triage ORD-31 --accept --at top',
        'ordo triage ORD-33 --accept --at before:ORD-4 --value 13 --goal G2',
        'ordo triage ORD-32 --reject --reason "Covered by ORD-7"',
        'ordo triage --proposal P4 --apply',
        'ordo triage --proposal P5 --decline --reason "Checkout first, then search"',
      ) +
        `
Items are decided by key (--accept or --reject); move proposals, made with
\`ordo propose\`, by id (--proposal ID with --apply or --decline). Without a key or
--proposal, ordo lists both; on a terminal it walks them one by one instead.
`,
    )
    .action(
      action(async ({ io, ctx }, key: string | undefined,
          opts: { accept?: boolean; reject?: boolean; reason?: string; at?: string; value?: string; goal?: string; proposal?: string; apply?: boolean; decline?: boolean; list?: boolean }) => {
          if (opts.proposal !== undefined) {
            if (key !== undefined || opts.accept || opts.reject || opts.at !== undefined || opts.value !== undefined || opts.goal !== undefined) {
              throw new UsageError('--proposal decides a move proposal: give it with --apply or --decline only, not an item key, --accept, --reject or --at.');
            }
            const result = await decideProposal({ id: opts.proposal, apply: opts.apply, decline: opts.decline, reason: opts.reason }, ctx);
            if (io.json) {
              const { envelope, proposalJson } = await loadJson();
              return io.out(envelope('move-proposal', { proposal: proposalJson(result.proposal), moved: result.moved }));
            }
            if (!io.quiet) io.out((await loadHuman()).renderDecided(result, io.render()));
            return;
          }
          if (opts.apply || opts.decline) throw new UsageError('--apply and --decline go with --proposal ID.', 'For example: ordo triage --proposal P3 --apply');
          if (key === undefined) {
            if (opts.accept || opts.reject) throw new UsageError('Name the proposal to decide.', 'For example: ordo triage ORD-31 --accept');
            if (ctx.interactive && !opts.list) {
              const { walkTriage } = await import('./triage-walk.js');
              return walkTriage(io, ctx);
            }
            const result = await listIntake({}, ctx);
            await printItems(io, result.items, 'The intake is empty: no proposals wait for triage.', result.proposals);
            if (!io.json && !io.quiet && (result.items.length > 0 || result.proposals.length > 0)) {
              io.err('Decide an item with `ordo triage KEY --accept [--at top|N|before:KEY]` or `--reject --reason TEXT`; a move proposal with `ordo triage --proposal ID --apply` or `--decline --reason TEXT`.');
            }
            return;
          }
          if (opts.reject && (opts.value !== undefined || opts.goal !== undefined)) throw new UsageError('--value and --goal go with --accept, not --reject.');
          const result = await triageItem({ key, accept: opts.accept, reject: opts.reject, reason: opts.reason, at: opts.at, value: opts.value, goal: opts.goal }, ctx);
          printRuleWarnings(io, result.warnings);
          await printTransition(io, result);
        },
      ),
    );
}

function placementFrom(opts: { top?: boolean; bottom?: boolean; before?: string; after?: string; to?: number; up?: string | boolean; down?: string | boolean }): Placement {
  const chosen: Placement[] = [];
  if (opts.top) chosen.push({ kind: 'top' });
  if (opts.bottom) chosen.push({ kind: 'bottom' });
  if (opts.before !== undefined) chosen.push({ kind: 'before', key: opts.before });
  if (opts.after !== undefined) chosen.push({ kind: 'after', key: opts.after });
  if (opts.to !== undefined) chosen.push({ kind: 'to', position: opts.to });
  if (opts.up !== undefined) chosen.push({ kind: 'up', by: opts.up === true ? 1 : parsePosition(String(opts.up), '--up') });
  if (opts.down !== undefined) chosen.push({ kind: 'down', by: opts.down === true ? 1 : parsePosition(String(opts.down), '--down') });
  if (chosen.length !== 1) {
    throw new UsageError(
      chosen.length === 0 ? 'Say where to move the item.' : 'Give only one place to move the item to.',
      'Use one of --top, --bottom, --before KEY, --after KEY, --to N, --up [N], --down [N].',
    );
  }
  return chosen[0]!;
}
