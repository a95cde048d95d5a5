/** `ordo move` and `ordo triage`: the Product Owner's ordering commands. */
import { listItems } from '../commands/list.js';
import { moveItem } from '../commands/move.js';
import { triageItem } from '../commands/workflow.js';
import type { Command } from 'commander';
import { parsePosition, type Placement } from '../core/ranking.js';
import { UsageError } from '../errors.js';
import { action, count, examples, loadJson, printItems, printTransition, renderHuman } from './action.js';

export function registerOrderCommands(program: Command): void {
  program
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

  program
    .command('triage [key]')
    .description('decide proposals: accept one into the order or reject it (Product Owner only); without a key, list the intake')
    .option('--accept', 'accept the proposal into the order')
    .option('--reject', 'reject the proposal')
    .option('--reason <text>', 'why it is rejected (required with --reject)')
    .option('--at <place>', 'where an accepted item enters the order: top, bottom, N, before:KEY, after:KEY (default: bottom)')
    .addHelpText('after', examples('ordo triage', 'ordo triage ORD-31 --accept --at top', 'ordo triage ORD-32 --reject --reason "Covered by ORD-7"'))
    .action(
      action(async ({ io, ctx }, key: string | undefined, opts: { accept?: boolean; reject?: boolean; reason?: string; at?: string }) => {
        if (key === undefined) {
          if (opts.accept || opts.reject) throw new UsageError('Name the proposal to decide.', 'For example: ordo triage ORD-31 --accept');
          const result = await listItems({ status: 'proposed' }, ctx);
          await printItems(io, result.items, 'The intake is empty: no proposals wait for triage.');
          if (!io.json && result.items.length > 0 && !io.quiet) {
            io.err('Decide one with `ordo triage KEY --accept [--at top|N|before:KEY]` or `ordo triage KEY --reject --reason TEXT`.');
          }
          return;
        }
        const result = await triageItem({ key, ...opts }, ctx);
        await printTransition(io, result);
      }),
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
