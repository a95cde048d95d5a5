/** Shared plumbing for command registrations: context, output, lazy renderers. */
import { closeSync, existsSync, openSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { Command } from 'commander';
import { OrdoError, UsageError } from '../errors.js';
import { reason, writeFileAtomic } from '../config/files.js';
import { ownFileAt } from '../config/load.js';
import type { Context } from '../commands/context.js';
import type { ProposalView } from '../commands/proposals.js';
import type { TransitionResult } from '../commands/workflow.js';
import { parsePosition } from '../core/numbers.js';
import { relativeTime } from '../core/time.js';
import type { PlacedItem } from '../core/types.js';
import { createContext, type GlobalOptions } from './context.js';
import { createIo, type Io } from './io.js';
import * as human from '../output/human.js';
import * as json from '../output/json.js';
import { loadColors, loadWidths, renderWithWidths, safe } from '../output/terminal.js';
import { backlogUse } from '../commands/backlog.js';
import { canSync, readSyncState } from '../sync/state.js';

export interface Env {
  io: Io;
  ctx: Context;
  globals: GlobalOptions;
}

/** Wraps a command action: builds io and context from the global options, then runs it. */
export function action<A extends unknown[]>(fn: (env: Env, ...args: A) => Promise<void>) {
  return async (...raw: unknown[]): Promise<void> => {
    const cmd = raw[raw.length - 1] as Command;
    const globals = cmd.optsWithGlobals<GlobalOptions>();
    const path = commandPath(cmd);
    const io = createIo(globals, process.env, { page: PAGED_COMMANDS.has(path) });
    if (io.colors) await loadColors();
    const ctx = createContext(globals);
    try {
      await fn({ io, ctx, globals }, ...(raw.slice(0, -1) as A));
    } finally {
      // The pager has the terminal until the user leaves it: notes on stderr come after.
      await io.close();
    }
    if (backlogUse.written) {
      if (globals.sync !== false) await autoSync(io, ctx);
    } else if (backlogUse.read && !io.quiet) {
      await warnIfStale(io, ctx);
    }
  };
}

/**
 * `sync: auto`: after a writing command has committed its transaction, share the change.
 * Offline, or when the push fails, the change stays in this clone: say so, exit 0.
 */
async function autoSync(io: Io, ctx: Context): Promise<void> {
  const config = await ctx.config();
  if (config.sync.auto === false || !canSync(config)) return;
  const st = io.errStyle();
  try {
    const { syncCommand } = await import('../commands/sync.js');
    const { renderSyncReport } = await import('../output/diff.js');
    const result = await syncCommand({}, ctx);
    const report = renderSyncReport(result, (n) => `${config.prefix}-${n}`);
    if (report) io.err(report);
    if (!io.quiet && (result.outcome === 'published' || result.outcome === 'created')) {
      io.err(st.dim(`shared on ${result.remote}/${result.branch} (${result.commit.slice(0, 10)})`));
    }
  } catch (error) {
    const message = error instanceof OrdoError ? error.message : `ordo hit an internal error while syncing: ${(error as Error).message}`;
    io.err(`${st.yellow('warning:')} saved in this clone but not shared yet. ${safe(message, { multiline: true })}`);
    io.err(st.dim('hint: run `ordo sync` to share it; `ordo doctor` tells what is wrong with this clone.'));
    if (ctx.env.ORDO_DEBUG === '1' && error instanceof Error && error.stack) io.err(safe(error.stack, { multiline: true }));
  }
}

/** Reading commands whose output can run past a screen: on a terminal it goes through the pager. */
const PAGED_COMMANDS = new Set(['list', 'log', 'show', 'help', 'report', 'diff', 'roadmap', 'forecast', 'goal list', 'goal show', 'doctor']);

function commandPath(cmd: Command): string {
  const names: string[] = [];
  for (let c: Command | null = cmd; c?.parent; c = c.parent) names.unshift(c.name());
  return names.join(' ');
}

/** Reading commands never touch the network; they only say when this copy may be out of date. */
async function warnIfStale(io: Io, ctx: Context): Promise<void> {
  try {
    const config = await ctx.config();
    const state = readSyncState(config.root);
    if (state === null) return;
    const age = ctx.now().getTime() - Date.parse(state.lastSync);
    if (age > config.sync.staleAfterMs) {
      io.err(io.errStyle().dim(`note: this clone last synced with ${state.remote}/${state.branch} ${relativeTime(state.lastSync, ctx.now())}; \`ordo sync\` takes the team's latest.`));
    }
  } catch {
    // A note must never make a command that worked fail.
  }
}

/** Whether a module registers `name`: every command, or the one a run names (Register's `only`). */
export const defines = (only: string | undefined, name: string): boolean => only === undefined || only === name;

export function examples(...lines: string[]): string {
  return `\nExamples:\n${lines.map((l) => `  $ ${l}`).join('\n')}\n`;
}

export const count = (flag: string) => (value: string) => parsePosition(value, flag);

/** Repeatable options: each use adds one value. */
export const collect = (value: string, previous: string[] | undefined): string[] => [...(previous ?? []), value];

/** --seed of the Monte Carlo forecasts. */
export function seedOption(value: string): number {
  if (!/^\d+$/.test(value.trim()) || Number(value) > 2 ** 32 - 1) {
    throw new UsageError(`--seed expects a whole number from 0 to ${2 ** 32 - 1}, got "${value}".`, 'For example: --seed 42');
  }
  return Number(value);
}

// The renderers are small and part of the CLI's own bundle chunk: a separate chunk per module
// costs more start-up time (one more file to resolve and read) than the code it would save.
/** The human renderers, with exact display widths for any text. */
export async function loadHuman(): Promise<typeof human> {
  await loadWidths();
  return human;
}

/** Renders with the human renderers, loading the Unicode width tables only when the text needs them (hot paths). */
export async function renderHuman(fn: (h: typeof human) => string): Promise<string> {
  return renderWithWidths(() => fn(human));
}

export async function loadJson(): Promise<typeof json> {
  return json;
}

export async function formatKeyFor(ctx: Context): Promise<(n: number) => string> {
  const { prefix } = await ctx.config();
  return (n) => `${prefix}-${n}`;
}

/**
 * Prints a list of items as a table, or the item-list envelope; with `proposals`
 * (list --all, triage) the pending move proposals follow as their own section.
 */
export async function printItems(io: Io, items: PlacedItem[], empty: string, proposals?: ProposalView[]): Promise<void> {
  if (io.json) {
    const { envelope, itemJson, proposalJson } = await loadJson();
    return io.out(envelope('item-list', { items: items.map(itemJson), ...(proposals ? { proposals: proposals.map(proposalJson) } : {}) }));
  }
  if (items.length === 0) io.err(empty);
  else io.out(await renderHuman((h) => h.renderItemTable(items, io.render())));
  if (proposals && proposals.length > 0) io.out(`\n${(await loadHuman()).renderProposals(proposals, io.render())}`);
}

export async function printTransition(io: Io, result: TransitionResult): Promise<void> {
  if (io.json) {
    const { envelope, itemJson } = await loadJson();
    return io.out(envelope('item', { item: itemJson(result.item), transition: result.transition }));
  }
  if (!io.quiet) io.out(await renderHuman((h) => h.renderTransition(result, io.render())));
}

/**
 * Writes a command's output file (-o): whole or not at all (a temporary file renamed over the
 * target), and never over ordo's own files. A path that cannot be written is a usage error.
 */
export async function writeOutputFile(ctx: Context, path: string, text: string): Promise<string> {
  const file = await outputPath(ctx, path);
  try {
    writeFileAtomic(file, text);
  } catch (error) {
    throw new UsageError(`Cannot write ${file}: ${reason(error as NodeJS.ErrnoException)}.`, 'Pass -o a path in an existing, writable directory.');
  }
  return file;
}

/** Where -o PATH writes: refused (exit 2) when it is ordo.yml or anything under .ordo/. */
export async function outputPath(ctx: Context, path: string): Promise<string> {
  const file = resolve(ctx.cwd, path);
  const own = ownFileAt((await ctx.config()).root, file);
  if (own !== null) {
    throw new UsageError(`-o ${path} would overwrite ${own}, which is ordo's own file.`, 'Write the output somewhere else, e.g. -o backlog-export.yaml.', 'OUTPUT_IS_INPUT');
  }
  return file;
}

/** Collects text and hands it on in blocks of about 64 KB: one write per block, not per row. */
export function bufferedWriter(flush: (text: string) => void): { write(text: string): void; end(): void } {
  let parts: string[] = [];
  let size = 0;
  const drain = () => {
    if (size > 0) flush(parts.join(''));
    parts = [];
    size = 0;
  };
  return {
    write: (text) => {
      parts.push(text);
      size += text.length;
      if (size >= 1 << 16) drain();
    },
    end: drain,
  };
}

/**
 * A command's output file (-o) written in pieces as they are produced: into a temporary file
 * beside it, renamed into place when complete, so a failure never leaves half a file behind.
 */
export function writeOutputFileInPieces<T>(file: string, produce: (write: (text: string) => void) => T): { file: string; result: T } {
  // A device or pipe (-o /dev/stdout) is written into; only a regular file is replaced whole.
  const special = existsSync(file) && !statSync(file).isFile();
  const temp = special ? file : join(dirname(file), `.${basename(file)}.${process.pid}.tmp`);
  let fd: number;
  try {
    fd = openSync(temp, 'w');
  } catch (error) {
    throw new UsageError(`Cannot write ${file}: ${(error as Error).message}`, 'Pass -o a path in an existing, writable directory.');
  }
  try {
    const out = bufferedWriter((text) => writeSync(fd, text));
    const result = produce(out.write);
    out.end();
    closeSync(fd);
    if (!special) renameSync(temp, file);
    return { file, result };
  } catch (error) {
    try {
      closeSync(fd);
    } catch {
      // already closed
    }
    if (!special) rmSync(temp, { force: true });
    throw error;
  }
}
