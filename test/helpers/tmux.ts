/**
 * Runs the built ordo in a real pseudo-terminal: tmux starts it, send-keys types,
 * capture-pane reads the screen. Tests skip with a message when tmux is missing.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BIN, OWNER, type Sandbox } from './cli.js';

export const hasTmux = spawnSync('sh', ['-c', 'command -v tmux'], { encoding: 'utf8' }).status === 0;
if (!hasTmux) console.warn('tmux is not installed: skipping the pseudo-terminal tests (apt-get install tmux to run them).');

const quote = (s: string) => `'${s.replaceAll("'", "'\\''")}'`;

export class Terminal {
  private readonly socket = `ordo-test-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  private readonly exitFile: string;

  constructor(
    private readonly sb: Sandbox,
    args: string[],
    user = OWNER,
    extraEnv: Record<string, string> = {},
  ) {
    this.exitFile = join(sb.home, `exit-${this.socket}`);
    const env = `env -i PATH=${quote(process.env.PATH ?? '')} HOME=${quote(sb.home)} TERM=xterm-256color NO_COLOR=1 ORDO_USER=${quote(user)} LANG=C.UTF-8${Object.entries(extraEnv).map(([k, v]) => ` ${k}=${quote(v)}`).join('')}`;
    const command = `cd ${quote(sb.dir)} && ${env} ${quote(process.execPath)} ${quote(BIN)} ${args.map(quote).join(' ')}; echo $? > ${quote(this.exitFile)}; sleep 60`;
    this.tmux('new-session', '-d', '-s', 'ordo', '-x', '120', '-y', '40', command);
  }

  private tmux(...args: string[]): string {
    return execFileSync('tmux', ['-L', this.socket, ...args], { encoding: 'utf8' });
  }

  screen(): string {
    return this.tmux('capture-pane', '-p', '-t', 'ordo');
  }

  keys(...keys: string[]): void {
    this.tmux('send-keys', '-t', 'ordo', ...keys);
  }

  /** Types literal text (no key names). */
  type(text: string): void {
    this.tmux('send-keys', '-t', 'ordo', '-l', text);
  }

  /** Waits until the screen matches; fails with the screen when it never does. */
  async waitFor(pattern: string | RegExp): Promise<string> {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const screen = this.screen();
      if (typeof pattern === 'string' ? screen.includes(pattern) : pattern.test(screen)) return screen;
      if (Date.now() > deadline) throw new Error(`the screen never showed ${String(pattern)}:\n${screen}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** Waits for ordo to exit and returns its exit code. */
  async exitCode(): Promise<number> {
    const deadline = Date.now() + 20_000;
    while (!existsSync(this.exitFile) || readFileSync(this.exitFile, 'utf8').trim() === '') {
      if (Date.now() > deadline) throw new Error(`ordo did not exit:\n${this.screen()}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    return Number(readFileSync(this.exitFile, 'utf8').trim());
  }

  close(): void {
    spawnSync('tmux', ['-L', this.socket, 'kill-server']);
  }
}
