import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { DEV, MANAGER, OWNER, Sandbox, sandboxes, STRANGER } from '../helpers/cli.js';
import { expectFailure, expectReadOnly } from '../helpers/expect.js';

let sb: Sandbox;
afterEach(() => sb?.cleanup());
const base = sandboxes((s) => s.initBacklog());
afterAll(() => base.cleanup());

const ADD = ['add', 'Apple Pay', '--value', '8', '--why', 'Most mobile shoppers asked for it', '--goal', 'G1'];

function config(sb: Sandbox): string {
  return readFileSync(join(sb.dir, 'ordo.yml'), 'utf8');
}

describe('ordo init', () => {
  it('creates ordo.yml, .ordo/.gitignore and the database from flags', () => {
    sb = new Sandbox();
    const r = sb.ok(['init', '--owner', MANAGER, '--product', 'Acme Checkout', '--prefix', 'acme', '--json']).json();
    expect(r).toMatchObject({ schemaVersion: 1, kind: 'init', owner: MANAGER, product: 'Acme Checkout', prefix: 'ACME', root: sb.dir });
    expect(config(sb)).toMatch(/^product: Acme Checkout$/m);
    expect(config(sb)).toMatch(new RegExp(`^owner: ${MANAGER}$`, 'm'));
    expect(config(sb)).toMatch(/^prefix: ACME$/m);
    expect(readdirSync(join(sb.dir, '.ordo')).sort()).toEqual(['.gitignore', 'backlog.db']);
    expect(readFileSync(join(sb.dir, '.ordo', '.gitignore'), 'utf8')).toContain('*.db-wal');
    // The configured owner, not the runner, is the Product Owner; keys use the prefix.
    sb.ok(['goal', 'add', 'G1', 'Faster checkout'], { user: MANAGER });
    expect(sb.ok(ADD, { user: MANAGER, env: {} }).stdout).toContain('ACME-1');
    expect(sb.ok(['whoami', '--json'], { user: MANAGER }).json().roles).toContain('product-owner');
  });

  it('--yes takes the defaults: the runner owns it, the directory names it, keys are ORD-n', () => {
    sb = new Sandbox();
    const r = sb.ok(['init', '--yes', '--json'], { user: DEV }).json();
    expect(r).toMatchObject({ owner: DEV, product: basename(sb.dir), prefix: 'ORD' });
    expect(config(sb)).toContain(`owner: ${DEV}`);
  });

  it('never prompts without a terminal, even when flags are missing', () => {
    sb = new Sandbox();
    // Answers on stdin would be taken if it prompted; they must be ignored.
    const r = sb.run(['init'], { input: 'Other product\nzed@example.com\nZZ\n' });
    expect(r.code).toBe(0);
    expect(r.stderr).not.toMatch(/Product name|Product Owner \(e-mail\)|\?/);
    expect(r.stdout).toContain(`Created ${join(sb.dir, 'ordo.yml')}`);
    expect(config(sb)).toContain(`owner: ${OWNER}`);
    expect(config(sb)).toContain(`product: ${basename(sb.dir)}`);
    expect(config(sb)).toContain('prefix: ORD');
  });

  it('creates the database for an ordo.yml written by hand, keeping the file as it is', () => {
    sb = new Sandbox();
    const text = `product: Hand Made\nowner: ${MANAGER}\nprefix: HM\n`;
    writeFileSync(join(sb.dir, 'ordo.yml'), text);
    const r = sb.ok(['init', '--json']).json();
    expect(r).toMatchObject({ owner: MANAGER, product: 'Hand Made', prefix: 'HM' });
    expect(config(sb)).toBe(text);
    expect(existsSync(sb.dbPath)).toBe(true);
  });

  it('refuses flags that would contradict a hand-written ordo.yml (exit 2), creating nothing', () => {
    sb = new Sandbox();
    const text = `product: Hand Made\nowner: ${MANAGER}\n`;
    writeFileSync(join(sb.dir, 'ordo.yml'), text);
    expectFailure(sb, ['init', '--owner', OWNER], 2, ['already exists', '--owner', 'Edit ordo.yml']);
    expect(config(sb)).toBe(text);
    expect(existsSync(join(sb.dir, '.ordo'))).toBe(false);
  });

  it('refuses an invalid hand-written ordo.yml (exit 6), creating nothing', () => {
    sb = new Sandbox();
    writeFileSync(join(sb.dir, 'ordo.yml'), `product: Hand Made\nowner: ${MANAGER}\nprefx: HM\n`);
    expectFailure(sb, ['init'], 6, ['ordo.yml:3', 'prefx', 'did you mean "prefix"']);
    expect(existsSync(join(sb.dir, '.ordo'))).toBe(false);
  });

  it('refuses to initialise twice (exit 5) and changes neither file', () => {
    sb = new Sandbox();
    sb.ok(['init', '--yes']);
    const yml = config(sb);
    expectFailure(sb, ['init', '--yes'], 5, ['already exists', 'this directory holds a backlog', 'another directory']);
    expectFailure(sb, ['init', '--owner', STRANGER], 5, ['already exists']);
    expect(config(sb)).toBe(yml);
  });

  it('refuses an invalid --prefix (exit 2), creating nothing', () => {
    sb = new Sandbox();
    for (const bad of ['bad-1', '1AB', 'ABCDEFGHIJK', 'Ä']) {
      expectFailure(sb, ['init', '--yes', '--prefix', bad], 2, [`--prefix "${bad}"`, 'letters or digits', '--prefix ORD']);
    }
    expect(readdirSync(sb.dir)).toEqual([]);
  });
});

describe('ordo whoami', () => {
  it('reports ORDO_USER as the source, with roles, and leaves the database alone', () => {
    sb = base.make();
    const r = expectReadOnly(sb, ['whoami', '--json']).json();
    expect(r).toEqual({
      schemaVersion: 1,
      kind: 'whoami',
      id: OWNER,
      source: 'ORDO_USER',
      product: 'Acme Checkout',
      owner: OWNER,
      roles: ['product-owner', 'developer'],
    });
    const text = expectReadOnly(sb, ['whoami']).stdout;
    expect(text).toContain(`${OWNER}  (from ORDO_USER)`);
    expect(text).toContain('Product Owner');
  });

  it('matches e-mail identities case-insensitively', () => {
    sb = base.make();
    expect(sb.ok(['whoami', '--json'], { user: 'ALICE@Example.COM' }).json().roles).toContain('product-owner');
  });

  it('names each role: manager, team member, and stakeholder when a team is set', () => {
    sb = base.make();
    sb.editConfig((t) => t.replace('team: []', `team: [${DEV}]`));
    expect(sb.ok(['whoami', '--json'], { user: MANAGER }).json().roles).toEqual(['product-manager']);
    expect(sb.ok(['whoami', '--json'], { user: DEV }).json().roles).toEqual(['developer']);
    expect(sb.ok(['whoami', '--json'], { user: STRANGER }).json().roles).toEqual(['stakeholder']);
    expect(sb.ok(['whoami'], { user: STRANGER }).stdout).toMatch(/Stakeholder/i);
  });

  it('falls back to git config user.email when ORDO_USER is unset', () => {
    sb = base.make();
    const git = (args: string[]) =>
      spawnSync('git', args, { cwd: sb.dir, env: { PATH: process.env.PATH, HOME: sb.home, GIT_CONFIG_NOSYSTEM: '1' }, encoding: 'utf8' });
    expect(git(['init', '-q']).status).toBe(0);
    expect(git(['config', 'user.email', 'Alice@Example.com']).status).toBe(0);
    const r = sb.ok(['whoami', '--json'], { env: { ORDO_USER: undefined, GIT_CONFIG_NOSYSTEM: '1' } }).json();
    expect(r).toMatchObject({ id: 'Alice@Example.com', source: 'git config user.email', roles: ['product-owner', 'developer'] });
    // The owner identified through git may order; a move names that source when refused to someone else.
    git(['config', 'user.email', STRANGER]);
    sb.addItems(2);
    expectFailure(sb, ['move', 'ORD-2', '--top'], 3, [`${STRANGER} (from git config user.email)`, OWNER], {
      env: { ORDO_USER: undefined, GIT_CONFIG_NOSYSTEM: '1' },
    });
  });

  it('falls back to the OS user outside git with ORDO_USER unset', () => {
    sb = base.make();
    const r = sb.ok(['whoami', '--json'], { env: { ORDO_USER: undefined, GIT_CONFIG_NOSYSTEM: '1', GIT_CEILING_DIRECTORIES: sb.dir } }).json();
    expect(r).toMatchObject({ id: userInfo().username, source: 'OS user', roles: ['developer'] });
  });

  it('works outside a project: identity only, no roles', () => {
    sb = new Sandbox();
    const r = sb.ok(['whoami', '--json'], { user: STRANGER }).json();
    expect(r).toMatchObject({ id: STRANGER, source: 'ORDO_USER', product: null, owner: null, roles: [] });
    expect(sb.ok(['whoami'], { user: STRANGER }).stdout).toContain(STRANGER);
  });
});
