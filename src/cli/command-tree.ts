/**
 * The commander definitions as plain data: what completion scripts and the man page are
 * generated from, so neither lists a command or flag by hand.
 */
import type { Command, Option } from 'commander';

/** What a word can be completed with, beyond commands and flags. */
export type Completion = 'keys' | 'goals' | 'help' | 'shells' | 'files' | null;

export interface OptionSpec {
  flags: string;
  short?: string;
  long?: string;
  /** The option takes a value (`--goal <id>`). */
  takesValue: boolean;
  /** The value's name as the help shows it, e.g. `<id>`. */
  valueName?: string;
  description: string;
  complete: Completion;
}

export interface ArgumentSpec {
  name: string;
  required: boolean;
  variadic: boolean;
  complete: Completion;
}

export interface CommandSpec {
  /** Names from the top, e.g. ['goal', 'add']; [] for ordo itself. */
  path: string[];
  usage: string;
  description: string;
  options: OptionSpec[];
  args: ArgumentSpec[];
  subcommands: CommandSpec[];
  /** The text commander prints after the options (examples and notes). */
  after: string;
}

const KEY_NAMES = /^(key|keys|item)$/i;

function optionCompletion(o: Option, path: string[]): Completion {
  const value = /[<[]([^>\]]+)[>\]]/.exec(o.flags)?.[1] ?? '';
  if (o.long === '--goal' || (path[0] === 'goal' && value === 'id')) return 'goals';
  if (KEY_NAMES.test(value.replace('...', '')) || ['--before', '--after', '--item'].includes(o.long ?? '')) return 'keys';
  if (/file|dir|path/i.test(value) || o.short === '-C' || o.long === '--output') return 'files';
  return null;
}

function argumentCompletion(name: string, path: string[]): Completion {
  const n = name.replace('...', '');
  if (path.length === 1 && path[0] === 'help') return 'help';
  if (path.length === 1 && path[0] === 'completion') return 'shells';
  if (path[0] === 'goal' && n === 'id') return 'goals';
  if (KEY_NAMES.test(n)) return 'keys';
  if (/file|dir|path/i.test(n)) return 'files';
  return null;
}

interface HiddenFlag {
  _hidden?: boolean;
  _helpCommand?: unknown;
}

/** The help text commander adds after the options: examples and notes from addHelpText. */
function afterText(cmd: Command): string {
  let text = '';
  const listeners = (cmd as unknown as NodeJS.EventEmitter).listeners('afterHelp') as ((context: { error: boolean; command: Command; write(s: string): void }) => void)[];
  for (const l of listeners) l({ error: false, command: cmd, write: (s) => (text += s) });
  return text;
}

export function describeCommand(cmd: Command, path: string[] = []): CommandSpec {
  const options: OptionSpec[] = cmd.options
    .filter((o) => !o.hidden)
    .map((o) => ({
      flags: o.flags,
      short: o.short,
      long: o.long,
      takesValue: o.required || o.optional,
      valueName: /([<[][^>\]]+[>\]])/.exec(o.flags)?.[1],
      description: o.description,
      complete: optionCompletion(o, path),
    }));
  if (path.length === 0) options.push({ flags: '-h, --help', short: '-h', long: '--help', takesValue: false, description: 'show help', complete: null });
  return {
    path,
    usage: cmd.usage(),
    description: cmd.description(),
    options,
    args: cmd.registeredArguments.map((a) => ({ name: a.name(), required: a.required, variadic: a.variadic, complete: argumentCompletion(a.name(), path) })),
    subcommands: cmd.commands.filter((c) => !(c as unknown as HiddenFlag)._hidden).map((c) => describeCommand(c, [...path, c.name()])),
    after: afterText(cmd),
  };
}

/** Every command below `root`, depth first, root excluded. */
export function allCommands(root: CommandSpec): CommandSpec[] {
  return root.subcommands.flatMap((c) => [c, ...allCommands(c)]);
}
