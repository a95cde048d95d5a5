/** `ordo label` and `ordo depend`, and the pieces `add`, `edit` and `triage` share for labels, rules and long text. */
import type { Command } from 'commander';
import type { Context } from '../commands/context.js';
import { showItem } from '../commands/show.js';
import { dependItem, labelItems } from '../commands/relations.js';
import type { Violation } from '../core/check.js';
import { parseItemText, renderItemText } from '../core/item-text.js';
import { UsageError } from '../errors.js';
import { safe } from '../output/terminal.js';
import { action, collect, examples, loadJson } from './action.js';
import type { Io } from './io.js';

/** Value rules at warn severity that a written item breaks: on stderr, as `ordo check` words them. */
export function printRuleWarnings(io: Io, warnings: readonly Violation[] | undefined): void {
  if (!warnings) return;
  const st = io.errStyle();
  for (const v of warnings) io.err(`${st.yellow('warning')}: ${safe(v.message)} (rule ${v.rule})\n  ${st.dim('fix:')} ${safe(v.fix)}`);
}

/**
 * `ordo edit KEY --editor`: the item's rationale and description in $EDITOR. Returns the
 * fields to write (as --why and --desc would give them), or null when the file came back empty.
 */
export async function editItemText(key: string, fields: { why?: string; desc?: string }, ctx: Context): Promise<{ why?: string; desc?: string } | null> {
  if (fields.why !== undefined || fields.desc !== undefined) {
    throw new UsageError('--editor edits the rationale and description itself: leave out --why and --desc.', `For example: ordo edit ${key} --editor`);
  }
  const { item } = await showItem({ key }, ctx);
  const { editText } = await import('./editor.js');
  const text = editText(renderItemText(item.key, item.title, { why: item.rationale, description: item.description }), `ordo-${item.key}.txt`, ctx.env, `ordo edit ${item.key} --editor`);
  const parsed = parseItemText(text);
  if (parsed === null) return null;
  return {
    ...(parsed.why !== undefined ? { why: parsed.why } : {}),
    ...(parsed.description !== undefined ? { desc: parsed.description } : {}),
  };
}

export function registerEverydayCommands(program: Command): void {
  program
    .command('label <keys...>')
    .description('add or remove labels on one or more items, all of them or none')
    .option('--add <label>', 'a label to add (repeatable, or comma-separated)', collect)
    .option('--remove <label>', 'a label to remove (repeatable, or comma-separated)', collect)
    .addHelpText(
      'after',
      examples('ordo label ORD-3 ORD-4 ORD-9 --add checkout', 'ordo label ORD-3 --add mobile,ios --remove later', 'ordo list --label checkout'),
    )
    .action(
      action(async ({ io, ctx }, keys: string[], opts: { add?: string[]; remove?: string[] }) => {
        const result = await labelItems({ keys, add: opts.add, remove: opts.remove }, ctx);
        if (io.json) {
          const { envelope, itemJson } = await loadJson();
          return io.out(envelope('label', { items: result.items.map((r) => ({ item: itemJson(r.item), added: r.added, removed: r.removed })) }));
        }
        if (io.quiet) return;
        const st = io.render().style;
        for (const r of result.items) {
          const change = [...r.added.map((l) => `+${l}`), ...r.removed.map((l) => `-${l}`)];
          io.out(`${st.cyan(r.item.key)} ${change.length > 0 ? safe(change.join(' ')) : 'unchanged'}: ${r.item.labels.length > 0 ? safe(r.item.labels.join(', ')) : 'no labels'}`);
        }
      }),
    );

  program
    .command('depend <key>')
    .description('record that an item needs other items done first (or, with --remove, no longer does)')
    .requiredOption('--on <key>', 'the item it needs done first (repeatable)', collect)
    .option('--remove', 'take the dependency away')
    .addHelpText(
      'after',
      examples('ordo depend ORD-7 --on ORD-3', 'ordo depend ORD-7 --on ORD-3 --on ORD-4', 'ordo depend ORD-7 --on ORD-3 --remove', 'ordo show ORD-7   # depends on / needed by') +
        '\n`ordo next` leaves out items whose dependencies are not done or accepted (`ordo next --all` shows them,\n' +
        'marked with what blocks them). A dependency that would close a cycle is refused (exit 2). `ordo check`\n' +
        'warns (rule order-dependency) when an item is ranked above an item it depends on.\n',
    )
    .action(
      action(async ({ io, ctx }, key: string, opts: { on: string[]; remove?: boolean }) => {
        const result = await dependItem({ key, on: opts.on.flatMap((k) => k.split(',')).map((k) => k.trim()).filter(Boolean), remove: opts.remove }, ctx);
        if (io.json) {
          const { envelope, itemJson } = await loadJson();
          return io.out(envelope('dependency', { item: itemJson(result.item), added: result.added, removed: result.removed }));
        }
        if (io.quiet) return;
        const st = io.render().style;
        const k = st.cyan(result.item.key);
        if (result.added.length > 0) io.out(`${k} now depends on ${result.added.join(', ')}.`);
        if (result.removed.length > 0) io.out(`${k} no longer depends on ${result.removed.join(', ')}.`);
        if (result.added.length === 0 && result.removed.length === 0) io.out(`${k} unchanged: ${opts.remove ? 'it did not depend on them' : 'it already depends on them'}.`);
      }),
    );
}
