/** `ordo start/done/accept/reject/drop`: status changes. */
import { changeStatuses } from '../commands/workflow.js';
import { Option, type Command } from 'commander';
import { action, examples, loadJson, printTransition } from './action.js';

export function registerWorkflowCommands(program: Command): void {
  // Several keys where a change is often made to a batch; each command is one transaction, all or nothing.
  const steps = [
    ['start', 'start work on ready items (team)', ['ordo start ORD-12', 'ordo start ORD-12 ORD-13'], false, true],
    ['done', 'mark items in progress as done (team)', ['ordo done ORD-12', 'ordo done ORD-12 ORD-13'], false, true],
    ['accept', 'accept delivered work (Product Owner only)', ['ordo accept ORD-12', 'ordo accept ORD-12 ORD-13 ORD-14'], false, true],
    ['reject', 'reject delivered work or a proposal (Product Owner only)', ['ordo reject ORD-12 --reason "Fails on Safari"'], 'optional', false],
    ['drop', 'remove items from the backlog (Product Owner only)', ['ordo drop ORD-12 --reason "Superseded by ORD-20"', 'ordo drop ORD-12 ORD-13 --reason "Out of scope for 2026"'], 'required', true],
  ] as const;
  for (const [name, description, example, reason, many] of steps) {
    const cmd = program.command(many ? `${name} <keys...>` : `${name} <key>`).description(description);
    if (reason) cmd.addOption(new Option('--reason <text>', reason === 'required' ? 'why (required)' : 'why'));
    cmd.addHelpText('after', examples(...example) + (many ? '\nWith several keys, every item changes or, if any cannot, none does.\n' : '')).action(
      action(async ({ io, ctx }, keys: string | string[], opts: { reason?: string }) => {
        const list = typeof keys === 'string' ? [keys] : keys;
        const results = await changeStatuses(name, { keys: list, reason: opts.reason }, ctx);
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
