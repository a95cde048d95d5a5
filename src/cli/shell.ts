/** The shell around ordo: `ordo help [TOPIC|COMMAND]`, `ordo completion`, the pager switch. */
import type { Command } from 'commander';
import { UsageError } from '../errors.js';
import { action, examples, loadJson } from './action.js';

/** The help topics (their pages are in help-topics.ts, loaded only by `ordo help`). */
export const TOPIC_NAMES = ['exit-codes', 'configuration', 'json', 'sync'] as const;
const TOPIC_LIST = TOPIC_NAMES.join(', ');

/** A command's full help (usage, options, examples) as text. */
function helpText(cmd: Command): string {
  let text = '';
  const saved = { ...cmd.configureOutput() };
  cmd.configureOutput({ writeOut: (s) => (text += s) });
  try {
    cmd.outputHelp();
  } finally {
    cmd.configureOutput(saved);
  }
  return text;
}

function findCommand(program: Command, names: string[]): Command | undefined {
  let cmd: Command | undefined = program;
  for (const name of names) cmd = cmd?.commands.find((c) => c.name() === name || c.aliases().includes(name));
  return cmd;
}

export function registerShellCommands(program: Command): void {
  // --no-pager is a global option, defined with the others in program.ts: every command takes it.
  program.addHelpText('after', `Topics: ordo help ${TOPIC_LIST.replaceAll(', ', ' | ')}\n`);
  program.helpCommand(false);

  program
    .command('help [topic...]')
    .description(`show help for a command, or a topic: ${TOPIC_LIST}`)
    .addHelpText('after', examples('ordo help', 'ordo help exit-codes', 'ordo help configuration', 'ordo help goal add'))
    .action(
      action(async ({ io }, words: string[]) => {
        const { TOPICS } = await import('./help-topics.js');
        const name = words.join(' ');
        const topic = TOPICS.find((t) => t.name === name);
        let text: string;
        if (topic) {
          text = topic.text();
        } else if (words.length === 0) {
          text = `${helpText(program)}\nHelp topics:\n${TOPICS.map((t) => `  ordo help ${t.name.padEnd(14)} ${t.summary}`).join('\n')}\n`;
        } else {
          const cmd = findCommand(program, words);
          if (!cmd) {
            throw new UsageError(`No command or help topic "${name}".`, `Topics: ${TOPIC_LIST}. Commands: ${program.commands.map((c) => c.name()).filter((n) => !n.startsWith('__')).join(', ')}.`);
          }
          text = helpText(cmd);
        }
        if (io.json) return io.out((await loadJson()).envelope('help', { topic: name || null, text }));
        io.out(text);
      }),
    );

  program
    .command('completion <shell>')
    .description('print the shell completion script for bash, zsh or fish')
    .addHelpText(
      'after',
      examples('ordo completion bash > ~/.local/share/bash-completion/completions/ordo', 'ordo completion fish > ~/.config/fish/completions/ordo.fish', 'ordo completion zsh > "${fpath[1]}/_ordo"') +
        '\nOr load it in the shell\'s start-up file: source <(ordo completion bash), in ~/.zshrc after compinit: source <(ordo completion zsh).\n' +
        '\nCommands and flags complete from this ordo; item keys and goal ids from the backlog where you type.\n',
    )
    .action(
      action(async ({ io }, shell: string) => {
        const { SHELLS, completionScript } = await import('./completion.js');
        const { describeCommand } = await import('./command-tree.js');
        if (!(SHELLS as readonly string[]).includes(shell)) throw new UsageError(`No completion for "${shell}".`, `Use one of: ${SHELLS.join(', ')}.`);
        io.out(completionScript(shell as (typeof SHELLS)[number], describeCommand(program)));
      }),
    );

  // What the completion scripts call: prints `KEY<tab>title` or `ID<tab>title`, one a line.
  // Completion must never print an error in the middle of the user's command line.
  program
    .command('__complete <kind> [typed]', { hidden: true })
    .description('print the item keys or goal ids shell completion offers (keys or goals), for what is typed so far')
    .addHelpText('after', examples('ordo __complete keys ORD-1', 'ordo -C ../shop __complete goals'))
    .action(
      action(async ({ ctx }, kind: string, typed: string | undefined) => {
        const { completionWords } = await import('../commands/complete.js');
        try {
          const words = await completionWords(kind, ctx, typed);
          if (words.length > 0) process.stdout.write(`${words.join('\n')}\n`);
        } catch {
          // No backlog here, or a broken one: nothing to offer.
        }
      }),
    );

  // What the build runs to write dist/ordo.1.
  program
    .command('__man', { hidden: true })
    .description('print the man page, ordo(1), in roff')
    .addHelpText('after', examples('ordo __man > ordo.1 && man -l ordo.1'))
    .action(
    action(async ({ io }) => {
      const { renderManPage } = await import('./man.js');
      const { describeCommand } = await import('./command-tree.js');
      const { VERSION } = await import('../version.js');
      io.out(renderManPage(describeCommand(program), VERSION));
    }),
  );
}
