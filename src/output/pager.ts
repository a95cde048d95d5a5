/**
 * Long output on a terminal goes through a pager, as git does: $ORDO_PAGER, else $PAGER,
 * else `less -FRX` (quits at once when the text fits the screen, keeps colours, leaves the
 * text on the screen). Never when stdout is not a terminal; PAGER=cat or an empty value turns it off.
 */
import type { ChildProcess, spawn as Spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { delimiter, join } from 'node:path';

const DEFAULT_PAGER = 'less -FRX';

/** The pager command to run, or null when output should go straight to stdout. */
export function pagerCommand(env: NodeJS.ProcessEnv): string | null {
  const chosen = env.ORDO_PAGER ?? env.PAGER;
  if (chosen !== undefined) {
    const t = chosen.trim();
    return t === '' || t === 'cat' ? null : t;
  }
  // No pager configured and no less installed: print directly rather than fail.
  const onPath = (env.PATH ?? '').split(delimiter).some((dir) => dir !== '' && existsSync(join(dir, 'less')));
  return onPath ? DEFAULT_PAGER : null;
}

export interface Pager {
  write(text: string): void;
  /** Ends the pager's input and waits for the user to leave it. */
  close(): Promise<void>;
}

/** Starts the pager with stdout and stderr on the terminal; text written goes to its input. */
export function startPager(command: string, env: NodeJS.ProcessEnv): Pager {
  // Loaded only when a pager runs: child_process brings the networking stack.
  const { spawn } = createRequire(import.meta.url)('node:child_process') as { spawn: typeof Spawn };
  const child: ChildProcess = spawn(command, {
    shell: true,
    stdio: ['pipe', 'inherit', 'inherit'],
    // As git does: less gets FRX unless the user set LESS, and lv its colour flag.
    env: { ...env, LESS: env.LESS ?? 'FRX', LV: env.LV ?? '-c' },
  });
  // Kept until the pager exits: a pager that could not start (not installed: the shell exits 127)
  // must not swallow the output, so it is printed directly instead.
  const written: string[] = [];
  const exited = new Promise<boolean>((resolve) => {
    child.once('close', (code) => resolve(code !== 127));
    child.once('error', () => resolve(false));
  });
  // The user may quit the pager before reading everything: that is not an error.
  child.stdin!.on('error', () => {});
  // Ctrl-C belongs to the pager while it runs (less uses it to stop a search), not to ordo.
  const ignore = () => {};
  process.on('SIGINT', ignore);
  return {
    write: (text) => {
      written.push(text);
      if (!child.stdin!.destroyed) child.stdin!.write(text);
    },
    close: async () => {
      child.stdin!.end();
      const ran = await exited;
      process.off('SIGINT', ignore);
      if (!ran) {
        process.stderr.write(`ordo: the pager "${command}" could not be started; printing directly (set PAGER or ORDO_PAGER, or pass --no-pager).\n`);
        process.stdout.write(written.join(''));
      }
    },
  };
}
