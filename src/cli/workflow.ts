/** `ordo start/done/accept/reject/drop/reopen`: status changes. */
import { changeStatuses, type TransitionInput } from '../commands/workflow.js';
import { Option, type Command } from 'commander';
import type { Transition } from '../core/lifecycle.js';
import { UsageError } from '../errors.js';
import { action, defines, examples, loadJson, printTransition } from './action.js';

/** `--met all` or `--met 1,3`: the acceptance criteria confirmed as met. */
function metOption(value: string): 'all' | number[] {
  const t = value.trim().toLowerCase();
  if (t === 'all') return 'all';
  const parts = t.split(',').map((p) => p.trim());
  if (parts.length === 0 || parts.some((p) => !/^\d{1,3}$/.test(p) || Number(p) < 1)) {
    throw new UsageError(`--met expects "all" or criterion numbers like 1,2; got "${value}".`, '`ordo show KEY` lists the criteria, numbered.');
  }
  return parts.map(Number);
}

const AT_HELP = 'where it enters the order: top, bottom, N, before:KEY, after:KEY';

export function registerWorkflowCommands(program: Command, only?: string): void {
  // Several keys where a change is often made to a batch; each command is one transaction, all or nothing.
  const steps: [Transition, string, string[], 'optional' | 'required' | false, boolean][] = [
    ['start', 'start work on ready items; you become their assignee (team)', ['ordo start ORD-12', 'ordo start ORD-12 ORD-13', 'ordo start ORD-12 --take   # take over an item someone else started'], false, true],
    ['done', 'mark items in progress as done (team)', ['ordo done ORD-12', 'ordo done ORD-12 ORD-13'], false, true],
    ['accept', 'accept delivered work against its acceptance criteria (Product Owner only)', ['ordo accept ORD-12 --met all', 'ordo accept ORD-12   # on a terminal: tick each criterion', 'ordo accept ORD-12 ORD-13 --met all'], false, true],
    ['reject', 'send delivered work back into the order (top by default), or reject a proposal (Product Owner only)', ['ordo reject ORD-12 --reason "Fails on Safari"', 'ordo reject ORD-12 --reason "Needs the EU wording" --at 3'], 'optional', false],
    ['drop', 'remove items from the backlog (Product Owner only)', ['ordo drop ORD-12 --reason "Superseded by ORD-20"', 'ordo drop ORD-12 ORD-13 --reason "Out of scope for 2026"'], 'required', true],
    ['reopen', 'bring a closed item (accepted, rejected, dropped) back into the order (Product Owner only)', ['ordo reopen ORD-12', 'ordo reopen ORD-12 --at top'], false, false],
  ];
  for (const [name, description, lines, reason, many] of steps) {
    if (!defines(only, name)) continue;
    const cmd = program.command(many ? `${name} <keys...>` : `${name} <key>`).description(description);
    if (reason) cmd.addOption(new Option('--reason <text>', reason === 'required' ? 'why (required)' : 'why'));
    if (name === 'reject' || name === 'reopen') cmd.option('--at <place>', `${AT_HELP} (default: ${name === 'reject' ? 'top' : 'bottom'})`);
    if (name === 'start') cmd.option('--take', 'take over an item someone else started (recorded)');
    if (name === 'accept') cmd.option('--met <which>', 'the acceptance criteria that are met: all, or numbers like 1,2', metOption);
    cmd.addHelpText('after', examples(...lines) + (many ? '\nWith several keys, every item changes or, if any cannot, none does.\n' : '')).action(
      action(async ({ io, ctx }, keys: string | string[], opts: { reason?: string; at?: string; take?: boolean; met?: 'all' | number[] }) => {
        const list = typeof keys === 'string' ? [keys] : keys;
        const input: Omit<TransitionInput, 'key'> & { keys: string[] } = { keys: list, reason: opts.reason, at: opts.at, take: opts.take, met: opts.met };
        if (name === 'accept' && opts.met === undefined && list.length === 1 && ctx.interactive && !io.json) {
          const { showItem } = await import('../commands/show.js');
          const { item } = await showItem({ key: list[0]! }, ctx);
          if (item.criteria.length > 0 && item.status === 'done') {
            const { askCriteriaMet } = await import('../prompts/accept.js');
            input.met = await askCriteriaMet(item.key, item.criteria);
          }
        }
        const results = await changeStatuses(name, input, ctx);
        if (results.length === 1) return printTransition(io, results[0]!);
        if (io.json) {
          const { envelope, itemJson } = await loadJson();
          return io.out(envelope('transition-list', { items: results.map((r) => ({ item: itemJson(r.item), transition: r.transition })) }));
        }
        for (const r of results) await printTransition(io, r);
      }),
    );
  }
}
