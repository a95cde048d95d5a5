/** Where output goes: results on stdout, everything else on stderr; JSON or human. */
import { fixedNow, type GlobalOptions } from './context.js';
import type { RenderOptions } from '../output/human.js';
import { createStyle, wantsColor } from '../output/terminal.js';
import { pagerCommand, startPager, type Pager } from '../output/pager.js';

export interface Io {
  json: boolean;
  quiet: boolean;
  /** True when stdout or stderr will be coloured: chalk must be loaded first. */
  colors: boolean;
  out(text: string): void;
  err(text: string): void;
  /** Styles for stdout (tables) and stderr (diagnostics), each coloured only on its own terminal. */
  render(): RenderOptions;
  errStyle(): ReturnType<typeof createStyle>;
  /** Waits for the pager, when output went through one. */
  close(): Promise<void>;
}

export interface IoOptions {
  /** The command's output may be long: on a terminal, send it through the pager. */
  page?: boolean;
}

export function createIo(globals: GlobalOptions, env: NodeJS.ProcessEnv = process.env, options: IoOptions = {}): Io {
  const json = Boolean(globals.json);
  // The one place that decides on paging: never for JSON, never off a terminal, never with --no-pager.
  const pagerCmd = options.page && !json && globals.pager !== false && process.stdout.isTTY ? pagerCommand(env) : null;
  let pager: Pager | undefined;
  const write = (text: string) => {
    if (pagerCmd === null) process.stdout.write(text);
    else (pager ??= startPager(pagerCmd, env)).write(text);
  };
  const colorFlag = globals.color !== false;
  // process.stderr is built on first touch (for a pipe that loads the networking modules), so
  // ask it whether it is a terminal only when NO_COLOR and --no-color leave the question open.
  const stderr = { get isTTY() { return process.stderr.isTTY; } };
  return {
    json,
    colors: (!json && wantsColor(process.stdout, env, colorFlag)) || wantsColor(stderr, env, colorFlag),
    quiet: Boolean(globals.quiet),
    out: (text) => {
      if (text.length > 0) write(text.endsWith('\n') ? text : `${text}\n`);
    },
    err: (text) => {
      if (text.length > 0) process.stderr.write(text.endsWith('\n') ? text : `${text}\n`);
    },
    render: () => ({
      style: createStyle(!json && wantsColor(process.stdout, env, colorFlag)),
      width: process.stdout.isTTY ? process.stdout.columns || 80 : undefined,
      now: fixedNow(env) ?? new Date(),
    }),
    errStyle: () => createStyle(wantsColor(stderr, env, colorFlag)),
    close: async () => {
      await pager?.close();
    },
  };
}
