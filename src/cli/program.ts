/**
 * The commander program: the global flags and help, and a table of every top-level command.
 * A run registers only the command it names (its module is loaded on demand), so `ordo next`
 * neither loads nor builds the definitions of the other commands; `ordo --help`, `ordo help`
 * and a name that is not in the table build the whole tree.
 */
import { Command } from 'commander';
import { safe } from '../output/terminal.js';
import { action, examples, loadHuman, loadJson, renderHuman } from './action.js';
import { writeStderr, writeStdout } from './io.js';
import { VERSION } from '../version.js';
import { COMMAND_MODULES, commandModule, commandName, type CommandModule } from './command-table.js';

/**
 * Adds a module's top-level commands (with their options, help and actions) to the program:
 * all of them, or with `only`, that one alone (a module may ignore it and add all).
 */
export type Register = (program: Command, only?: string) => void;

const REGISTRATIONS: Record<CommandModule, () => Promise<Register>> = {
  program: async () => registerProgramCommands,
  goal: async () => (await import('./goal.js')).registerGoalCommands,
  items: async () => (await import('./items.js')).registerItemCommands,
  everyday: async () => (await import('./everyday.js')).registerEverydayCommands,
  order: async () => (await import('./order.js')).registerOrderCommands,
  workflow: async () => (await import('./workflow.js')).registerWorkflowCommands,
  planning: async () => (await import('./planning.js')).registerPlanningCommands,
  value: async () => (await import('./value.js')).registerValueCommands,
  trust: async () => (await import('./trust.js')).registerTrustCommands,
  check: async () => (await import('./check.js')).registerCheckCommands,
  po: async () => (await import('./po.js')).registerProductOwnerCommands,
  sync: async () => (await import('./sync.js')).registerSyncCommands,
  transfer: async () => (await import('./transfer.js')).registerTransferCommands,
  shell: async () => (await import('./shell.js')).registerShellCommands,
  doctor: async () => (await import('./doctor.js')).registerDoctorCommands,
};

/** Every top-level command name and the function that registers it (and its module's other commands). */
export const COMMANDS: Record<string, () => Promise<Register>> = Object.fromEntries(Object.entries(COMMAND_MODULES).map(([name, module]) => [name, REGISTRATIONS[module]]));

/**
 * The program for these arguments (argv without node and the script): with the named command's
 * module only when the table knows it, else with every command (help, suggestions for a misspelling).
 * Modules register in the table's order, which is the order of `ordo --help`.
 */
export async function buildProgram(args: readonly string[] = []): Promise<Command> {
  const program = createProgram();
  const name = commandName(args);
  const module = commandModule(name);
  const modules = module !== undefined ? [module] : [...new Set(Object.values(COMMAND_MODULES))];
  // A run of one command defines that command alone: the options of its siblings cost it time.
  for (const register of await Promise.all(modules.map((m) => REGISTRATIONS[m]()))) register(program, module !== undefined ? name : undefined);
  return program;
}

function createProgram(): Command {
  const program = new Command('ordo');
  program
    .description('A backlog where the Product Owner alone orders the Product Backlog, and every item says what value it brings, why, and which roadmap goal it serves.')
    .version(VERSION, '-V, --version', 'print the version')
    .option('-C <dir>', 'run as if ordo was started in <dir>')
    .option('--json', 'print machine-readable JSON on stdout')
    .option('--no-color', 'never colour output (NO_COLOR does the same)')
    .option('-q, --quiet', 'print only results and errors')
    .option('--no-sync', 'keep what this command writes in this clone; do not share it (sync: auto)')
    .option('--no-pager', 'never send output through a pager')
    .helpOption('-h, --help', 'show help')
    .showSuggestionAfterError(true)
    .exitOverride()
    // commander quotes unknown commands and options as typed: escape them like any other user text.
    .configureOutput({ writeOut: writeStdout, writeErr: (s) => writeStderr(safe(s, { multiline: true })) })
    .addHelpText(
      'after',
      examples(
        'ordo init --owner alice@example.com --product "Acme Checkout"',
        'ordo next',
        'ordo move ORD-12 --top',
        'ordo list --all --json',
      ) + '\nExit codes: 0 ok, 1 check failed, 2 usage, 3 not permitted, 4 not found, 5 conflict, 6 invalid data, 70 internal error.\n',
    );
  return program;
}

/** The commands defined here: init, whoami and migrate. */
function registerProgramCommands(program: Command): void {
  registerInitCommand(program);
  registerWhoamiCommand(program);
  registerMigrateCommand(program);
}

function registerInitCommand(program: Command): void {
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
        const { initBacklog, initDefaults } = await import('../commands/init.js');
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
}

function registerWhoamiCommand(program: Command): void {
  program
    .command('whoami')
    .description('show who ordo thinks you are, where that came from, and your roles')
    .addHelpText('after', examples('ordo whoami', 'ORDO_USER=bob@example.com ordo whoami --json') + '\nIdentity is the first that is set: ORDO_USER, git config user.email, the OS user.\n')
    .action(
      action(async ({ io, ctx }) => {
        const { whoami } = await import('../commands/whoami.js');
        const result = await whoami({}, ctx);
        if (io.json) return io.out((await loadJson()).envelope('whoami', { ...result }));
        io.out(await renderHuman((h) => h.renderWhoami(result, io.render())));
      }),
    );
}

function registerMigrateCommand(program: Command): void {
  program
    .command('migrate')
    .description('upgrade a database written by an older ordo to this version (writing commands do it too)')
    .addHelpText('after', examples('ordo migrate', 'ordo migrate --json'))
    .action(
      action(async ({ io, ctx }) => {
        const { migrateBacklog } = await import('../commands/migrate.js');
        const result = await migrateBacklog({}, ctx);
        if (io.json) return io.out((await loadJson()).envelope('migration', { ...result }));
        if (!io.quiet) {
          io.out(result.from === result.to ? `${result.database} is up to date (schema ${result.to}).` : `Migrated ${result.database} from schema ${result.from} to ${result.to}.`);
        }
      }),
    );
}
