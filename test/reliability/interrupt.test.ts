/**
 * Interrupted runs: Ctrl-C at a prompt, SIGINT while a command waits or writes, and a write
 * killed right before its commit. Each ends with a clear answer (exit 130, "interrupted") and
 * a database holding the state before the command, or after it, never a mix.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BIN, OWNER, Sandbox } from '../helpers/cli.js';
import { contentHash, crashWriterPath, isHotJournal, spawnWriter } from '../helpers/crash.js';
import { generateSnapshot } from '../helpers/generate.js';
import { hasTmux, Terminal } from '../helpers/tmux.js';
import { toJson } from '../../src/output/transfer.js';

let sb: Sandbox | undefined;
let term: Terminal | undefined;
afterEach(() => {
  term?.close();
  term = undefined;
  sb?.cleanup();
  sb = undefined;
});

/** Runs ordo in its own process group, as a shell runs a foreground job, so a signal can reach the group as Ctrl-C does. */
function startGroup(dir: string, home: string, args: string[], env: Record<string, string> = {}) {
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: dir,
    env: { PATH: process.env.PATH ?? '', HOME: home, NO_COLOR: '1', ORDO_USER: OWNER, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const ended = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((done) =>
    child.on('exit', (code, signal) => done({ code, signal, stderr })),
  );
  // A command that already finished is not interrupted (its group is gone).
  const interrupt = () => void (child.exitCode === null && child.signalCode === null && process.kill(-child.pid!, 'SIGINT'));
  return { child, ended, interrupt };
}

describe('a write killed right before its commit', () => {
  it('leaves a hot journal that `ordo check` rolls back: it reports the state before the write', async () => {
    sb = new Sandbox().initBacklog();
    sb.addItems(3);
    const before = contentHash(sb.dbPath);
    const writer = spawnWriter(await crashWriterPath(), sb, ['bulk-add', '5000']);
    await new Promise<void>((done) => {
      writer.stdin!.on('error', () => {});
      writer.stdout!.on('data', (d: Buffer) => {
        if (/tick 45\b/.test(d.toString())) writer.kill('SIGKILL');
        else writer.stdin!.write('\n');
      });
      writer.on('exit', () => done());
    });
    const journal = `${sb.dbPath}-journal`;
    expect(isHotJournal(journal), 'the killed write left a hot journal').toBe(true);

    const r = sb.run(['check', '--json']);
    expect(r.code, r.stderr).toBeLessThanOrEqual(1);
    expect(isHotJournal(journal)).toBe(false);
    expect(contentHash(sb.dbPath)).toBe(before);
    expect(sb.ok(['list', '--json']).json().items).toHaveLength(3);
  }, 60_000);
});

describe('SIGINT during a command', () => {
  it('while the editor is open: "interrupted", exit 130, nothing written', async () => {
    sb = new Sandbox().initBacklog();
    sb.addItems(3);
    const before = sb.dbHash();
    const marker = join(sb.home, 'editor-started');
    const run = startGroup(sb.dir, sb.home, ['reorder', '--editor'], { EDITOR: `sh -c 'touch ${marker}; sleep 30' x` });
    const deadline = Date.now() + 15_000;
    while (!existsSync(marker) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    run.interrupt();
    const end = await run.ended;
    expect(end.code, end.stderr).toBe(130);
    expect(end.stderr).toMatch(/^error: interrupted$/m);
    expect(end.stderr).toMatch(/hint: Nothing was written/);
    expect(end.stderr).not.toMatch(/internal error|at /);
    expect(sb.dbHash()).toBe(before);
  }, 30_000);

  it('inside an import of 20,000 items: the backlog is as before or as after, never a mix; killed mid-transaction it is as before', async () => {
    sb = new Sandbox().initBacklog();
    sb.addItems(3);
    writeFileSync(join(sb.dir, 'big.json'), toJson(generateSnapshot(20_000)));
    const before = contentHash(sb.dbPath);
    const seen: string[] = [];
    for (const delay of [200, 700, 1500, 2500]) {
      const run = startGroup(sb.dir, sb.home, ['import', 'big.json', '--replace']);
      await new Promise((r) => setTimeout(r, delay));
      run.interrupt();
      const end = await run.ended;
      expect(end.stderr).not.toMatch(/internal error/);
      const state = contentHash(sb.dbPath) === before ? 'before' : 'after';
      seen.push(`${delay} ms: ${end.signal ?? `exit ${end.code}`}, ${state}`);
      if (end.code === 0) break; // finished before the signal came: nothing left to interrupt
      // Handled before the transaction (exit 130, "interrupted") or killed inside it (SIGINT): as before.
      if (end.signal === null) {
        expect(end.code, end.stderr).toBe(130);
        expect(end.stderr).toMatch(/^error: interrupted$/m);
      } else expect(end.signal).toBe('SIGINT');
      expect(state).toBe('before');
      expect(sb.ok(['list', '--json']).json().items).toHaveLength(3);
    }
    console.log(`SIGINT during an import: ${seen.join('; ')}`);
  }, 120_000);
});

describe.skipIf(!hasTmux)('Ctrl-C at a prompt', () => {
  it('ordo init: exit 130, "interrupted", no ordo.yml and no .ordo/', async () => {
    sb = new Sandbox();
    term = new Terminal(sb, ['init']);
    await term.waitFor('Product name');
    term.keys('C-c');
    expect(await term.exitCode()).toBe(130);
    expect(term.screen()).toMatch(/error: interrupted/);
    expect(term.screen()).not.toMatch(/internal error|This is a bug/);
    expect(existsSync(join(sb.dir, 'ordo.yml'))).toBe(false);
    expect(existsSync(join(sb.dir, '.ordo'))).toBe(false);
  }, 30_000);

  it('ordo add: exit 130 at the second question, the database byte-identical', async () => {
    sb = new Sandbox().initBacklog();
    const before = readFileSync(sb.dbPath);
    term = new Terminal(sb, ['add']);
    await term.waitFor('Title');
    term.type('Saved cards');
    term.keys('Enter');
    await term.waitFor('Type');
    term.keys('C-c');
    expect(await term.exitCode()).toBe(130);
    expect(term.screen()).toMatch(/error: interrupted/);
    expect(readFileSync(sb.dbPath).equals(before)).toBe(true);
  }, 30_000);
});
