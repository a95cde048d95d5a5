/**
 * The commander program: flags, help text and examples for every command. Each action
 * loads its command module on demand, runs it, and hands the result to a renderer.
 */
import { initBacklog, initDefaults } from '../commands/init.js';
import { migrateBacklog } from '../commands/migrate.js';
import { whoami } from '../commands/whoami.js';
import { Command } from 'commander';
import { safe } from '../output/terminal.js';
import { action, examples, loadHuman, loadJson } from './action.js';
import { registerCheckCommands } from './check.js';
import { registerGoalCommands } from './goal.js';
import { registerItemCommands } from './items.js';
import { registerEverydayCommands } from './everyday.js';
import { registerOrderCommands } from './order.js';
import { registerValueCommands } from './value.js';
import { registerTrustCommands } from './trust.js';
import { registerProductOwnerCommands } from './po.js';
import { registerTransferCommands } from './transfer.js';
import { registerShellCommands } from './shell.js';
import { registerDoctorCommands } from './doctor.js';
import { registerWorkflowCommands } from './workflow.js';
import { VERSION } from '../version.js';
import { registerSyncCommands } from './sync.js';


export function buildProgram(): Command {
  const program = new Command('ordo');
  program
    .description('A backlog where the Product Owner alone orders the Product Backlog, and every item says what value it brings, why, and which roadmap goal it serves.')
    .version(VERSION, '-V, --version', 'print the version')
    .option('-C <dir>', 'run as if ordo was started in <dir>')
    .option('--json', 'print machine-readable JSON on stdout')
    .option('--no-color', 'never colour output (NO_COLOR does the same)')
    .option('-q, --quiet', 'print only results and errors')
    .option('--no-sync', 'keep what this command writes in this clone; do not share it (sync: auto)')
    .helpOption('-h, --help', 'show help')
    .showSuggestionAfterError(true)
    .exitOverride()
    // commander quotes unknown commands and options as typed: escape them like any other user text.
    .configureOutput({ writeErr: (s) => process.stderr.write(safe(s, { multiline: true })) })
    .addHelpText(
      'after',
      examples(
        'ordo init --owner alice@example.com --product "Acme Checkout"',
        'ordo next',
        'ordo move ORD-12 --top',
        'ordo list --all --json',
      ) + '\nExit codes: 0 ok, 1 check failed, 2 usage, 3 not permitted, 4 not found, 5 conflict, 6 invalid data, 70 internal error.\n',
    );

  program
    .command('init')
    .description('create ordo.yml and the backlog database in this directory')
    .option('--owner <id>', 'the Product Owner (default: you)')
    .option('--product <name>', 'the product name (default: the directory name)')
    .option('--prefix <prefix>', 'item key prefix (default: ORD)')
    .option('-y, --yes', 'take the defaults for anything not given; never prompt')
    .addHelpText('after', examples('ordo init --owner alice@example.com --product "Acme Checkout" --prefix ACME', 'ordo init --yes'))
    .action(
      action(async ({ io, ctx, globals }, opts: { owner?: string; product?: string; prefix?: string; yes?: boolean }) => {
        let input = opts;
        if (ctx.interactive && !opts.yes && (!opts.owner || !opts.product)) {
          const { askInit } = await import('../prompts/init.js');
          input = await askInit(opts, initDefaults(ctx));
        }
        const result = await initBacklog(input, ctx, { share: globals.sync !== false });
        if (io.json) return io.out((await loadJson()).envelope('init', { ...result }));
        if (!io.quiet) io.out((await loadHuman()).renderInit(result, io.render()));
      }),
    );

  program
    .command('whoami')
    .description('show who ordo thinks you are, where that came from, and your roles')
    .addHelpText('after', examples('ordo whoami', 'ORDO_USER=bob@example.com ordo whoami --json') + '\nIdentity is the first that is set: ORDO_USER, git config user.email, the OS user.\n')
    .action(
      action(async ({ io, ctx }) => {
        const result = await whoami({}, ctx);
        if (io.json) return io.out((await loadJson()).envelope('whoami', { ...result }));
        io.out((await loadHuman()).renderWhoami(result, io.render()));
      }),
    );

  registerGoalCommands(program);
  registerItemCommands(program);
  registerEverydayCommands(program);
  registerOrderCommands(program);
  registerWorkflowCommands(program);
  registerValueCommands(program);
  registerTrustCommands(program);
  registerCheckCommands(program);
  registerProductOwnerCommands(program);
  registerSyncCommands(program);
  registerTransferCommands(program);
  registerShellCommands(program);
  registerDoctorCommands(program);

  program
    .command('migrate')
    .description('upgrade a database written by an older ordo to this version (writing commands do it too)')
    .addHelpText('after', examples('ordo migrate', 'ordo migrate --json'))
    .action(
      action(async ({ io, ctx }) => {
        const result = await migrateBacklog({}, ctx);
        if (io.json) return io.out((await loadJson()).envelope('migration', { ...result }));
        if (!io.quiet) {
          io.out(result.from === result.to ? `${result.database} is up to date (schema ${result.to}).` : `Migrated ${result.database} from schema ${result.from} to ${result.to}.`);
        }
      }),
    );
  return program;
}
