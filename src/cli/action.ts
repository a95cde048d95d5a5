/** Shared plumbing for command registrations: context, output, lazy renderers. */
import type { Command } from 'commander';
import type { Context } from '../commands/context.js';
import type { TransitionResult } from '../commands/workflow.js';
import { parsePosition } from '../core/ranking.js';
import type { PlacedItem } from '../core/types.js';
import { createContext, type GlobalOptions } from './context.js';
import { createIo, type Io } from './io.js';
import * as human from '../output/human.js';
import * as json from '../output/json.js';
import { loadColors, loadWidths, renderWithWidths } from '../output/terminal.js';

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
    const io = createIo(globals);
    if (io.colors) await loadColors();
    const ctx = createContext(globals);
    await fn({ io, ctx, globals }, ...(raw.slice(0, -1) as A));
  };
}

export function examples(...lines: string[]): string {
  return `\nExamples:\n${lines.map((l) => `  $ ${l}`).join('\n')}\n`;
}

export const count = (flag: string) => (value: string) => parsePosition(value, flag);

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

/** Prints a list of items as a table, or the item-list envelope. */
export async function printItems(io: Io, items: PlacedItem[], empty: string): Promise<void> {
  if (io.json) {
    const { envelope, itemJson } = await loadJson();
    return io.out(envelope('item-list', { items: items.map(itemJson) }));
  }
  if (items.length === 0) return io.err(empty);
  io.out(await renderHuman((h) => h.renderItemTable(items, io.render())));
}

export async function printTransition(io: Io, result: TransitionResult): Promise<void> {
  if (io.json) {
    const { envelope, itemJson } = await loadJson();
    return io.out(envelope('item', { item: itemJson(result.item), transition: result.transition }));
  }
  if (!io.quiet) io.out((await loadHuman()).renderTransition(result, io.render()));
}
