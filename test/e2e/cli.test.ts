import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildProgram, COMMANDS } from '../../src/cli/program.js';
import { commandName, WHOLE_TREE } from '../../src/cli/command-table.js';
import { DEV, MANAGER, OWNER, Sandbox, sandboxes, STRANGER } from '../helpers/cli.js';
import { expectFailure, expectReadOnly } from '../helpers/expect.js';

const WHY = 'Shoppers abandon carts when this is missing';
const ANSI = /\u001b\[/;

/** Ranked ORD-1 … ORD-3 and a proposal ORD-4. */
const base = sandboxes((s) => {
  s.initBacklog();
  s.addItems(3);
  s.ok(['add', 'Gift cards', '--value', '3', '--why', WHY, '--goal', 'G1'], { user: STRANGER });
});
afterAll(() => base.cleanup());

const VERSION = (JSON.parse(readFileSync(join(import.meta.dirname, '../../package.json'), 'utf8')) as { version: string }).version;

describe('read-only commands', () => {
  it('list, next, show, whoami, goal list and goal show leave the database byte-identical', () => {
    const sb = base.make();
    for (const user of [OWNER, STRANGER]) {
      for (const args of [
        ['list'],
        ['list', '--all', '--json'],
        ['next'],
        ['next', '2', '--json'],
        ['show', 'ORD-2'],
        ['show', 'ORD-4', '--json'],
        ['whoami'],
        ['goal', 'list'],
        ['goal', 'show', 'G1', '--json'],
      ]) {
        expectReadOnly(sb, args, { user });
      }
    }
  });
});

describe('--json envelopes', () => {
  function expectEnvelopes(sb: Sandbox, steps: [string[], string, string?][]): void {
    for (const [args, kind, user] of steps) {
      const r = sb.ok([...args, '--json'], { user });
      expect(r.json(), args.join(' ')).toMatchObject({ schemaVersion: 1, kind });
      expect(r.stdout.trim().split('\n'), `${args.join(' ')} prints one JSON document`).toHaveLength(1);
      expect(r.stdout).not.toMatch(ANSI);
    }
  }

  it('init, whoami and the goal commands print {schemaVersion: 1, kind, …} on stdout', () => {
    const sb = new Sandbox();
    try {
      expectEnvelopes(sb, [
        [['init', '--owner', OWNER, '--product', 'Acme'], 'init'],
        [['whoami'], 'whoami'],
        [['goal', 'add', 'G1', 'Faster checkout'], 'goal'],
        [['goal', 'add', 'G2', 'Fewer calls'], 'goal'],
        [['goal', 'list'], 'goal-list'],
        [['goal', 'show', 'G1'], 'goal'],
        [['goal', 'edit', 'G1', '--horizon', '2027-Q1'], 'goal'],
        [['goal', 'achieve', 'G1'], 'goal'],
        [['goal', 'retire', 'G2'], 'goal'],
        [['migrate'], 'migration'],
      ]);
    } finally {
      sb.cleanup();
    }
  });

  it('the item commands print {schemaVersion: 1, kind, …} on stdout', () => {
    const sb = base.make();
    expectEnvelopes(sb, [
      [['add', 'A', '--value', '8', '--why', WHY, '--goal', 'G1'], 'item'],
      [['add', 'B', '--value', '8', '--why', WHY, '--goal', 'G1'], 'item', STRANGER],
      [['show', 'ORD-1'], 'item'],
      [['edit', 'ORD-1', '--value', '13'], 'item'],
      [['list'], 'item-list'],
      [['next'], 'item-list'],
      [['move', 'ORD-2', '--top'], 'item'],
      [['triage'], 'item-list'],
      [['triage', 'ORD-4', '--accept'], 'item'],
      [['start', 'ORD-1'], 'item'],
      [['done', 'ORD-1'], 'item'],
      [['accept', 'ORD-1'], 'item'],
      [['reject', 'ORD-6'], 'item'],
      [['drop', 'ORD-2', '--reason', 'Not needed now'], 'item'],
    ]);
  });

  it('item envelopes carry the documented fields, never database rows', () => {
    const sb = base.make();
    const item = sb.ok(['list', '--json']).json().items[0];
    expect(item).toMatchObject({ key: 'ORD-1', position: 1, title: 'Item 1', type: 'story', status: 'ready', value: 8, rationale: WHY, goal: 'G1', estimate: null });
    expect(item).not.toHaveProperty('rank');
    expect(item).not.toHaveProperty('number');
    expect(item).not.toHaveProperty('created_by');
  });

  it('errors are one JSON object on stderr, with nothing on stdout', () => {
    const sb = base.make();
    const cases: [string[], number, string, string?][] = [
      [['move', 'ORD-2', '--top'], 3, 'NOT_PRODUCT_OWNER', STRANGER],
      [['show', 'ORD-99'], 4, 'ITEM_NOT_FOUND'],
      [['show', 'nope'], 2, 'USAGE'],
      [['done', 'ORD-1'], 5, 'INVALID_TRANSITION'],
      [['list', '--frob'], 2, 'USAGE'],
      [['frob'], 2, 'USAGE'],
      [['goal', 'add', 'G1', 'Again'], 5, 'GOAL_EXISTS'],
      [['add', 'X', '--value', '4', '--why', WHY, '--goal', 'G1'], 2, 'USAGE'],
      [['start', 'ORD-1'], 3, 'NOT_TEAM_MEMBER', 'nobody'],
    ];
    sb.editConfig((t) => t.replace('team: []', `team: [${DEV}]`));
    for (const [args, code, errorCode, user] of cases) {
      const before = sb.dbHash();
      const r = sb.run([...args, '--json'], { user });
      expect(r.code, args.join(' ')).toBe(code);
      expect(r.stdout).toBe('');
      const lines = r.stderr.trim().split('\n');
      expect(lines, r.stderr).toHaveLength(1);
      const error = JSON.parse(lines[0]!);
      expect(error).toMatchObject({ schemaVersion: 1, kind: 'error', code: errorCode });
      expect(error.message.length).toBeGreaterThan(10);
      expect(sb.dbHash()).toBe(before);
    }
    const notPo = sb.run(['move', 'ORD-2', '--top', '--json'], { user: MANAGER }).errorJson();
    expect(notPo.message).toContain(OWNER);
    expect(notPo.message).toContain(`${MANAGER} (from ORDO_USER)`);
    expect(notPo.hint).toContain(OWNER);
  });
});

describe('ordo.yml problems exit 6, naming file and key', () => {
  const cases: [string, string, (string | RegExp)[]][] = [
    ['bad YAML', `product: [Acme\nowner: ${OWNER}\n`, ['ordo.yml:', 'not valid YAML', 'indentation']],
    ['an unknown key, with a did-you-mean', `product: Acme\nowner: ${OWNER}\nmanagrs: [${MANAGER}]\n`, ['ordo.yml:3', '`managrs`', 'did you mean "managers"']],
    ['an unknown nested key', `product: Acme\nowner: ${OWNER}\ncheck:\n  rules:\n    goal-actve: warn\n`, ['`check.rules.goal-actve`', 'did you mean "goal-active"']],
    ['an off-type value', `product: Acme\nowner: ${OWNER}\nteam: ${DEV}\n`, ['ordo.yml:3', '`team`', 'expected array, received string']],
    ['a value off its allowed set', `product: Acme\nowner: ${OWNER}\ncheck:\n  rules:\n    goal-active: loud\n`, ['`check.rules.goal-active`', 'error', 'warn', 'off']],
    ['a bad scale', `product: Acme\nowner: ${OWNER}\nvalue:\n  scale: [1, 2, 2]\n`, ['`value.scale`', 'must not repeat a value']],
    ['a missing owner', `product: Acme\n`, ['`owner` is required']],
  ];
  for (const [name, text, patterns] of cases) {
    it(name, () => {
      const sb = base.make();
      writeFileSync(join(sb.dir, 'ordo.yml'), text);
      const file = join(sb.dir, 'ordo.yml');
      for (const args of [['list'], ['add', 'X', '--value', '8', '--why', WHY, '--goal', 'G1']]) {
        expectFailure(sb, args, 6, [file, ...patterns, 'hint: Fix']);
      }
      expect(sb.run(['list', '--json']).errorJson()).toMatchObject({ kind: 'error', code: 'CONFIG_INVALID' });
    });
  }
});

describe('finding the project', () => {
  it('walks up from a subdirectory to ordo.yml', () => {
    const sb = base.make();
    const deep = join(sb.dir, 'src', 'web', 'checkout');
    mkdirSync(deep, { recursive: true });
    expect(sb.ok(['list', '--json'], { cwd: deep }).json().items).toHaveLength(3);
    sb.ok(['move', 'ORD-3', '--top'], { cwd: deep });
    expect(sb.order()).toEqual(['ORD-3', 'ORD-1', 'ORD-2']);
  });

  it('-C runs against a backlog from another directory', () => {
    const sb = base.make();
    const elsewhere = new Sandbox();
    try {
      expect(elsewhere.ok(['-C', sb.dir, 'list', '--json']).json().items).toHaveLength(3);
      elsewhere.ok(['-C', join(sb.dir, '.ordo'), 'move', 'ORD-2', '--bottom']);
      expect(sb.order()).toEqual(['ORD-1', 'ORD-3', 'ORD-2']);
      expect(elsewhere.ok(['init', '--yes', '-C', join(elsewhere.dir)]).code).toBe(0);
      expectFailure(elsewhere, ['-C', join(elsewhere.dir, 'missing'), 'list'], 4, ['-C', 'no such directory']);
    } finally {
      elsewhere.cleanup();
    }
  });

  it('outside any project, commands say how to start one (exit 4)', () => {
    const sb = new Sandbox();
    try {
      for (const args of [['list'], ['add', 'X', '--value', '8', '--why', WHY, '--goal', 'G1'], ['move', 'ORD-1', '--top']]) {
        expectFailure(sb, args, 4, ['No ordo.yml found', 'ordo init', '-C <dir>']);
      }
    } finally {
      sb.cleanup();
    }
  });

  it('an ordo.yml without its database says how to get it back (exit 4)', () => {
    const sb = new Sandbox();
    try {
      writeFileSync(join(sb.dir, 'ordo.yml'), `product: Acme\nowner: ${OWNER}\n`);
      expectFailure(sb, ['list'], 4, ['backlog.db does not exist', 'ordo init']);
    } finally {
      sb.cleanup();
    }
  });
});

describe('usage', () => {
  it('unknown commands and flags exit 2 with a pointer to --help', () => {
    const sb = base.make();
    expectFailure(sb, ['lsit'], 2, ["unknown command 'lsit'", 'Did you mean list?', 'ordo --help']);
    expectFailure(sb, ['list', '--stats', 'ready'], 2, ["unknown option '--stats'", 'Did you mean --status?']);
    expectFailure(sb, ['move', 'ORD-1', '--topp'], 2, ["unknown option '--topp'"]);
    expectFailure(sb, ['goal', 'frob'], 2, ['frob']);
    expectFailure(sb, ['show'], 2, ['missing required argument']);
  });

  // Every command the program registers, found by walking it: a new command cannot skip its examples.
  const commands: string[] = [];
  const walk = (cmd: Command, path: string[]) => {
    for (const sub of cmd.commands) {
      if (sub.name() === 'help') continue;
      commands.push([...path, sub.name()].join(' '));
      walk(sub, [...path, sub.name()]);
    }
  };
  beforeAll(async () => walk(await buildProgram(), []));
  it('the command table names every top-level command, and each name registers its own command', async () => {
    const top = commands.filter((c) => !c.includes(' '));
    // The walk leaves out `help`, which the table has (ordo help TOPIC).
    expect([...top, 'help'].sort()).toEqual(Object.keys(COMMANDS).sort());
    for (const name of Object.keys(COMMANDS)) {
      const program = await buildProgram([name]);
      expect(program.commands.map((c) => c.name()), name).toContain(name);
      // Only that command's module is registered, not the whole tree, unless the command reads the tree.
      if (WHOLE_TREE.has(name)) expect(program.commands.length, name).toBeGreaterThanOrEqual(top.length);
      else expect(program.commands.length, name).toBeLessThan(top.length);
    }
  });

  it('finds the command name past the global options', () => {
    expect(commandName(['next'])).toBe('next');
    expect(commandName(['--json', '-C', 'list', 'next', '3'])).toBe('next');
    expect(commandName(['-qC', 'sub', 'move', 'ORD-1'])).toBe('move');
    expect(commandName(['-Csub', '--no-color', 'show', 'ORD-1'])).toBe('show');
    expect(commandName(['--', 'list'])).toBe('list');
    expect(commandName(['--help', 'next'])).toBeUndefined();
    expect(commandName(['--json'])).toBeUndefined();
  });

  it('--help of every command shows examples', () => {
    const sb = new Sandbox();
    try {
      expect(commands).toContain('sync');
      const top = sb.ok(['--help']).stdout;
      expect(top).toContain('Examples:');
      expect(top).toContain('Exit codes:');
      for (const c of commands) {
        const r = sb.ok([...c.split(' '), '--help']);
        expect(r.stdout, c).toContain(`Usage: ordo ${c}`);
        expect(r.stdout, c).toMatch(/Examples:\n {2}\$ ordo /);
      }
      expect(sb.ok([]).stdout).toContain('Usage: ordo');
    } finally {
      sb.cleanup();
    }
  });

  it('--version prints the version', () => {
    const sb = new Sandbox();
    try {
      expect(sb.ok(['--version']).stdout.trim()).toBe(VERSION);
      expect(sb.ok(['-V']).stdout.trim()).toBe(VERSION);
    } finally {
      sb.cleanup();
    }
  });
});

describe('colour', () => {
  it('with NO_COLOR nothing carries ANSI escapes, output or errors', () => {
    const sb = base.make();
    for (const args of [['list'], ['next'], ['show', 'ORD-1'], ['whoami'], ['goal', 'list'], ['list', '--all']]) {
      const r = sb.ok(args, { env: { FORCE_COLOR: '1' } });
      expect(r.stdout, args.join(' ')).not.toMatch(ANSI);
    }
    const e = sb.run(['move', 'ORD-1', '--top'], { user: STRANGER, env: { FORCE_COLOR: '1' } });
    expect(e.stderr).not.toMatch(ANSI);
  });

  it('FORCE_COLOR=1 colours the list table; --no-color still wins', () => {
    const sb = base.make();
    const coloured = sb.ok(['list'], { env: { NO_COLOR: undefined, FORCE_COLOR: '1' } }).stdout;
    expect(coloured).toMatch(ANSI);
    expect(coloured.replace(/\u001b\[[0-9;]*m/g, '')).toBe(sb.ok(['list']).stdout);
    expect(sb.ok(['list', '--no-color'], { env: { NO_COLOR: undefined, FORCE_COLOR: '1' } }).stdout).not.toMatch(ANSI);
    expect(sb.ok(['list', '--json'], { env: { NO_COLOR: undefined, FORCE_COLOR: '1' } }).stdout).not.toMatch(ANSI);
  });

  it('escape sequences in backlog text are shown escaped, never sent to the terminal', () => {
    const sb = base.make();
    sb.ok(['add', 'Evil \u001b[2J\u001b]0;pwned\u0007 title', '--value', '8', '--why', WHY, '--goal', 'G1']);
    for (const args of [['list'], ['show', 'ORD-5']]) {
      const out = sb.ok(args, { env: { NO_COLOR: undefined, FORCE_COLOR: '1' } }).stdout.replace(/\u001b\[[0-9;]*m/g, '');
      expect(out).not.toContain('\u001b');
      expect(out).not.toContain('\u0007');
      expect(out).toContain('Evil \\x1b[2J');
    }
    expect(sb.ok(['show', 'ORD-5', '--json']).json().item.title).toBe('Evil \u001b[2J\u001b]0;pwned\u0007 title');
  });
});
