// The shell around ordo: help topics, completion scripts, the man page and the pager.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { BIN, sandboxes, type Sandbox } from '../helpers/cli.js';
import { hasTmux, Terminal } from '../helpers/tmux.js';

const ROOT = resolve(import.meta.dirname, '../..');
const pool = sandboxes((sb) => {
  sb.initBacklog();
  sb.addItems(3, 'Checkout step');
  sb.ok(['goal', 'add', 'G2', 'Loyal shoppers']);
});
afterAll(() => pool.cleanup());

describe('ordo help', () => {
  it('prints each topic; exit-codes lists every code of the design', () => {
    const sb = pool.make();
    const r = sb.ok(['help', 'exit-codes']);
    for (const code of [0, 1, 2, 3, 4, 5, 6, 70, 130]) expect(r.stdout).toMatch(new RegExp(`^\\s+${code}  \\S`, 'm'));
    expect(r.stdout).not.toContain('Usage: ordo');
    expect(sb.ok(['help', 'sync']).stdout).toContain('ordo/backlog');
    expect(sb.ok(['help', 'sync']).stdout).toContain('stale-after');
  });

  it('configuration lists every ordo.yml key with its default', () => {
    const r = pool.make().ok(['help', 'configuration']);
    for (const key of ['product', 'owner', 'managers', 'team', 'prefix', 'owner-key', 'value.scale', 'check.rationale-min-words', 'check.stale-proposal-days', 'check.rules']) {
      expect(r.stdout).toMatch(new RegExp(`^  ${key.replace('.', '\\.')}  \\(`, 'm'));
    }
    expect(r.stdout).toContain('prefix  (string, default "ORD")');
    expect(r.stdout).toContain('check.stale-proposal-days  (number, default 14)');
    expect(r.stdout).toMatch(/value-rationale\s+error/);
  });

  it('json names every kind the program prints', () => {
    const r = pool.make().ok(['help', 'json']);
    const kinds = new Set<string>();
    const walk = (dir: string) => {
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        if (e.isDirectory()) walk(join(dir, e.name));
        else for (const m of readFileSync(join(dir, e.name), 'utf8').matchAll(/envelope\(\s*'([a-z-]+)'/g)) kinds.add(m[1]!);
      }
    };
    walk(join(ROOT, 'src'));
    expect(kinds.size).toBeGreaterThan(10);
    for (const kind of kinds) expect(r.stdout, `kind ${kind} is not in \`ordo help json\``).toMatch(new RegExp(`^  ${kind} `, 'm'));
  });

  it('help COMMAND shows the command with its examples; help alone lists the topics; --json wraps the text', () => {
    const sb = pool.make();
    const cmd = sb.ok(['help', 'goal', 'add']);
    expect(cmd.stdout).toContain('Usage: ordo goal add');
    expect(cmd.stdout).toContain('Examples:');
    const all = sb.ok(['help']);
    expect(all.stdout).toContain('Usage: ordo');
    expect(all.stdout).toMatch(/ordo help exit-codes\s+what each exit code means/);
    const json = sb.ok(['help', 'json', '--json']).json();
    expect(json).toMatchObject({ schemaVersion: 1, kind: 'help', topic: 'json' });
    expect(json.text).toContain('item-list');
  });

  it('an unknown topic is a usage error naming the topics', () => {
    const r = pool.make().run(['help', 'nonsense']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('No command or help topic "nonsense"');
    expect(r.stderr).toContain('exit-codes, configuration, json, sync');
  });
});

function completeInBash(sb: Sandbox, words: string[], env: Record<string, string> = {}): string[] {
  const bin = join(sb.home, 'bin');
  spawnSync('mkdir', ['-p', bin]);
  writeFileSync(join(bin, 'ordo'), `#!/bin/sh\nexec ${JSON.stringify(process.execPath)} ${JSON.stringify(BIN)} "$@"\n`);
  chmodSync(join(bin, 'ordo'), 0o755);
  const script = [
    'source <(ordo completion bash) || exit 9',
    'complete -p ordo || exit 8',
    `COMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${words.length - 1}`,
    '_ordo',
    'printf "%s\\n" "${COMPREPLY[@]}"',
  ].join('\n');
  const r = spawnSync('bash', ['-c', script], {
    cwd: sb.dir,
    encoding: 'utf8',
    env: { PATH: `${bin}:${process.env.PATH}`, HOME: sb.home, ORDO_USER: 'alice@example.com', NO_COLOR: '1', ...env },
  });
  expect(r.status, r.stderr).toBe(0);
  const lines = r.stdout.split('\n').filter(Boolean);
  expect(lines[0]).toBe('complete -F _ordo ordo');
  return lines.slice(1);
}

describe('ordo completion', () => {
  it('the bash script loads and completes commands, flags, item keys and goal ids', () => {
    const sb = pool.make();
    expect(completeInBash(sb, ['ordo', 'sh'])).toEqual(['show']);
    expect(completeInBash(sb, ['ordo', 'show', 'ORD-'])).toEqual(['ORD-1', 'ORD-2', 'ORD-3']);
    expect(completeInBash(sb, ['ordo', 'move', 'ORD-1', '--after', ''])).toEqual(['ORD-1', 'ORD-2', 'ORD-3']);
    expect(completeInBash(sb, ['ordo', 'list', '--goal', ''])).toEqual(['G1', 'G2']);
    expect(completeInBash(sb, ['ordo', 'goal', 'show', ''])).toEqual(['G1', 'G2']);
    expect(completeInBash(sb, ['ordo', 'goal', ''])).toContain('achieve');
    expect(completeInBash(sb, ['ordo', 'list', '--li'])).toEqual(['--limit']);
    expect(completeInBash(sb, ['ordo', 'help', 'ex'])).toEqual(['export', 'exit-codes']);
  });

  it('keys come from the backlog named by -C, and nothing is offered (no error) outside a backlog', () => {
    const sb = pool.make();
    expect(completeInBash(sb, ['ordo', '-C', sb.dir, 'drop', ''], {})).toEqual(['ORD-1', 'ORD-2', 'ORD-3']);
    expect(completeInBash(sb, ['ordo', '-C', sb.home, 'show', ''])).toEqual([]);
  });

  it('the fast path prints key and title, only open items, and exits 0 outside a backlog', () => {
    const sb = pool.make();
    sb.ok(['drop', 'ORD-2', '--reason', 'Superseded by the new provider']);
    const r = sb.ok(['__complete', 'keys']);
    expect(r.stdout).toBe('ORD-1\tCheckout step 1\nORD-3\tCheckout step 3\n');
    expect(r.stderr).toBe('');
    // Only what can complete the word typed so far.
    expect(sb.ok(['__complete', 'keys', 'ORD-3']).stdout).toBe('ORD-3\tCheckout step 3\n');
    expect(sb.ok(['__complete', 'keys', 'ord-']).stdout.split('\n').filter(Boolean)).toHaveLength(2);
    expect(sb.ok(['__complete', 'keys', 'G1']).stdout).toBe('');
    const outside = sb.run(['__complete', 'keys'], { cwd: sb.home });
    expect(outside).toMatchObject({ code: 0, stdout: '', stderr: '' });
    // Hidden: not offered among the commands.
    expect(sb.ok(['--help']).stdout).not.toContain('__complete');
  });

  it('every shell has a script; the build ships them in dist/completions', () => {
    const sb = pool.make();
    for (const shell of ['bash', 'zsh', 'fish']) {
      const text = sb.ok(['completion', shell]).stdout;
      expect(text).toContain('__complete');
      expect(readFileSync(join(ROOT, 'dist/completions', `ordo.${shell}`), 'utf8')).toBe(text);
    }
    expect(spawnSync('bash', ['-n', join(ROOT, 'dist/completions/ordo.bash')]).status).toBe(0);
    expect(sb.ok(['completion', 'zsh']).stdout).toMatch(/^#compdef ordo/);
    expect(sb.ok(['completion', 'fish']).stdout).toContain("complete -c ordo -n '__ordo_at goal' -f -a 'add'");
    const bad = sb.run(['completion', 'tcsh']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('bash, zsh, fish');
  });
});

const has = (cmd: string) => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;

function shellBin(sb: Sandbox): Record<string, string> {
  const bin = join(sb.home, 'bin');
  spawnSync('mkdir', ['-p', bin]);
  writeFileSync(join(bin, 'ordo'), `#!/bin/sh\nexec ${JSON.stringify(process.execPath)} ${JSON.stringify(BIN)} "$@"\n`);
  chmodSync(join(bin, 'ordo'), 0o755);
  return { PATH: `${bin}:${process.env.PATH}`, HOME: sb.home, ORDO_USER: 'alice@example.com', NO_COLOR: '1' };
}

describe('completion in zsh and fish', () => {
  it.skipIf(!has('fish'))('fish completes commands with descriptions, keys with titles, goals after --goal', () => {
    const sb = pool.make();
    const script = join(ROOT, 'dist/completions/ordo.fish');
    const complete = (line: string) =>
      spawnSync('fish', ['--no-config', '-c', `source ${script}; complete -C ${JSON.stringify(line)}`], { cwd: sb.dir, encoding: 'utf8', env: shellBin(sb) }).stdout.trim().split('\n');
    expect(complete('ordo sh')).toEqual(['show\tshow one item with its position, goal and recent history']);
    expect(complete('ordo show ')).toEqual(['ORD-1\tCheckout step 1', 'ORD-2\tCheckout step 2', 'ORD-3\tCheckout step 3']);
    expect(complete('ordo list --goal ')).toEqual(['G1\tFaster checkout', 'G2\tLoyal shoppers']);
    expect(complete('ordo goal ach')).toEqual(['achieve\tmark a goal achieved']);
  });

  it.skipIf(!has('zsh'))('zsh offers keys with titles and goal ids', () => {
    const sb = pool.make();
    const test = [
      'compdef() { :; }',
      'compadd() { while [[ $1 != -- && $# -gt 0 ]]; do shift; done; shift; print -l -- "$@"; }',
      '_describe() { local arr=$4; print -l -- ${(P)arr}; }',
      `source ${join(ROOT, 'dist/completions/ordo.zsh')}`,
      'words=(ordo move ORD-1 --after ""); CURRENT=5; _ordo',
      'words=(ordo goal show ""); CURRENT=4; _ordo',
    ].join('\n');
    const r = spawnSync('zsh', ['-f', '-c', test], { cwd: sb.dir, encoding: 'utf8', env: shellBin(sb) });
    expect(r.stderr).toBe('');
    expect(r.stdout.trim().split('\n')).toEqual(['ORD-1:Checkout step 1', 'ORD-2:Checkout step 2', 'ORD-3:Checkout step 3', 'G1:Faster checkout', 'G2:Loyal shoppers']);
  });
});

describe('the man page', () => {
  const page = () => readFileSync(join(ROOT, 'dist/ordo.1'), 'utf8');

  it('is roff with the usual sections and every command from the definitions', () => {
    const text = page();
    expect(text.startsWith('.TH ORDO 1 ')).toBe(true);
    for (const section of ['NAME', 'SYNOPSIS', 'DESCRIPTION', 'GLOBAL OPTIONS', 'COMMANDS', 'EXIT STATUS', 'CONFIGURATION', 'ENVIRONMENT', 'FILES']) {
      expect(text).toMatch(new RegExp(`^\\.SH ${section}$`, 'm'));
    }
    const help = pool.make().ok(['--help']).stdout;
    const commands = [...help.matchAll(/^ {2}([a-z][a-z-]*)\b/gm)].map((m) => m[1]!).filter((c) => c !== 'help');
    expect(commands.length).toBeGreaterThan(15);
    for (const c of commands) expect(text, `ordo ${c} is not in the man page`).toMatch(new RegExp(`^\\.SS "ordo ${c.replace(/-/g, '\\\\-')}\\b`, 'm'));
    expect(text).toContain('\\fB\\-\\-no\\-pager\\fR');
    // Only ASCII, no line a roff request could be mistaken for.
    expect(text).toMatch(/^[\x00-\x7f]*$/);
    for (const line of text.split('\n')) if (/^[.']/.test(line)) expect(line).toMatch(/^\.(TH|SH|SS|TP|PP|RS|RE|nf|fi|B)\b/);
  });

  it.skipIf(spawnSync('sh', ['-c', 'command -v groff']).status !== 0)('renders with groff without a warning', () => {
    const r = spawnSync('groff', ['-man', '-Tutf8', '-ww', join(ROOT, 'dist/ordo.1')], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    const plain = r.stdout.replace(/\x1b\[[0-9;]*m/g, '').replace(/.\x08/g, '');
    expect(plain).toContain('ordo move');
    expect(plain).toContain('EXIT STATUS');
  });
});

describe.skipIf(!hasTmux)('the pager', () => {
  let term: Terminal | undefined;
  afterEach(() => term?.close());

  function fakePager(sb: Sandbox): { path: string; log: string } {
    const log = join(sb.home, 'paged.txt');
    const path = join(sb.home, 'fake-pager');
    writeFileSync(path, `#!/bin/sh\necho "PAGER STARTED $*" > '${log}'\ncat >> '${log}'\necho PAGER-DONE\n`);
    chmodSync(path, 0o755);
    return { path, log };
  }

  it('takes list output on a terminal, and not with --json, --no-pager or PAGER=cat', async () => {
    const sb = pool.make();
    const { path, log } = fakePager(sb);
    term = new Terminal(sb, ['list'], undefined, { PAGER: path });
    expect(await term.exitCode()).toBe(0);
    await term.waitFor('PAGER-DONE');
    expect(readFileSync(log, 'utf8')).toMatch(/^PAGER STARTED \n[\s\S]*ORD-3\s+8\s+G1/);
    term.close();

    for (const [args, env] of [[['list', '--json'], { PAGER: path }], [['list', '--no-pager'], { PAGER: path }], [['list'], { PAGER: 'cat' }], [['list'], { ORDO_PAGER: '', PAGER: path }]] as const) {
      writeFileSync(log, '');
      term = new Terminal(sb, [...args], undefined, env);
      expect(await term.exitCode()).toBe(0);
      await term.waitFor('ORD-3');
      expect(readFileSync(log, 'utf8'), `${args.join(' ')} ${JSON.stringify(env)}`).toBe('');
      term.close();
    }
  });

  it('ORDO_PAGER wins over PAGER, and help goes through it', async () => {
    const sb = pool.make();
    const { path, log } = fakePager(sb);
    term = new Terminal(sb, ['help', 'exit-codes'], undefined, { PAGER: 'false', ORDO_PAGER: `${path} -x` });
    expect(await term.exitCode()).toBe(0);
    await term.waitFor('PAGER-DONE');
    expect(readFileSync(log, 'utf8')).toMatch(/^PAGER STARTED -x\nEXIT CODES/);
  });

  it.skipIf(!has('less'))('by default less -FRX holds a page longer than the screen until q', async () => {
    const sb = pool.make();
    term = new Terminal(sb, ['help', 'configuration']);
    const screen = await term.waitFor(/^:\s*$/m);
    expect(screen).toContain('CONFIGURATION: ordo.yml');
    expect(screen).not.toContain('ORDO_DEBUG=1');
    term.keys('q');
    expect(await term.exitCode()).toBe(0);
  });

  it('a pager that cannot start does not swallow the output', async () => {
    const sb = pool.make();
    term = new Terminal(sb, ['list'], undefined, { PAGER: 'no-such-pager-here' });
    expect(await term.exitCode()).toBe(0);
    const screen = await term.waitFor('ORD-3');
    expect(screen).toContain('could not be started; printing directly');
  });

  it('is never used when stdout is a pipe', () => {
    const sb = pool.make();
    const { path, log } = fakePager(sb);
    const r = sb.ok(['list'], { env: { PAGER: path } });
    expect(r.stdout).toContain('ORD-3');
    expect(existsSync(log)).toBe(false);
  });
});
