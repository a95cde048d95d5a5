/**
 * Runs the built ordo binary the way a user does: a fresh temp directory, its own HOME,
 * no colour, a fixed identity. Tests assert exit code, stdout, stderr and database bytes.
 */
import { spawnSync } from 'node:child_process';
import Database from 'better-sqlite3';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createHash } from 'node:crypto';

export const BIN = resolve(import.meta.dirname, '../../bin/ordo.js');

export const OWNER = 'alice@example.com';
export const MANAGER = 'bob@example.com';
export const DEV = 'carol@example.com';
export const STRANGER = 'zed@example.com';

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
  /** stdout parsed as JSON (throws if it is not). */
  json<T = any>(): T;
  /** stderr parsed as a JSON error envelope. */
  errorJson(): { kind: string; code: string; message: string; hint?: string };
}

export interface RunOptions {
  user?: string;
  env?: Record<string, string | undefined>;
  input?: string;
  cwd?: string;
  /** Kill the command after this many ms (default 20 s). */
  timeout?: number;
}

export class Sandbox {
  readonly dir: string;
  readonly home: string;

  constructor() {
    this.dir = mkdtempSync(join(tmpdir(), 'ordo-test-'));
    this.home = mkdtempSync(join(tmpdir(), 'ordo-home-'));
  }

  get dbPath(): string {
    return join(this.dir, '.ordo', 'backlog.db');
  }

  run(args: string[], options: RunOptions = {}): RunResult {
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '',
      HOME: this.home,
      NO_COLOR: '1',
      ORDO_USER: options.user ?? OWNER,
      LANG: 'C.UTF-8',
    };
    for (const [k, v] of Object.entries(options.env ?? {})) {
      if (v === undefined) delete env[k];
      else env[k] = v;
    }
    const r = spawnSync(process.execPath, [BIN, ...args], {
      cwd: options.cwd ?? this.dir,
      env,
      input: options.input ?? '',
      encoding: 'utf8',
      timeout: options.timeout ?? 20_000,
    });
    const stdout = r.stdout ?? '';
    const stderr = r.stderr ?? '';
    return {
      code: r.status ?? -1,
      stdout,
      stderr,
      json: () => JSON.parse(stdout),
      errorJson: () => JSON.parse(stderr.trim().split('\n').pop() ?? ''),
    };
  }

  /** Runs and fails the test with the command's output unless it exits 0. */
  ok(args: string[], options: RunOptions = {}): RunResult {
    const r = this.run(args, options);
    if (r.code !== 0) throw new Error(`ordo ${args.join(' ')} exited ${r.code}\nstdout: ${r.stdout}\nstderr: ${r.stderr}`);
    return r;
  }

  /** ordo init plus one goal G1, owned by OWNER, with MANAGER as Product Manager. */
  initBacklog(extraConfig = ''): this {
    this.ok(['init', '--owner', OWNER, '--product', 'Acme Checkout', '--prefix', 'ORD']);
    const file = join(this.dir, 'ordo.yml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('managers: []', `managers: [${MANAGER}]`) + extraConfig);
    this.ok(['goal', 'add', 'G1', 'Faster checkout', '--horizon', '2026-Q4']);
    return this;
  }

  /** Adds ranked items as the Product Owner; returns their keys. */
  addItems(n: number, prefix = 'Item'): string[] {
    const keys: string[] = [];
    for (let i = 1; i <= n; i++) {
      const r = this.ok(['add', `${prefix} ${i}`, '--value', '8', '--why', 'Shoppers abandon carts when this is missing', '--goal', 'G1', '--json']);
      keys.push(r.json().item.key);
    }
    return keys;
  }

  /**
   * Copies item 2 to a finished item numbered `number`, straight into the database: a backlog
   * whose greatest item number is that of a large one, without adding thousands of items.
   */
  finishedCopyNumbered(number: number): void {
    const db = new Database(this.dbPath);
    db.exec(`CREATE TEMP TABLE copy AS SELECT * FROM items WHERE number = 2; UPDATE copy SET number = ${number}, rank = NULL, status = 'done', uid = 'ffffffffffffffff'; INSERT INTO items SELECT * FROM copy;`);
    db.close();
  }

  order(): string[] {
    return this.ok(['list', '--json']).json().items.map((i: { key: string }) => i.key);
  }

  dbHash(): string {
    return existsSync(this.dbPath) ? createHash('sha256').update(readFileSync(this.dbPath)).digest('hex') : 'missing';
  }

  /** A new sandbox holding a copy of this one's project (not its HOME). */
  clone(): Sandbox {
    const copy = new Sandbox();
    cpSync(this.dir, copy.dir, { recursive: true });
    return copy;
  }

  /** Appends to or rewrites ordo.yml. */
  editConfig(fn: (text: string) => string): void {
    const file = join(this.dir, 'ordo.yml');
    writeFileSync(file, fn(readFileSync(file, 'utf8')));
  }

  cleanup(): void {
    rmSync(this.dir, { recursive: true, force: true });
    rmSync(this.home, { recursive: true, force: true });
  }
}

/**
 * Sandboxes copied from one template built on first use, so that every test starts
 * from the same backlog without paying for the commands that made it.
 */
export function sandboxes(setup: (sb: Sandbox) => void): { make(): Sandbox; cleanup(): void } {
  let template: Sandbox | undefined;
  const made: Sandbox[] = [];
  return {
    make() {
      if (!template) {
        template = new Sandbox();
        setup(template);
      }
      const sb = template.clone();
      made.push(sb);
      return sb;
    },
    cleanup() {
      for (const sb of made.splice(0)) sb.cleanup();
      template?.cleanup();
      template = undefined;
    },
  };
}
