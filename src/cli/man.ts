/** The man page, ordo(1), generated in roff from the command tree and the help topics. */
import { allCommands, type CommandSpec, type OptionSpec } from './command-tree.js';
import { EXIT_CODES, TOPICS } from './help-topics.js';

/** Text as roff reads it: backslashes escaped, no line taken for a request. */
function esc(text: string): string {
  return text
    .replace(/\\/g, '\\e')
    .replace(/-/g, '\\-')
    // Plain ASCII in the file; anything else as a named glyph roff knows (\[u2192] for →).
    .replace(/[^\x00-\x7f]/gu, (ch) => `\\[u${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}]`)
    .split('\n')
    .map((l) => (/^[.']/.test(l) ? `\\&${l}` : l))
    .join('\n');
}

function option(o: OptionSpec): string {
  const names = [o.short, o.long].filter(Boolean).map((n) => `\\fB${esc(n!)}\\fR`).join(', ');
  return `.TP\n${names}${o.valueName ? ` \\fI${esc(o.valueName)}\\fR` : ''}\n${esc(o.description)}`;
}

/** Literal text (examples, topic pages) kept as it is laid out. */
function verbatim(text: string): string {
  return `.PP\n.nf\n.RS 4\n${esc(text.trim())}\n.RE\n.fi`;
}

function command(c: CommandSpec): string {
  const usage = `ordo ${c.path.join(' ')} ${c.usage}`.trim();
  const out = [`.SS "${esc(usage).replace(/"/g, '\\(dq')}"`, esc(c.description)];
  if (c.options.length > 0) out.push('.RS 4', ...c.options.map(option), '.RE');
  if (c.after.trim()) out.push(verbatim(c.after));
  return out.join('\n');
}

export function renderManPage(root: CommandSpec, version: string): string {
  const topic = (name: string) => TOPICS.find((t) => t.name === name)!.text().split('\n').slice(2).join('\n');
  return [
    `.TH ORDO 1 "" "ordo ${esc(version)}" "User Commands"`,
    '.SH NAME',
    'ordo \\- a backlog where the Product Owner alone orders the Product Backlog',
    '.SH SYNOPSIS',
    '.B ordo',
    '[\\fIglobal options\\fR] \\fIcommand\\fR [\\fIarguments\\fR] [\\fIoptions\\fR]',
    '.SH DESCRIPTION',
    esc(root.description),
    '.PP',
    'Every command has \\fB\\-\\-help\\fR with examples; \\fBordo help\\fR \\fItopic\\fR explains exit codes, configuration, JSON output and sync.',
    '.SH GLOBAL OPTIONS',
    ...root.options.map(option),
    '.SH COMMANDS',
    ...allCommands(root).filter((c) => c.path[0] !== 'help').map(command),
    '.SH EXIT STATUS',
    ...EXIT_CODES.map(([code, text]) => `.TP\n.B ${code}\n${esc(text)}`),
    '.SH CONFIGURATION',
    verbatim(topic('configuration')),
    '.SH JSON OUTPUT',
    verbatim(topic('json')),
    '.SH SHARING',
    verbatim(topic('sync')),
    '.SH ENVIRONMENT',
    ...[
      ['ORDO_USER', 'your identity; else git config user.email, else the OS user name'],
      ['ORDO_PAGER, PAGER', 'the pager for long output on a terminal (default less \\-FRX); empty or cat turns it off'],
      ['NO_COLOR', 'never colour output'],
      ['EDITOR, VISUAL', 'the editor for ordo reorder \\-\\-editor'],
      ['ORDO_NOW', 'fixes the clock (ISO 8601), for tests and demos'],
      ['ORDO_DEBUG', 'set to 1 to print stacks of internal errors'],
    ].map(([name, text]) => `.TP\n.B ${name}\n${text}`),
    '.SH FILES',
    '.TP\n.B ordo.yml\nthe configuration, committed with the code',
    '.TP\n.B .ordo/backlog.db\nthis clone\'s copy of the backlog (SQLite)',
    '.TP\n.B ~/.config/ordo/keys/\nthe private keys of \\fBordo key generate\\fR',
    '.SH SEE ALSO',
    '\\fBgit\\fR(1), \\fBless\\fR(1)',
    '',
  ].join('\n');
}
