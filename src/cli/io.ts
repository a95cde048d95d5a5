/** Where output goes: results on stdout, everything else on stderr; JSON or human. */
import { fstatSync, statSync, writeSync } from 'node:fs';
import { createRequire } from 'node:module';
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
  const pagerCmd = options.page && !json && globals.pager !== false && isTerminal(1) ? pagerCommand(env) : null;
  let pager: Pager | undefined;
  const write = (text: string) => {
    if (pagerCmd === null) writeStdout(text);
    else (pager ??= startPager(pagerCmd, env)).write(text);
  };
  const colorFlag = globals.color !== false;
  // process.stdout and process.stderr are built on first touch (for a pipe that loads the
  // networking modules): ask the file descriptors whether they are terminals instead.
  const stderr = { get isTTY() { return isTerminal(2); } };
  const stdout = { get isTTY() { return isTerminal(1); } };
  return {
    json,
    colors: (!json && wantsColor(stdout, env, colorFlag)) || wantsColor(stderr, env, colorFlag),
    quiet: Boolean(globals.quiet),
    out: (text) => {
      if (text.length > 0) write(text.endsWith('\n') ? text : `${text}\n`);
    },
    err: (text) => {
      if (text.length > 0) process.stderr.write(text.endsWith('\n') ? text : `${text}\n`);
    },
    render: () => ({
      style: createStyle(!json && wantsColor(stdout, env, colorFlag)),
      width: isTerminal(1) ? process.stdout.columns || 80 : undefined,
      now: fixedNow(env) ?? new Date(),
    }),
    errStyle: () => createStyle(wantsColor(stderr, env, colorFlag)),
    close: async () => {
      await pager?.close();
    },
  };
}

let devNull: number | undefined;

/**
 * Whether a file descriptor is a terminal. node:tty would answer, but loading it loads Node's
 * networking modules, a few milliseconds on every start. A terminal is a character device, and
 * output that is not a terminal is a file, a pipe, a socket or /dev/null: those are answered
 * from one fstat. Any other character device is asked of node:tty.
 */
export function isTerminal(fd: number): boolean {
  let device;
  try {
    device = fstatSync(fd);
  } catch {
    return false;
  }
  if (!device.isCharacterDevice()) return false;
  devNull ??= statSync('/dev/null', { throwIfNoEntry: false })?.rdev ?? -1;
  if (device.rdev === devNull) return false;
  return (createRequire(import.meta.url)('node:tty') as typeof import('node:tty')).isatty(fd);
}

let stream: NodeJS.WriteStream | undefined;

/** process.stdout, set up on first use so that a reader that stops early (`ordo list | head`) ends ordo quietly, as with git. */
export function stdoutStream(): NodeJS.WriteStream {
  if (!stream) {
    stream = process.stdout;
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
      throw error;
    });
  }
  return stream;
}

/**
 * Writes results to stdout. Straight to the file descriptor while that works: process.stdout
 * is built on first touch, and for a pipe that loads Node's networking modules on every start.
 */
export function writeStdout(text: string): void {
  if (stream) {
    stream.write(text);
    return;
  }
  const bytes = Buffer.from(text);
  let done = 0;
  try {
    while (done < bytes.length) done += writeSync(1, bytes, done);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EPIPE') process.exit(process.exitCode ?? 0);
    // A non-blocking pipe that is full: let the stream queue the rest.
    if (code !== 'EAGAIN') throw error;
    stdoutStream().write(bytes.subarray(done));
  }
}
