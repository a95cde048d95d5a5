/** Resolves who is running ordo: ORDO_USER, then git config user.email, then the OS user. */
import type { spawnSync as SpawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import type { userInfo as UserInfo } from 'node:os';
import { identityProblem } from '../core/roles.js';
import type { Identity } from '../core/types.js';
import { UsageError } from '../errors.js';

export function resolveIdentity(env: NodeJS.ProcessEnv, cwd: string): Identity {
  if (env.ORDO_USER !== undefined) {
    // Set means meant: an empty or garbled ORDO_USER must not quietly fall through to another identity.
    const problem = identityProblem(env.ORDO_USER);
    if (problem) {
      throw new UsageError(`ORDO_USER "${env.ORDO_USER}" ${problem}, so it names nobody.`, 'Set ORDO_USER to your identity (usually your e-mail address), or unset it to use git config user.email.', 'BAD_IDENTITY');
    }
    return { id: env.ORDO_USER.trim(), source: 'ORDO_USER' };
  }
  // Loaded here, not at the top: node:child_process pulls in the networking modules, and most
  // commands (next, list) never ask who is running them.
  const spawnSync = (createRequire(import.meta.url)('node:child_process') as { spawnSync: typeof SpawnSync }).spawnSync;
  const git = spawnSync('git', ['config', 'user.email'], { cwd, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  const email = git.status === 0 ? git.stdout.trim() : '';
  if (email) return { id: email, source: 'git config user.email' };
  let name = env.USER ?? env.USERNAME ?? '';
  try {
    const { userInfo } = createRequire(import.meta.url)('node:os') as { userInfo: typeof UserInfo };
    name = userInfo().username || name;
  } catch {
    // No passwd entry (some containers): fall back to the environment.
  }
  return { id: name || 'unknown', source: 'OS user' };
}
