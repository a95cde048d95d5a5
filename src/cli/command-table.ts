/**
 * Which module defines each top-level command, and which command a run names. Kept free of
 * imports: the entry file reads it before anything else is loaded, to pick the one bundle
 * pack (scripts/build.mjs) that holds what that command runs.
 */

/** The modules that register top-level commands; `program` is src/cli/program.ts itself. */
export type CommandModule =
  | 'program'
  | 'goal'
  | 'items'
  | 'everyday'
  | 'order'
  | 'workflow'
  | 'planning'
  | 'value'
  | 'trust'
  | 'check'
  | 'po'
  | 'sync'
  | 'transfer'
  | 'shell'
  | 'doctor';

/**
 * Every top-level command name and the module that registers it. A new top-level command is
 * one line here. The first name of each module sets its place in `ordo --help`.
 */
export const COMMAND_MODULES: Readonly<Record<string, CommandModule>> = {
  init: 'program',
  whoami: 'program',
  goal: 'goal',
  add: 'items',
  show: 'items',
  edit: 'items',
  list: 'items',
  next: 'items',
  label: 'everyday',
  depend: 'everyday',
  move: 'order',
  triage: 'order',
  start: 'workflow',
  done: 'workflow',
  accept: 'workflow',
  reject: 'workflow',
  drop: 'workflow',
  reopen: 'workflow',
  release: 'planning',
  sprint: 'planning',
  roadmap: 'value',
  report: 'value',
  forecast: 'value',
  page: 'value',
  log: 'trust',
  verify: 'trust',
  sign: 'trust',
  key: 'trust',
  check: 'check',
  owner: 'po',
  reorder: 'po',
  propose: 'po',
  sync: 'sync',
  diff: 'sync',
  export: 'transfer',
  import: 'transfer',
  help: 'shell',
  completion: 'shell',
  __complete: 'shell',
  __man: 'shell',
  doctor: 'doctor',
  migrate: 'program',
};

/** Commands that read the whole command tree (help, completion, the man page): they get all of it. */
export const WHOLE_TREE: ReadonlySet<string> = new Set(['help', 'completion', '__complete', '__man']);

/**
 * The command a run names: the first argument that is neither a global option nor its value.
 * Undefined when help is asked for before any command name (`ordo --help`, `ordo -h next`).
 */
export function commandName(args: readonly string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--') return args[i + 1];
    if (arg === '-h' || arg === '--help') return undefined;
    // -C takes a value, also at the end of a cluster of short flags (-qC DIR).
    if (/^-[A-Za-z]*C$/.test(arg)) i += 1;
    else if (!arg.startsWith('-')) return arg;
  }
  return undefined;
}

/** The module that defines the command a run names (commandName), or undefined when the run needs the whole tree. */
export function commandModule(name: string | undefined): CommandModule | undefined {
  return name !== undefined && Object.hasOwn(COMMAND_MODULES, name) && !WHOLE_TREE.has(name) ? COMMAND_MODULES[name] : undefined;
}
