// The interactive `ordo reorder` in a real pseudo-terminal: tmux runs the built binary,
// keystrokes go in with send-keys, the screen comes back with capture-pane.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BIN, OWNER, Sandbox } from '../helpers/cli.js';

const hasTmux = spawnSync('sh', ['-c', 'command -v tmux'], { encoding: 'utf8' }).status === 0;
if (!hasTmux) console.warn('tmux is not installed: skipping the pseudo-terminal test of `ordo reorder` (apt-get install tmux to run it).');

const socket = `ordo-test-${process.pid}`;
const tmux = (...args: string[]) => execFileSync('tmux', ['-L', socket, ...args], { encoding: 'utf8' });

let sb: Sandbox;
afterEach(() => {
  spawnSync('tmux', ['-L', socket, 'kill-server']);
  sb?.cleanup();
});

async function waitFor(what: () => boolean, describeFailure: () => string): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!what()) {
    if (Date.now() > deadline) throw new Error(describeFailure());
    await new Promise((r) => setTimeout(r, 100));
  }
}

const shellQuote = (s: string) => `'${s.replaceAll("'", "'\\''")}'`;

describe.skipIf(!hasTmux)('ordo reorder on a terminal', () => {
  it('moves an item with the keys and saves the order', async () => {
    sb = new Sandbox().initBacklog();
    const [a, b, c, d] = sb.addItems(4);
    const exitFile = join(sb.home, 'exit-code');
    const env = `env -i PATH=${shellQuote(process.env.PATH ?? '')} HOME=${shellQuote(sb.home)} TERM=xterm-256color NO_COLOR=1 ORDO_USER=${OWNER} LANG=C.UTF-8`;
    const command = `cd ${shellQuote(sb.dir)} && ${env} ${shellQuote(process.execPath)} ${shellQuote(BIN)} reorder; echo $? > ${shellQuote(exitFile)}; sleep 30`;
    tmux('new-session', '-d', '-s', 'ordo', '-x', '120', '-y', '40', command);
    const screen = () => tmux('capture-pane', '-p', '-t', 'ordo');
    await waitFor(() => screen().includes('Reorder the backlog'), () => `the list never appeared:\n${screen()}`);
    expect(screen()).toMatch(/❯ 1\. ORD-1 +8 +G1 +Item 1/);
    // Pick up the third item, carry it to the top, drop it, save.
    tmux('send-keys', '-t', 'ordo', 'Down', 'Down', 'Space', 'Up', 'Up', 'Space');
    await waitFor(() => /❯ 1\. ORD-3/.test(screen()), () => `the item did not move:\n${screen()}`);
    tmux('send-keys', '-t', 'ordo', 'Enter');
    await waitFor(() => existsSync(exitFile) && readFileSync(exitFile, 'utf8').trim() !== '', () => `ordo did not exit:\n${screen()}`);
    expect(readFileSync(exitFile, 'utf8').trim()).toBe('0');
    expect(screen()).toContain('Reordered: moved 1 of 4 items.');
    expect(sb.order()).toEqual([c, a, b, d]);
  });

  it('escape cancels and writes nothing', async () => {
    sb = new Sandbox().initBacklog();
    const keys = sb.addItems(3);
    const before = sb.dbHash();
    const exitFile = join(sb.home, 'exit-code');
    const env = `env -i PATH=${shellQuote(process.env.PATH ?? '')} HOME=${shellQuote(sb.home)} TERM=xterm-256color NO_COLOR=1 ORDO_USER=${OWNER} LANG=C.UTF-8`;
    tmux('new-session', '-d', '-s', 'ordo', '-x', '120', '-y', '40',
      `cd ${shellQuote(sb.dir)} && ${env} ${shellQuote(process.execPath)} ${shellQuote(BIN)} reorder; echo $? > ${shellQuote(exitFile)}; sleep 30`);
    const screen = () => tmux('capture-pane', '-p', '-t', 'ordo');
    await waitFor(() => screen().includes('Reorder the backlog'), () => `the list never appeared:\n${screen()}`);
    tmux('send-keys', '-t', 'ordo', 'Space', 'Down', 'Escape');
    await waitFor(() => existsSync(exitFile) && readFileSync(exitFile, 'utf8').trim() !== '', () => `ordo did not exit:\n${screen()}`);
    expect(readFileSync(exitFile, 'utf8').trim()).toBe('0');
    expect(screen()).toContain('Cancelled: the order is unchanged.');
    expect(sb.dbHash()).toBe(before);
    expect(sb.order()).toEqual(keys);
  });
});
