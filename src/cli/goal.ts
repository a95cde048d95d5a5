/** `ordo goal …`: roadmap goals. */
import { addGoal, closeGoal, editGoal, listGoals, showGoal } from '../commands/goal.js';
import type { Command } from 'commander';
import { safe } from '../output/terminal.js';
import { action, examples, loadHuman, loadJson } from './action.js';

export function registerGoalCommands(program: Command): void {
  const goal = program
    .command('goal')
    .description('manage roadmap goals (Product Managers and the Product Owner)')
    .addHelpText('after', examples('ordo goal add G1 "Faster mobile checkout" --horizon 2026-Q1 --metric "conversion 61% → 66%"', 'ordo goal list', 'ordo goal achieve G1'));

  goal
    .command('add <id> <title>')
    .description('add a roadmap goal')
    .option('--desc <text>', 'what the goal means')
    .option('--horizon <when>', 'when it should be reached, e.g. 2026-Q1')
    .option('--metric <text>', 'how success is measured')
    .addHelpText('after', examples('ordo goal add G1 "Faster mobile checkout" --horizon 2026-Q1'))
    .action(
      action(async ({ io, ctx }, id: string, title: string, opts: { desc?: string; horizon?: string; metric?: string }) => {
        const result = await addGoal({ id, title, ...opts }, ctx);
        if (io.json) return io.out((await loadJson()).envelope('goal', { goal: (await loadJson()).goalJson(result.goal) }));
        if (!io.quiet) io.out(`Added goal ${safe(result.goal.id)}: ${safe(result.goal.title)}`);
      }),
    );

  goal
    .command('list')
    .description('list roadmap goals with their item counts')
    .option('--status <status>', 'only goals with this status: active, achieved or retired')
    .addHelpText('after', examples('ordo goal list', 'ordo goal list --status active --json'))
    .action(
      action(async ({ io, ctx }, opts: { status?: string }) => {
        const result = await listGoals(opts, ctx);
        if (io.json) {
          const { envelope, goalJson } = await loadJson();
          return io.out(envelope('goal-list', { goals: result.goals.map(goalJson) }));
        }
        if (result.goals.length === 0) return io.err('No roadmap goals yet. Add one with `ordo goal add G1 "Title"`.');
        io.out((await loadHuman()).renderGoalTable(result.goals, io.render()));
      }),
    );

  goal
    .command('show <id>')
    .description('show a goal and its ranked items')
    .addHelpText('after', examples('ordo goal show G1', 'ordo goal show G1 --json'))
    .action(
      action(async ({ io, ctx }, id: string, _opts: object) => {
        const result = await showGoal({ id }, ctx);
        if (io.json) {
          const { envelope, goalJson, itemJson } = await loadJson();
          return io.out(envelope('goal', { goal: goalJson(result.goal), items: result.items.map(itemJson) }));
        }
        io.out((await loadHuman()).renderGoal(result.goal, result.items, io.render()));
      }),
    );

  goal
    .command('edit <id>')
    .description("change a goal's title, description, horizon or metric")
    .option('--title <text>', 'new title')
    .option('--desc <text>', 'new description')
    .option('--horizon <when>', 'new horizon')
    .option('--metric <text>', 'new success metric')
    .addHelpText('after', examples('ordo goal edit G1 --horizon 2026-Q2'))
    .action(
      action(async ({ io, ctx }, id: string, opts: { title?: string; desc?: string; horizon?: string; metric?: string }) => {
        const result = await editGoal({ id, ...opts }, ctx);
        if (io.json) {
          const { envelope, goalJson } = await loadJson();
          return io.out(envelope('goal', { goal: goalJson(result.goal), changes: result.changes }));
        }
        if (!io.quiet) {
          const names = Object.keys(result.changes);
          io.out(names.length === 0 ? `Goal ${safe(result.goal.id)} unchanged.` : `Edited goal ${safe(result.goal.id)}: ${names.join(', ')}`);
        }
      }),
    );

  for (const [name, status, text] of [
    ['achieve', 'achieved', 'mark a goal achieved'],
    ['retire', 'retired', 'retire a goal that is no longer pursued'],
  ] as const) {
    goal
      .command(`${name} <id>`)
      .description(text)
      .addHelpText('after', examples(`ordo goal ${name} G1`))
      .action(
        action(async ({ io, ctx }, id: string, _opts: object) => {
          const result = await closeGoal({ id, status }, ctx);
          if (io.json) {
            const { envelope, goalJson } = await loadJson();
            return io.out(envelope('goal', { goal: goalJson(result.goal), rankedItems: result.rankedItems }));
          }
          if (!io.quiet) io.out(`Goal ${safe(result.goal.id)} is ${status}.`);
          if (result.rankedItems > 0) {
            io.err(`warning: ${result.rankedItems} ranked item(s) still serve ${safe(result.goal.id)}; \`ordo check\` flags them until they are finished, dropped or moved to an active goal.`);
          }
        }),
      );
  }
}
