/** `ordo release …` and `ordo sprint …`: the Product Owner plans, the team reads. */
import {
  addRelease,
  editRelease,
  endSprint,
  listReleases,
  listSprints,
  planRelease,
  shipRelease,
  showRelease,
  showSprint,
  startSprint,
} from '../commands/planning.js';
import type { Command } from 'commander';
import { releaseJson, sprintJson } from '../output/json.js';
import { renderRelease, renderReleaseList, renderSprint, renderSprintList } from '../output/planning.js';
import { safe } from '../output/terminal.js';
import { action, collect, count, examples, loadJson, seedOption } from './action.js';

const FORECAST_NOTE =
  '\nThe outlook compares the Monte Carlo 50% and 85% dates for the work in order up to the release\'s last open item\n' +
  'with the target date: on track (85% date on or before it), at risk (85% after), late (50% after, or the date has passed).\n' +
  'The forecast uses seed 1 unless --seed is given, so the same backlog gives the same outlook.\n';

export function registerPlanningCommands(program: Command): void {
  const release = program
    .command('release')
    .description('releases: the Product Owner decides content and date; ordo tells whether the date holds')
    .addHelpText('after', examples('ordo release add R1 "Spring launch" --date 2027-03-31', 'ordo release plan R1 --through ORD-12', 'ordo release show R1'));

  release
    .command('add <id> <name>')
    .description('add a release with its target date (Product Owner only)')
    .option('--date <date>', 'target date, YYYY-MM-DD (required)')
    .addHelpText('after', examples('ordo release add R1 "Spring launch" --date 2027-03-31'))
    .action(
      action(async ({ io, ctx }, id: string, name: string, opts: { date?: string }) => {
        const { view } = await addRelease({ id, name, date: opts.date }, ctx);
        if (io.json) return io.out((await loadJson()).envelope('release', { release: releaseJson(view) }));
        if (!io.quiet) io.out(`Added release ${safe(view.release.id)} "${safe(view.release.name)}", target ${view.release.date}. Plan it: ordo release plan ${safe(view.release.id)} --through KEY`);
      }),
    );

  release
    .command('edit <id>')
    .description("change a release's name or target date (Product Owner only)")
    .option('--name <name>', 'new name')
    .option('--date <date>', 'new target date, YYYY-MM-DD')
    .addHelpText('after', examples('ordo release edit R1 --date 2027-04-15', 'ordo release edit R1 --name "Spring launch (EU)"'))
    .action(
      action(async ({ io, ctx }, id: string, opts: { name?: string; date?: string }) => {
        const result = await editRelease({ id, ...opts }, ctx);
        if (io.json) return io.out((await loadJson()).envelope('release', { release: releaseJson(result.view), changes: result.changes }));
        if (!io.quiet) io.out(renderRelease(result.view, io.render()));
      }),
    );

  release
    .command('plan <id>')
    .description('decide what a release holds: a cut of the order, or items added and removed (Product Owner only)')
    .option('--through <key>', 'every ranked item from the top of the order down to KEY')
    .option('--add <key>', 'add an item (repeatable)', collect)
    .option('--remove <key>', 'remove an item (repeatable)', collect)
    .addHelpText('after', examples('ordo release plan R1 --through ORD-12', 'ordo release plan R1 --add ORD-20 --remove ORD-7'))
    .action(
      action(async ({ io, ctx }, id: string, opts: { through?: string; add?: string[]; remove?: string[] }) => {
        const result = await planRelease({ id, ...opts }, ctx);
        if (io.json) return io.out((await loadJson()).envelope('release', { release: releaseJson(result.view), added: result.added, removed: result.removed }));
        if (!io.quiet) io.out(renderRelease(result.view, io.render()));
      }),
    );

  release
    .command('list')
    .description('releases with their outlook, 85% date and progress')
    .option('--seed <s>', 'seed of the forecast (default 1)', seedOption)
    .option('--trials <t>', 'number of simulated futures (default 10000)', count('--trials'))
    .addHelpText('after', examples('ordo release list', 'ordo release list --json') + FORECAST_NOTE)
    .action(
      action(async ({ io, ctx }, opts: { seed?: number; trials?: number }) => {
        const { releases } = await listReleases(opts, ctx);
        if (io.json) return io.out((await loadJson()).envelope('release-list', { releases: releases.map(releaseJson) }));
        if (releases.length === 0) return io.err('No releases yet. The Product Owner adds one with `ordo release add ID NAME --date YYYY-MM-DD`.');
        io.out(renderReleaseList(releases, io.render()));
      }),
    );

  release
    .command('show <id>')
    .description('a release: content, value, points, what is done, and whether the date holds')
    .option('--seed <s>', 'seed of the forecast (default 1)', seedOption)
    .option('--trials <t>', 'number of simulated futures (default 10000)', count('--trials'))
    .addHelpText('after', examples('ordo release show R1', 'ordo release show R1 --seed 7 --json') + FORECAST_NOTE)
    .action(
      action(async ({ io, ctx }, id: string, opts: { seed?: number; trials?: number }) => {
        const { view } = await showRelease({ id, ...opts }, ctx);
        if (io.json) return io.out((await loadJson()).envelope('release', { release: releaseJson(view) }));
        io.out(renderRelease(view, io.render()));
      }),
    );

  release
    .command('ship <id>')
    .description('mark a release as shipped (Product Owner only)')
    .addHelpText('after', examples('ordo release ship R1'))
    .action(
      action(async ({ io, ctx }, id: string) => {
        const { view } = await shipRelease({ id }, ctx);
        if (io.json) return io.out((await loadJson()).envelope('release', { release: releaseJson(view) }));
        if (!io.quiet) {
          const open = view.count.total - view.count.done;
          io.out(`Shipped release ${safe(view.release.id)} "${safe(view.release.name)}": ${view.count.done} of ${view.count.total} items done${open > 0 ? `, ${open} not done` : ''}.`);
        }
      }),
    );

  const sprint = program
    .command('sprint')
    .description('sprints: a time box with a Sprint Goal; velocity and goal achievement')
    .addHelpText('after', examples('ordo sprint start --goal "Shoppers can pay with saved cards" --top 5', 'ordo sprint show', 'ordo sprint end --goal-met yes'));

  sprint
    .command('start [keys...]')
    .description('start a sprint with a goal and the items the team forecast (Product Owner only; one at a time)')
    .option('--goal <text>', 'the Sprint Goal (required)')
    .option('--length <days>', 'how long it runs: 14d, 2w, or a number of days (default 14d)')
    .option('--capacity <points>', 'points the team expects to finish; without --top or keys, fills the sprint from the top of the order')
    .option('--top <n>', 'take the first n items of the order', count('--top'))
    .addHelpText(
      'after',
      examples(
        'ordo sprint start --goal "Shoppers can pay with saved cards" --top 5',
        'ordo sprint start --goal "EU checkout" --length 2w --capacity 20',
        'ordo sprint start --goal "Fix declines" ORD-3 ORD-7 ORD-9',
      ),
    )
    .action(
      action(async ({ io, ctx }, keys: string[], opts: { goal?: string; length?: string; capacity?: string; top?: number }) => {
        const result = await startSprint({ ...opts, keys }, ctx);
        if (io.json) return io.out((await loadJson()).envelope('sprint', { sprint: sprintJson(result.view), overCapacity: result.overCapacity }));
        if (result.overCapacity > 0) io.err(io.errStyle().yellow(`warning: the sprint holds ${result.overCapacity} points more than its capacity.`));
        if (!io.quiet) io.out(`Started ${result.view.sprint.id}, until ${result.view.sprint.end}.\n${renderSprint(result.view, io.render())}`);
      }),
    );

  sprint
    .command('show [id]')
    .description('the running sprint (or the one named): goal, items, assignees, days left, burndown')
    .addHelpText('after', examples('ordo sprint show', 'ordo sprint show S2 --json'))
    .action(
      action(async ({ io, ctx }, id: string | undefined) => {
        const { view } = await showSprint({ id }, ctx);
        if (io.json) return io.out((await loadJson()).envelope('sprint', { sprint: sprintJson(view) }));
        io.out(renderSprint(view, io.render()));
      }),
    );

  sprint
    .command('list')
    .description('every sprint, oldest first')
    .addHelpText('after', examples('ordo sprint list', 'ordo sprint list --json'))
    .action(
      action(async ({ io, ctx }) => {
        const { sprints } = await listSprints({}, ctx);
        if (io.json) return io.out((await loadJson()).envelope('sprint-list', { sprints: sprints.map(sprintJson) }));
        if (sprints.length === 0) return io.err('No sprints yet. The Product Owner starts one with `ordo sprint start --goal TEXT --top N`.');
        io.out(renderSprintList(sprints, io.render()));
      }),
    );

  sprint
    .command('end')
    .description('end the running sprint: record whether its goal was met and its velocity; unfinished items return to the top (Product Owner only)')
    .option('--goal-met <yes|no>', 'was the Sprint Goal met? (required)')
    .addHelpText('after', examples('ordo sprint end --goal-met yes', 'ordo sprint end --goal-met no --json'))
    .action(
      action(async ({ io, ctx }, opts: { goalMet?: string }) => {
        const result = await endSprint(opts, ctx);
        if (io.json) return io.out((await loadJson()).envelope('sprint', { sprint: sprintJson(result.view), returned: result.returned }));
        if (!io.quiet) {
          const s = result.view.sprint;
          const back = result.returned.length > 0 ? ` Back at the top of the order: ${result.returned.join(', ')}.` : '';
          io.out(`Ended ${s.id}: goal ${s.goalMet ? 'met' : 'not met'}, velocity ${s.velocity} points.${back}`);
        }
      }),
    );
}
