/**
 * What a command may know about the world. Commands never read the working directory,
 * the environment or the clock directly: the CLI builds this, tests build their own.
 */
import type { Config } from '../config/load.js';
import type { Identity } from '../core/types.js';

export interface Context {
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** The current time; ORDO_NOW overrides it. */
  now(): Date;
  /** Who runs the command; resolved on first use. */
  identity(): Identity;
  /** The project found from cwd; loaded on first use. */
  config(): Promise<Config>;
  /** True when the user can be asked questions (stdin and stderr are terminals, not CI). */
  interactive: boolean;
  /** A warning for the user (stderr); commands never print themselves. */
  warn?(message: string): void;
}
