/** `ordo start/done/accept/reject/drop`: status changes. */
import { changeStatus } from '../commands/workflow.js';
import { Option, type Command } from 'commander';
import { action, examples, printTransition } from './action.js';

export function registerWorkflowCommands(program: Command): void {
  const steps = [
    ['start', 'start work on a ready item (team)', 'ordo start ORD-12', false],
    ['done', 'mark an item in progress as done (team)', 'ordo done ORD-12', false],
    ['accept', 'accept delivered work (Product Owner only)', 'ordo accept ORD-12', false],
    ['reject', 'reject delivered work or a proposal (Product Owner only)', 'ordo reject ORD-12 --reason "Fails on Safari"', 'optional'],
    ['drop', 'remove an item from the backlog (Product Owner only)', 'ordo drop ORD-12 --reason "Superseded by ORD-20"', 'required'],
  ] as const;
  for (const [name, description, example, reason] of steps) {
    const cmd = program.command(`${name} <key>`).description(description);
    if (reason) cmd.addOption(new Option('--reason <text>', reason === 'required' ? 'why (required)' : 'why'));
    cmd.addHelpText('after', examples(example)).action(
      action(async ({ io, ctx }, key: string, opts: { reason?: string }) => {
        await printTransition(io, await changeStatus(name, { key, reason: opts.reason }, ctx));
      }),
    );
  }
}
