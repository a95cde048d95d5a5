/**
 * The one interrupt handler. Ctrl-C reaches ordo two ways: as SIGINT (while a command works or
 * waits), and, while a prompt holds the terminal in raw mode, as a keypress the prompt library
 * turns into an ExitPromptError (or AbortPromptError). Both end the same way: "interrupted" on
 * stderr and exit 130. Nothing is half-written: a transaction runs synchronously and, while it
 * runs, SIGINT keeps its default action (Store.transaction), so the process ends before the
 * commit and SQLite's rollback journal undoes the partial write.
 */
import { InterruptedError, OrdoError } from '../errors.js';
import { jsonText } from '../output/json.js';

const PROMPT_ERRORS = new Set(['ExitPromptError', 'AbortPromptError']);

/** The error to report for `error`: an InterruptedError for any form of Ctrl-C, else `error` itself. */
export function asInterrupt(error: unknown): unknown {
  if (error instanceof OrdoError) return error;
  return error instanceof Error && PROMPT_ERRORS.has(error.name) ? new InterruptedError() : error;
}

export function installInterruptHandler(json: boolean): void {
  process.on('SIGINT', () => {
    const e = new InterruptedError();
    process.stderr.write(json ? `${jsonText(e.toJSON())}\n` : `\nerror: ${e.message}\n`);
    process.exit(e.exitCode);
  });
}
