/** Questions `ordo add` asks on a terminal for the fields not given as flags. */
import { input, select } from '@inquirer/prompts';
import type { Context } from '../commands/context.js';
import { listGoals } from '../commands/goal.js';
import type { AddInput } from '../commands/items.js';
import { ITEM_TYPES } from '../core/types.js';
import { safe } from '../output/terminal.js';

const onStderr = { output: process.stderr };

export async function askItem(given: AddInput, ctx: Context): Promise<AddInput> {
  const config = await ctx.config();
  const title = given.title ?? (await input({ message: 'Title', required: true }, onStderr));
  const type =
    given.type ?? (await select({ message: 'Type', choices: ITEM_TYPES.map((t) => ({ value: t, name: t })), default: 'story' }, onStderr));
  const value =
    given.value ??
    String(
      await select(
        { message: 'Business value', choices: config.scale.map((v) => ({ value: v, name: String(v) })), default: config.scale[Math.floor(config.scale.length / 2)] },
        onStderr,
      ),
    );
  const why =
    given.why ??
    (await input(
      {
        message: 'Why does it matter? (value rationale)',
        required: true,
        validate: (v) =>
          v.trim().split(/\s+/).length >= config.check.rationaleMinWords || `Say why in at least ${config.check.rationaleMinWords} words`,
      },
      onStderr,
    ));
  let goal = given.goal;
  if (goal === undefined) {
    const { goals } = await listGoals({ status: 'active' }, ctx);
    goal =
      goals.length > 0
        ? await select({ message: 'Roadmap goal', choices: goals.map((g) => ({ value: g.id, name: `${safe(g.id)}  ${safe(g.title)}` })) }, onStderr)
        : await input({ message: 'Roadmap goal id', required: true }, onStderr);
  }
  const estimate = given.estimate ?? ((await input({ message: 'Estimate in points (optional)' }, onStderr)).trim() || undefined);
  let criteria = given.criteria;
  if (criteria === undefined) {
    criteria = [];
    for (;;) {
      const next = (await input({ message: `Acceptance criterion ${criteria.length + 1} (optional; empty to finish)` }, onStderr)).trim();
      if (!next) break;
      criteria.push(next);
    }
  }
  return { ...given, title, type, value, why, goal, estimate, criteria };
}
