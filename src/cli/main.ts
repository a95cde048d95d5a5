/**
 * The error boundary: the one place that turns failures into messages and exit codes.
 * It sets process.exitCode rather than exiting, so the database closes and stdout flushes.
 */
import { CommanderError, type Command } from 'commander';
import { ExitCode, OrdoError, UsageError } from '../errors.js';
import { jsonText } from '../output/json.js';
import { createStyle, isTerminal, loadColors, safe, wantsColor } from '../output/terminal.js';
import { asInterrupt, installInterruptHandler } from './interrupt.js';
import { writeStderr } from './io.js';
import { buildProgram } from './program.js';

export async function main(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const args = argv.slice(2);
  const json = args.includes('--json');
  installInterruptHandler(json);
  try {
    const program = await buildProgram(args);
    // Subcommands copied the output settings when they were created: silence commander's text errors on each.
    if (json) forEachCommand(program, (c) => c.configureOutput({ writeErr: (s) => writeStderr(safe(s, { multiline: true })), outputError: () => {} }));
    if (args.length === 0) {
      program.outputHelp();
      return;
    }
    await program.parseAsync(argv);
  } catch (error) {
    if (!json && wantsColor({ isTTY: isTerminal(2) }, env, !args.includes('--no-color'))) await loadColors();
    process.exitCode = report(asInterrupt(error), json, env);
  }
}

const FS_VERBS: Record<string, string> = { open: 'open', mkdir: 'create the directory', write: 'write', rename: 'replace', unlink: 'remove', rmdir: 'remove', chmod: 'set the permissions of', scandir: 'list', read: 'read', stat: 'read' };

/**
 * A failure of the file system under a command (a read-only or full disk, a path through a
 * file, no permission) is the environment's, not a bug: exit 6 with the path and the reason.
 */
function fileSystemError(error: unknown): OrdoError | undefined {
  const e = error as NodeJS.ErrnoException;
  if (!(error instanceof Error) || typeof e.code !== 'string' || !/^E[A-Z]+$/.test(e.code) || typeof e.syscall !== 'string') return undefined;
  const what = e.path ? `${FS_VERBS[e.syscall] ?? e.syscall} ${e.path}` : e.syscall;
  const why = /^[A-Z]+: ([^,]+)/.exec(e.message)?.[1] ?? e.code;
  return new OrdoError(
    'FILE_SYSTEM',
    ExitCode.invalidData,
    `Cannot ${what}: ${why}${e.code === 'ENOTDIR' ? ' (a part of the path is a file, not a directory)' : ''}.`,
    'Check that the path exists, that each part of it is a directory, and that you may write there; nothing was changed.',
  );
}

function forEachCommand(cmd: Command, fn: (c: Command) => void): void {
  fn(cmd);
  for (const sub of cmd.commands) forEachCommand(sub, fn);
}

function report(error: unknown, json: boolean, env: NodeJS.ProcessEnv): number {
  if (error instanceof CommanderError) {
    if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') return 0;
    // commander printed its own message unless --json asked for JSON instead.
    const usage = new UsageError(error.message.replace(/^error: /, ''), 'Run `ordo --help` or `ordo <command> --help` for usage.', 'USAGE');
    if (json) writeStderr(`${jsonText(usage.toJSON())}\n`);
    else writeStderr(`${createStyle(wantsColor({ isTTY: isTerminal(2) }, env, true)).dim('hint: run `ordo --help` or `ordo <command> --help` for usage')}\n`);
    return ExitCode.usage;
  }
  const failure =
    error instanceof OrdoError
      ? error
      : fileSystemError(error) ??
        new OrdoError(
          'INTERNAL',
          ExitCode.internal,
          `ordo hit an internal error: ${error instanceof Error ? error.message : String(error)}`,
          'This is a bug in ordo. Please report it with the command you ran; ORDO_DEBUG=1 prints the stack.',
        );
  if (json) {
    writeStderr(`${jsonText(failure.toJSON())}\n`);
  } else if (failure.exitCode !== ExitCode.checkFailed) {
    const st = createStyle(wantsColor({ isTTY: isTerminal(2) }, env, !process.argv.includes('--no-color')));
    // Messages quote what the user typed and what the backlog holds: escape it, never let it drive the terminal.
    writeStderr(`${st.red('error:')} ${safe(failure.message, { multiline: true })}\n`);
    if (failure.hint) writeStderr(`${st.dim('hint:')} ${safe(failure.hint, { multiline: true })}\n`);
  }
  if (env.ORDO_DEBUG === '1' && error instanceof Error && error.stack) writeStderr(`${safe(error.stack, { multiline: true })}\n`);
  return failure.exitCode;
}
