/** Builds a command's Context from the process: the only place that reads cwd, env and the clock. */
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Context } from '../commands/context.js';
import { findProjectRoot, loadConfig, type Config } from '../config/load.js';
import { resolveIdentity } from '../config/identity.js';
import type { Identity } from '../core/types.js';
import { NotFoundError, UsageError } from '../errors.js';
import { isTerminal } from '../output/terminal.js';

export interface GlobalOptions {
  C?: string;
  json?: boolean;
  color?: boolean;
  quiet?: boolean;
  /** false with --no-pager. */
  pager?: boolean;
  /** --no-sync: a writing command keeps its change in this clone and does not share it. */
  sync?: boolean;
}

/** The clock ORDO_NOW fixes (tests, demos), or undefined for the real one. */
export function fixedNow(env: NodeJS.ProcessEnv): Date | undefined {
  if (!env.ORDO_NOW) return undefined;
  const now = new Date(env.ORDO_NOW);
  if (Number.isNaN(now.getTime())) {
    throw new UsageError(`ORDO_NOW="${env.ORDO_NOW}" is not a date.`, 'Use an ISO 8601 date such as 2026-11-23T09:00:00Z, or unset it.');
  }
  return now;
}

export function createContext(globals: GlobalOptions, env: NodeJS.ProcessEnv = process.env): Context {
  let cwd = process.cwd();
  if (globals.C !== undefined) {
    cwd = resolve(cwd, globals.C);
    if (!existsSync(cwd) || !statSync(cwd).isDirectory()) {
      throw new NotFoundError('NO_DIRECTORY', `-C ${globals.C}: no such directory (${cwd}).`, 'Pass an existing directory to -C.');
    }
  }
  const now = fixedNow(env);
  let identity: Identity | undefined;
  let config: Promise<Config> | undefined;
  return {
    cwd,
    env,
    now: () => now ?? new Date(),
    identity: () => (identity ??= resolveIdentity(env, cwd)),
    config: (options) =>
      options?.fresh ? (config = Promise.resolve().then(() => loadConfig(findProjectRoot(cwd), { cache: false }))) : (config ??= Promise.resolve().then(() => loadConfig(findProjectRoot(cwd)))),
    // Worked out on first use: the terminal checks load modules that next and list never need.
    get interactive() {
      return !env.CI && !globals.json && isTerminal(0) && isTerminal(2);
    },
    warn: (message) => process.stderr.write(`warning: ${message}\n`),
  };
}
