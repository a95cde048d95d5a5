/**
 * The error boundary: the one place that turns failures into messages and exit codes.
 * It sets process.exitCode rather than exiting, so the database closes and stdout flushes.
 */
import { CommanderError } from 'commander';
import { ExitCode, OrdoError, UsageError } from '../errors.js';
import { createStyle, loadColors, wantsColor } from '../output/terminal.js';
import { buildProgram } from './program.js';

export async function main(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const args = argv.slice(2);
  const json = args.includes('--json');
  try {
    const program = buildProgram();
    if (json) program.configureOutput({ writeErr: (s) => process.stderr.write(s), outputError: () => {} });
    if (args.length === 0) {
      program.outputHelp();
      return;
    }
    await program.parseAsync(argv);
  } catch (error) {
    if (!json && wantsColor(process.stderr, env, !args.includes('--no-color'))) await loadColors();
    process.exitCode = report(error, json, env);
  }
}

function report(error: unknown, json: boolean, env: NodeJS.ProcessEnv): number {
  if (error instanceof CommanderError) {
    if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') return 0;
    // commander printed its own message unless --json asked for JSON instead.
    const usage = new UsageError(error.message.replace(/^error: /, ''), 'Run `ordo --help` or `ordo <command> --help` for usage.', 'USAGE');
    if (json) process.stderr.write(`${JSON.stringify(usage.toJSON())}\n`);
    else process.stderr.write(`${createStyle(wantsColor(process.stderr, env, true)).dim('hint: run `ordo --help` or `ordo <command> --help` for usage')}\n`);
    return ExitCode.usage;
  }
  const failure =
    error instanceof OrdoError
      ? error
      : new OrdoError(
          'INTERNAL',
          ExitCode.internal,
          `ordo hit an internal error: ${error instanceof Error ? error.message : String(error)}`,
          'This is a bug in ordo. Please report it with the command you ran; ORDO_DEBUG=1 prints the stack.',
        );
  if (json) {
    process.stderr.write(`${JSON.stringify(failure.toJSON())}\n`);
  } else if (failure.exitCode !== ExitCode.checkFailed) {
    const st = createStyle(wantsColor(process.stderr, env, !process.argv.includes('--no-color')));
    process.stderr.write(`${st.red('error:')} ${failure.message}\n`);
    if (failure.hint) process.stderr.write(`${st.dim('hint:')} ${failure.hint}\n`);
  }
  if (env.ORDO_DEBUG === '1' && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
  return failure.exitCode;
}
