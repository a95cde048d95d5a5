/** Where output goes: results on stdout, everything else on stderr; JSON or human. */
import { writeSync } from 'node:fs';
import { fixedNow, type GlobalOptions } from './context.js';
import type { RenderOptions } from '../output/human.js';
import { createStyle, isTerminal, wantsColor } from '../output/terminal.js';
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
      if (text.length > 0) writeStderr(text.endsWith('\n') ? text : `${text}\n`);
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

const streams: { [fd in 1 | 2]?: NodeJS.WriteStream } = {};

/**
 * process.stdout or process.stderr, set up on first use: a reader that stops early
 * (`ordo list | head`) ends ordo quietly, as with git; a closed stderr only loses the diagnostic.
 */
function streamOf(fd: 1 | 2): NodeJS.WriteStream {
  let stream = streams[fd];
  if (!stream) {
    stream = fd === 1 ? process.stdout : process.stderr;
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') throw error;
      if (fd === 1) process.exit(process.exitCode ?? 0);
    });
    streams[fd] = stream;
  }
  return stream;
}

export function stdoutStream(): NodeJS.WriteStream {
  return streamOf(1);
}

/**
 * Writes to stdout (fd 1) or stderr (fd 2). Straight to the file descriptor while that works:
 * process.stdout and process.stderr are built on first touch, and for a pipe or a terminal that
 * loads Node's networking modules, milliseconds on every start.
 */
function writeOut(fd: 1 | 2, text: string): void {
  const open = streams[fd];
  if (open) {
    open.write(text);
    return;
  }
  const bytes = Buffer.from(text);
  let done = 0;
  try {
    while (done < bytes.length) done += writeSync(fd, bytes, done);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EPIPE') {
      if (fd === 1) process.exit(process.exitCode ?? 0);
      return;
    }
    // A non-blocking pipe that is full: let the stream queue the rest, and all that follows.
    if (code !== 'EAGAIN') throw error;
    streamOf(fd).write(bytes.subarray(done));
  }
}

/** Results, on stdout. */
export function writeStdout(text: string): void {
  writeOut(1, text);
}

/** Diagnostics (errors, warnings, notes), on stderr. */
export function writeStderr(text: string): void {
  writeOut(2, text);
}
