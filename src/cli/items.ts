/** `ordo add`, `show`, `edit`, `list`, `next`: items and reading the order. */
import { addItem, editItem, showItem } from '../commands/items.js';
import { listItems, nextItems } from '../commands/list.js';
import type { Command } from 'commander';
import type { AddInput, ItemFields } from '../commands/items.js';
import { parsePosition } from '../core/ranking.js';
import { action, count, examples, formatKeyFor, loadHuman, loadJson, printItems, renderHuman } from './action.js';

type ItemOptions = Omit<ItemFields, 'title'>;

function itemOptions(cmd: Command, required: boolean): Command {
  const suffix = required ? ' (required)' : '';
  return cmd
    .option('--value <n>', `business value, a number on the configured scale${suffix}`)
    .option('--why <text>', `the value rationale: why this matters${suffix}`)
    .option('--goal <id>', `the roadmap goal it serves${suffix}`)
    .option('--type <type>', `story, bug, chore or spike${required ? ' (default: story)' : ''}`)
    .option('--estimate <points>', 'size estimate in points')
    .option('--desc <text>', 'description');
}

export function registerItemCommands(program: Command): void {
  itemOptions(program.command('add [title]').description('add an item: the Product Owner places it in the order, anyone else proposes it'), true)
    .option('--at <place>', 'where it enters the order (Product Owner only): top, bottom, N, before:KEY, after:KEY')
    .addHelpText(
      'after',
      examples(
        'ordo add "Retry 3-D Secure on timeout" --value 13 --why "Timeouts cost 2% of mobile orders" --goal G1',
        'ordo add "Apple Pay" --value 8 --why "Most mobile shoppers asked for it" --goal G1 --at top --estimate 5',
      ) + '\nOn a terminal, fields left out are asked for.\n',
    )
    .action(
      action(async ({ io, ctx }, title: string | undefined, opts: ItemOptions & { at?: string }) => {
        let input: AddInput = { title, ...opts };
        if (ctx.interactive && (!title || !opts.value || !opts.why || !opts.goal)) {
          const { askItem } = await import('../prompts/item.js');
          input = await askItem(input, ctx);
        }
        const result = await addItem(input, ctx);
        if (io.json) {
          const { envelope, itemJson } = await loadJson();
          return io.out(envelope('item', { item: itemJson(result.item), proposed: result.proposed }));
        }
        if (!io.quiet) {
          const { owner } = await ctx.config();
          io.out(await renderHuman((h) => h.renderAdded(result, owner, io.render())));
        }
      }),
    );

  program
    .command('show <key>')
    .description('show one item with its position, goal and recent history')
    .addHelpText('after', examples('ordo show ORD-12', 'ordo show 12 --json'))
    .action(
      action(async ({ io, ctx }, key: string, _opts: object) => {
        const result = await showItem({ key }, ctx);
        const fk = await formatKeyFor(ctx);
        if (io.json) {
          const { envelope, itemJson, goalJson, eventJson } = await loadJson();
          return io.out(
            envelope('item', {
              item: itemJson(result.item),
              goal: result.goal ? goalJson(result.goal) : null,
              history: result.history.map((e) => eventJson(e, fk)),
            }),
          );
        }
        io.out(await renderHuman((h) => h.renderShow(result, fk, io.render())));
      }),
    );

  itemOptions(program.command('edit <key>').description("change an item's fields (never its place in the order)"), false)
    .option('--title <text>', 'new title')
    .addHelpText('after', examples('ordo edit ORD-12 --value 13 --why "Now blocks the EU launch"', 'ordo edit ORD-12 --estimate -   # clear the estimate'))
    .action(
      action(async ({ io, ctx }, key: string, opts: ItemOptions & { title?: string }) => {
        const result = await editItem({ key, ...opts }, ctx);
        if (io.json) {
          const { envelope, itemJson } = await loadJson();
          return io.out(envelope('item', { item: itemJson(result.item), changes: result.changes }));
        }
        if (!io.quiet) io.out((await loadHuman()).renderEdited(result, io.render()));
      }),
    );

  program
    .command('list')
    .description('list ranked items in order (with --all: the intake and finished items too)')
    .option('--status <status>', 'only items with this status')
    .option('--goal <id>', 'only items serving this goal')
    .option('--type <type>', 'only items of this type')
    .option('--all', 'also the intake (proposed) and finished items')
    .option('--limit <n>', 'at most n items', count('--limit'))
    .addHelpText('after', examples('ordo list', 'ordo list --goal G1 --limit 10', 'ordo list --status proposed', 'ordo list --all --json'))
    .action(
      action(async ({ io, ctx }, opts: { status?: string; goal?: string; type?: string; all?: boolean; limit?: number }) => {
        const result = await listItems(opts, ctx);
        await printItems(io, result.items, 'Nothing matches. `ordo list --all` shows every item.', result.proposals);
      }),
    );

  program
    .command('next [n]')
    .description('the first n (default 5) ready items in order: what to work on next')
    .option('--goal <id>', 'only items serving this goal')
    .addHelpText('after', examples('ordo next', 'ordo next 1 --json', 'ordo next 10 --goal G2'))
    .action(
      action(async ({ io, ctx }, n: string | undefined, opts: { goal?: string }) => {
        const result = await nextItems({ count: n === undefined ? undefined : parsePosition(n, 'ordo next'), goal: opts.goal }, ctx);
        await printItems(io, result.items, 'No ready items in the order.');
      }),
    );
}
