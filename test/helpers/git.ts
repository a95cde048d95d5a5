/**
 * Real git in temp repositories, isolated from the machine's git config: a global config
 * file of its own (GIT_CONFIG_GLOBAL), no system config, fixed author and committer.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OWNER, Sandbox, type RunOptions, type RunResult } from './cli.js';

export class GitWorld {
  readonly root = mkdtempSync(join(tmpdir(), 'ordo-git-'));
  readonly env: Record<string, string>;

  constructor() {
    const globalConfig = join(this.root, 'gitconfig');
    writeFileSync(globalConfig, '[user]\n\tname = Test\n\temail = test@example.com\n[init]\n\tdefaultBranch = main\n[advice]\n\tdetachedHead = false\n');
    this.env = {
      GIT_CONFIG_GLOBAL: globalConfig,
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_AUTHOR_NAME: 'Test',
      GIT_AUTHOR_EMAIL: 'test@example.com',
      GIT_COMMITTER_NAME: 'Test',
      GIT_COMMITTER_EMAIL: 'test@example.com',
      GIT_PAGER: 'cat',
    };
  }

  /** Runs git; throws with its output unless it exits with one of `codes`. */
  git(cwd: string, args: string[], options: { codes?: number[]; user?: string } = {}): RunResult {
    const r = spawnSync('git', args, {
      cwd,
      env: { PATH: process.env.PATH ?? '', HOME: this.root, LANG: 'C.UTF-8', NO_COLOR: '1', ORDO_USER: options.user ?? OWNER, ...this.env },
      encoding: 'utf8',
      timeout: 60_000,
    });
    const result: RunResult = {
      code: r.status ?? -1,
      stdout: r.stdout ?? '',
      stderr: r.stderr ?? '',
      json: () => JSON.parse(r.stdout),
      errorJson: () => JSON.parse((r.stderr ?? '').trim().split('\n').pop() ?? ''),
    };
    if (!(options.codes ?? [0]).includes(result.code)) {
      throw new Error(`git ${args.join(' ')} exited ${result.code}\n${result.stdout}\n${result.stderr}`);
    }
    return result;
  }

  /** A sandbox whose ordo commands see this world's git config. */
  sandbox(): Sandbox {
    const sb = new Sandbox();
    const env = this.env;
    const run = sb.run.bind(sb);
    sb.run = (args: string[], options: RunOptions = {}) => run(args, { ...options, env: { ...env, ...options.env } });
    return sb;
  }

  cleanup(): void {
    rmSync(this.root, { recursive: true, force: true });
  }
}
