/**
 * Real git in temp repositories, isolated from the machine's git config: a global config
 * file of its own (GIT_CONFIG_GLOBAL), no system config, fixed author and committer.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN, OWNER, Sandbox, type RunOptions, type RunResult } from './cli.js';

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

/**
 * A team sharing one backlog: a bare repository as the remote, the Product Owner's clone
 * where `ordo init` published the backlog branch, and more clones made on demand.
 */
export class Team {
  readonly origin: string;
  readonly sb: Sandbox;

  constructor(readonly world: GitWorld, options: { config?: string } = {}) {
    this.sb = world.sandbox();
    this.origin = join(world.root, 'origin.git');
    world.git(world.root, ['init', '-q', '--bare', this.origin]);
    const po = this.clone('po');
    this.ordo(po, ['init', '--owner', OWNER, '--product', 'Acme Checkout', '--prefix', 'ORD', '--no-sync']);
    if (options.config) writeFileSync(join(po, 'ordo.yml'), readFileSync(join(po, 'ordo.yml'), 'utf8') + options.config);
    world.git(po, ['add', '-A']);
    world.git(po, ['commit', '-qm', 'ordo.yml']);
    world.git(po, ['push', '-q', 'origin', 'main']);
    this.ordo(po, ['sync']);
  }

  /** A new clone of the code branch (no backlog until its first ordo command). */
  clone(name: string): string {
    const dir = join(this.world.root, name);
    this.world.git(this.world.root, ['clone', '-q', this.origin, dir]);
    return dir;
  }

  dir(name: string): string {
    return join(this.world.root, name);
  }

  /** How long one command may take: a loaded machine (or the large simulation) may need more. */
  timeout = 60_000;

  ordo(cwd: string, args: string[], user = OWNER, env: Record<string, string> = {}): RunResult {
    return this.sb.ok(args, { cwd, user, env, timeout: this.timeout });
  }

  run(cwd: string, args: string[], user = OWNER, env: Record<string, string> = {}): RunResult {
    return this.sb.run(args, { cwd, user, env, timeout: this.timeout });
  }

  /** Runs ordo without blocking the test, so that several clones act at the same moment. */
  spawn(cwd: string, args: string[], user = OWNER): Promise<{ code: number; stdout: string; stderr: string }> {
    return new Promise((done) => {
      const child = spawn(process.execPath, [BIN, ...args], {
        cwd,
        env: { PATH: process.env.PATH ?? '', HOME: this.sb.home, LANG: 'C.UTF-8', NO_COLOR: '1', ORDO_USER: user, ...this.world.env },
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.on('close', (code) => done({ code: code ?? -1, stdout, stderr }));
    });
  }

  /** The remote branch's commits, newest first. */
  history(): string[] {
    const r = this.world.git(this.origin, ['rev-list', 'ordo/backlog'], { codes: [0, 128] });
    return r.stdout.trim().split('\n').filter(Boolean);
  }

  /** `git status --porcelain` of a clone: empty while ordo leaves the checkout alone. */
  status(cwd: string): string {
    return this.world.git(cwd, ['status', '--porcelain']).stdout;
  }

  cleanup(): void {
    this.sb.cleanup();
  }
}
