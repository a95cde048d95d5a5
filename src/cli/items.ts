/**
 * `ordo add`, `show`, `edit`, `list`, `next`: items and reading the order. What only adding,
 * showing or editing needs (the value rules, signing) is loaded by those commands alone.
 */
import { listItems, nextItems } from '../commands/list.js';
import type { Command } from 'commander';
import type { AddInput, ItemFields } from '../commands/items.js';
import { parsePosition } from '../core/numbers.js';
import { action, collect, count, defines, examples, formatKeyFor, loadHuman, loadJson, printItems, renderHuman } from './action.js';

type ItemOptions = Omit<ItemFields, 'title' | 'criteria'> & { criterion?: string[] };

interface ListOptions {
  search?: string;
  since?: string;
  mine?: boolean;
  assignee?: string;
  status?: string[];
  goal?: string[];
  type?: string[];
  label?: string[];
  blocked?: boolean;
  unblocked?: boolean;
  all?: boolean;
  limit?: number;
}

function itemOptions(cmd: Command, required: boolean): Command {
  const suffix = required ? ' (required)' : '';
  return cmd
    .option('--value <n>', `business value, a number on the configured scale${suffix}`)
    .option('--why <text>', `the value rationale: why this matters${suffix}`)
    .option('--goal <id>', `the roadmap goal it serves${suffix}`)
    .option('--type <type>', `story, bug, chore or spike${required ? ' (default: story)' : ''}`)
    .option('--estimate <points>', 'size estimate in points')
    .option('--desc <text>', 'description')
    .option('--label <label>', 'a label (repeatable, or comma-separated: --label checkout,mobile)', collect)
    .option('--criterion <text>', `an acceptance criterion; repeat for each one${required ? '' : ' (replaces the list; - clears it)'}`, collect, undefined);
}

/** The filters `list` and `next` share: several values of one mean any of them. */
function filterOptions(cmd: Command): Command {
  return cmd
    .option('--goal <id>', 'only items serving this goal (repeatable, or comma-separated)', collect)
    .option('--type <type>', 'only items of this type (repeatable, or comma-separated)', collect)
    .option('--label <label>', 'only items with this label (repeatable, or comma-separated)', collect);
}

/** Commander names the repeatable --criterion option `criterion`; commands take `criteria`. */
function withCriteria<T extends { criterion?: string[] }>(opts: T): Omit<T, 'criterion'> & { criteria?: string[] } {
  const { criterion, ...rest } = opts;
  return criterion === undefined ? rest : { ...rest, criteria: criterion };
}

export function registerItemCommands(program: Command, only?: string): void {
  if (defines(only, 'add')) itemOptions(program.command('add [title]').description('add an item: the Product Owner places it in the order, anyone else proposes it'), true)
    .option('--at <place>', 'where it enters the order (Product Owner only): top, bottom, N, before:KEY, after:KEY')
    .addHelpText(
      'after',
      examples(
        'ordo add "Retry 3-D Secure on timeout" --value 13 --why "Timeouts cost 2% of mobile orders" --goal G1',
        'ordo add "Apple Pay" --value 8 --why "Most mobile shoppers asked for it" --goal G1 --at top --estimate 5',
        'ordo add "Saved cards" --value 8 --why "Returning shoppers retype card numbers" --goal G1 --criterion "A saved card pays in one tap" --criterion "Cards can be removed"',
        'ordo add "Dark mode" --value 3 --why "Night-shift staff asked for it twice" --goal G2 --label ui --label accessibility',
      ) + '\nOn a terminal, fields left out are asked for. The value rules of `ordo check` (rationale, scale, goal)\napply as the item is written: at error severity the item is refused, at warn it is added with a warning.\n',
    )
    .action(
      action(async ({ io, ctx }, title: string | undefined, opts: ItemOptions & { at?: string }) => {
        let input: AddInput = { title, ...withCriteria(opts) };
        if (ctx.interactive && (!title || !opts.value || !opts.why || !opts.goal)) {
          const { askItem } = await import('../prompts/item.js');
          input = await askItem(input, ctx);
        }
        const { addItem } = await import('../commands/items.js');
        const result = await addItem(input, ctx);
        (await import('./everyday.js')).printRuleWarnings(io, result.warnings);
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

  if (defines(only, 'show')) program
    .command('show <key>')
    .description('show one item with its position, goal and recent history')
    .addHelpText('after', examples('ordo show ORD-12', 'ordo show 12 --json'))
    .action(
      action(async ({ io, ctx }, key: string, _opts: object) => {
        const { showItem } = await import('../commands/show.js');
        const result = await showItem({ key }, ctx);
        const fk = await formatKeyFor(ctx);
        if (io.json) {
          const { envelope, itemJson, goalJson, eventJson } = await loadJson();
          return io.out(
            envelope('item', {
              item: itemJson(result.item),
              goal: result.goal ? goalJson(result.goal) : null,
              dependsOn: result.dependsOn,
              neededBy: result.neededBy,
              history: result.history.map((e) => eventJson(e, fk)),
            }),
          );
        }
        io.out(await renderHuman((h) => h.renderShow(result, fk, io.render())));
      }),
    );

  if (defines(only, 'edit')) itemOptions(program.command('edit <key>').description("change an item's fields (never its place in the order)"), false)
    .option('--title <text>', 'new title')
    .option('--remove-label <label>', 'take a label off (repeatable)', collect)
    .option('--editor', 'edit the rationale and description in $VISUAL or $EDITOR')
    .addHelpText(
      'after',
      examples(
        'ordo edit ORD-12 --value 13 --why "Now blocks the EU launch"',
        'ordo edit ORD-12 --estimate -   # clear the estimate',
        'ordo edit ORD-12 --label mobile --remove-label later',
        'ordo edit ORD-12 --editor       # long text in your editor',
        'ordo edit ORD-12 --criterion "Works on Safari" --criterion "Declines show the reason"',
      ),
    )
    .action(
      action(async ({ io, ctx }, key: string, opts: ItemOptions & { title?: string; removeLabel?: string[]; editor?: boolean }) => {
        const { editor, ...fields } = opts;
        const { editItemText, printRuleWarnings } = await import('./everyday.js');
        const text = editor ? await editItemText(key, fields, ctx) : {};
        if (text === null) {
          if (!io.quiet) io.err('Nothing changed: the file was left empty.');
          return;
        }
        const { editItem } = await import('../commands/items.js');
        const result = await editItem({ key, ...withCriteria(fields), ...text }, ctx);
        printRuleWarnings(io, result.warnings);
        if (io.json) {
          const { envelope, itemJson } = await loadJson();
          return io.out(envelope('item', { item: itemJson(result.item), changes: result.changes }));
        }
        if (!io.quiet) io.out((await loadHuman()).renderEdited(result, io.render()));
      }),
    );

  if (defines(only, 'list')) filterOptions(
    program
      .command('list')
      .description('list ranked items in order (with --all: the intake and finished items too)')
      .option('--search <text>', 'only items whose title, description, rationale or acceptance criteria hold these words')
      .option('--status <status>', 'only items with this status (repeatable, or comma-separated)', collect),
  )
    .option('--blocked', 'only items waiting on a dependency that is not done')
    .option('--unblocked', 'only items no dependency blocks')
    .option('--all', 'also the intake (proposed) and finished items')
    .option('--limit <n>', 'at most n items', count('--limit'))
    .option('--mine', 'only items you started')
    .option('--assignee <id>', 'only items this person started')
    .option('--since <when>', 'only items created or changed since: today, yesterday, 3h, 7d, 2w, 2026-11-01')
    .addHelpText(
      'after',
      examples(
        'ordo list',
        'ordo list --goal G1 --limit 10',
        'ordo list --status ready,in-progress',
        'ordo list --search "card payment" --all',
        'ordo list --label checkout --type bug --unblocked',
        'ordo list --all --since 7d',
        'ordo list --mine',
        'ordo list --all --json',
      ) +
        '\nSeveral values of one filter mean any of them; different filters must all match. --search finds\n' +
        'items holding every word given (as a word or the start of one), whatever the case and accents.\n',
    )
    .action(
      action(async ({ io, ctx }, opts: ListOptions) => {
        const result = await listItems(opts, ctx);
        await printItems(io, result.items, 'Nothing matches. `ordo list --all` shows every item.', result.proposals);
      }),
    );

  if (defines(only, 'next')) filterOptions(program.command('next [n]').description('the first n (default 5) ready items in order that nothing blocks: what to work on next'))
    .option('--all', 'also ready items a dependency still blocks, marked with what blocks them')
    .option('--mine', 'instead: the items you started, in order')
    .option('--assignee <id>', 'instead: the items this person started, in order')
    .addHelpText('after', examples('ordo next', 'ordo next 1 --json', 'ordo next 10 --goal G2', 'ordo next --all   # blocked items too', 'ordo next --mine'))
    .action(
      action(async ({ io, ctx }, n: string | undefined, opts: { goal?: string[]; label?: string[]; type?: string[]; all?: boolean; mine?: boolean; assignee?: string }) => {
        const result = await nextItems({ count: n === undefined ? undefined : parsePosition(n, 'ordo next'), ...opts }, ctx);
        await printItems(io, result.items, 'No ready items in the order.');
        if (!io.json && !io.quiet && result.blocked) {
          io.err(`${result.blocked} ready item${result.blocked === 1 ? '' : 's'} left out: waiting on a dependency that is not done. \`ordo next --all\` shows ${result.blocked === 1 ? 'it' : 'them'}.`);
        }
      }),
    );
}
