/**
 * A hand-built Context for running command functions in-process, the way the CLI
 * would for one user in one directory, without spawning the binary.
 */
import type { Context } from '../../src/commands/context.js';
import { findProjectRoot, loadConfig, type Config } from '../../src/config/load.js';

export function testContext(cwd: string, user: string, options: { now?: () => Date; config?: Promise<Config>; env?: NodeJS.ProcessEnv } = {}): Context {
  let config = options.config;
  return {
    cwd,
    env: { ORDO_USER: user, ...options.env },
    now: options.now ?? (() => new Date('2026-11-23T09:00:00Z')),
    identity: () => ({ id: user, source: 'ORDO_USER' as const }),
    config: () => (config ??= loadConfig(findProjectRoot(cwd))),
    interactive: false,
  };
}
