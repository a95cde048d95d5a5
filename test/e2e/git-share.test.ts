import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BIN, DEV, OWNER, type Sandbox } from '../helpers/cli.js';
import { GitWorld } from '../helpers/git.js';

let world: GitWorld;
let sb: Sandbox;
beforeEach(() => {
  world = new GitWorld();
  sb = world.sandbox();
});
afterEach(async () => {
  sb.cleanup();
  world.cleanup();
  // These tests block on child processes; give the test runner's messages a turn between them.
  await new Promise((resolve) => setImmediate(resolve));
});

const ordo = (cwd: string, args: string[], user = OWNER) => sb.ok(args, { cwd, user });
const git = (cwd: string, args: string[], codes?: number[]) => world.git(cwd, args, { codes });
const order = (cwd: string) => ordo(cwd, ['list', '--json']).json().items.map((i: { key: string }) => i.key);
const item = (cwd: string, key: string) => ordo(cwd, ['show', key, '--json']).json().item;
const exported = (cwd: string) => ordo(cwd, ['export', '--format', 'json']).stdout;

/** A shared repository with a backlog of four ranked items, cloned twice; both clones set up. */
function twoClones(): { a: string; b: string } {
  const origin = join(world.root, 'origin.git');
  git(world.root, ['init', '-q', '--bare', origin]);
  const a = join(world.root, 'a');
  git(world.root, ['clone', '-q', origin, a]);
  ordo(a, ['init', '--owner', OWNER, '--product', 'Acme Checkout', '--prefix', 'ORD']);
  ordo(a, ['goal', 'add', 'G1', 'Faster checkout']);
  for (let i = 1; i <= 4; i++) ordo(a, ['add', `Item ${i}`, '--value', '8', '--why', 'Shoppers abandon carts without it', '--goal', 'G1']);
  git(a, ['add', '-A']);
  git(a, ['commit', '-qm', 'backlog']);
  git(a, ['push', '-q', 'origin', 'main']);
  const b = join(world.root, 'b');
  git(world.root, ['clone', '-q', origin, b]);
  ordo(b, ['git', 'setup']);
  return { a, b };
}

/** The backlog passes the import validation: unique keys, positions following keys, goals that exist. */
function assertValid(cwd: string): void {
  const file = join(world.root, 'check.json');
  writeFileSync(file, exported(cwd));
  const r = sb.run(['import', file, '--dry-run'], { cwd });
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
}

describe('ordo git setup', () => {
  it('ordo init inside a git repository registers the drivers; running setup again changes nothing', () => {
    const repo = join(world.root, 'repo');
    git(world.root, ['init', '-q', repo]);
    const init = ordo(repo, ['init', '--owner', OWNER, '--json']).json();
    expect(init.git.attributesLine).toBe('.ordo/backlog.db binary diff=ordo merge=ordo');
    expect(readFileSync(join(repo, '.gitattributes'), 'utf8')).toBe('.ordo/backlog.db binary diff=ordo merge=ordo\n');
    const driver = git(repo, ['config', '--local', 'merge.ordo.driver']).stdout.trim();
    expect(driver).toBe(`${process.execPath} ${BIN} git merge %O %A %B %P`);
    expect(git(repo, ['config', '--local', 'diff.ordo.textconv']).stdout.trim()).toBe(`${process.execPath} ${BIN} git textconv`);
    expect(git(repo, ['config', '--local', 'diff.ordo.cachetextconv']).stdout.trim()).toBe('false');

    const again = ordo(repo, ['git', 'setup']);
    expect(again.stdout).toContain('already set up');
    expect(readFileSync(join(repo, '.gitattributes'), 'utf8')).toBe('.ordo/backlog.db binary diff=ordo merge=ordo\n');
    expect(git(repo, ['config', '--local', '--get-all', 'merge.ordo.driver']).stdout.trim().split('\n')).toHaveLength(1);
  });

  it('keeps other .gitattributes lines and uses the path from the repository root for a backlog in a subdirectory', () => {
    const repo = join(world.root, 'repo');
    git(world.root, ['init', '-q', repo]);
    writeFileSync(join(repo, '.gitattributes'), '*.png binary\n');
    const sub = join(repo, 'product');
    mkdirSync(sub);
    ordo(sub, ['init', '--owner', OWNER]);
    expect(readFileSync(join(repo, '.gitattributes'), 'utf8')).toBe('*.png binary\nproduct/.ordo/backlog.db binary diff=ordo merge=ordo\n');
    expect(git(repo, ['check-attr', 'merge', 'product/.ordo/backlog.db']).stdout.trim()).toBe('product/.ordo/backlog.db: merge: ordo');
  });

  it('hints on writing commands in a clone without the drivers, never on list', () => {
    const repo = join(world.root, 'repo');
    mkdirSync(repo);
    ordo(repo, ['init', '--owner', OWNER]);
    git(repo, ['init', '-q']); // the backlog existed before the repository: no drivers yet
    const add = sb.run(['goal', 'add', 'G1', 'Faster checkout'], { cwd: repo });
    expect(add.code).toBe(0);
    expect(add.stderr).toContain('run `ordo git setup` once');
    expect(add.stderr.trim().split('\n')).toHaveLength(1);
    expect(sb.run(['list'], { cwd: repo }).stderr).not.toContain('ordo git setup');
    ordo(repo, ['git', 'setup']);
    expect(sb.run(['goal', 'edit', 'G1', '--horizon', '2027-Q1'], { cwd: repo }).stderr).toBe('');
  });

  it('refuses outside a git repository (exit 4)', () => {
    sb.initBacklog();
    const r = sb.run(['git', 'setup']);
    expect(r.code).toBe(4);
    expect(r.stderr).toContain('not inside a git repository');
    expect(existsSync(join(sb.dir, '.gitattributes'))).toBe(false);
  });
});

describe('git diff and ordo diff', () => {
  it('shows a move and an edit as a few readable lines', () => {
    const { a } = twoClones();
    ordo(a, ['move', 'ORD-3', '--top']);
    ordo(a, ['edit', 'ORD-1', '--value', '13']);
    const diff = git(a, ['diff', '--', '.ordo/backlog.db']).stdout;
    const changed = diff.split('\n').filter((l) => /^[-+]/.test(l) && !/^(---|\+\+\+)/.test(l) && !l.includes('# history'));
    // Every item has the same rationale, so git pairs the head lines: one line out, one in, per position.
    expect(changed).toEqual([
      '-#1 ORD-1 8 G1 Item 1',
      '+#1 ORD-3 8 G1 Item 3',
      '-#2 ORD-2 8 G1 Item 2',
      '+#2 ORD-1 13 G1 Item 1',
      '-#3 ORD-3 8 G1 Item 3',
      '+#3 ORD-2 8 G1 Item 2',
    ]);
    expect(diff).toMatch(/^-# history: 6 events/m);
    expect(diff).toMatch(/^\+# history: 8 events/m);
  });

  it('ordo diff names the moved item once, the edited field, and the new item', () => {
    const { a } = twoClones();
    ordo(a, ['move', 'ORD-4', '--top']);
    ordo(a, ['edit', 'ORD-2', '--title', 'Item two, renamed']);
    ordo(a, ['add', 'Gift cards', '--value', '5', '--why', 'Shoppers ask for gift cards every December', '--goal', 'G1'], DEV);
    const d = ordo(a, ['diff', '--json']).json();
    expect(d).toMatchObject({ schemaVersion: 1, kind: 'backlog-diff', from: 'HEAD', to: 'working file' });
    expect(d.moves).toEqual([{ key: 'ORD-4', title: 'Item 4', from: 4, to: 1 }]);
    expect(d.items.edited).toEqual([{ key: 'ORD-2', title: 'Item two, renamed', changes: [{ field: 'title', from: 'Item 2', to: 'Item two, renamed' }] }]);
    expect(d.items.added).toEqual([{ key: 'ORD-5', title: 'Gift cards', status: 'proposed', position: null }]);
    const text = ordo(a, ['diff']).stdout;
    expect(text).toContain('ORD-4 Item 4: #4 → #1');
    expect(text).toContain('title: "Item 2" → "Item two, renamed"');
    git(a, ['commit', '-qam', 'changes']);
    expect(ordo(a, ['diff']).stdout).toContain('No changes.');
    const md = ordo(a, ['diff', 'HEAD~1', 'HEAD', '--format', 'md']).stdout;
    expect(md).toContain('| moved | ORD-4 | Item 4 | #4 → #1 |');
    expect(md).toContain('| added | ORD-5 | Gift cards | proposed |');
    const bad = sb.run(['diff', 'no-such-branch'], { cwd: a });
    expect(bad.code).toBe(2);
  });
});

describe('the merge driver', () => {
  it('merges a reorder on one side with a proposal and an edit on the other', () => {
    const { a, b } = twoClones();
    ordo(b, ['move', 'ORD-4', '--top']);
    git(b, ['commit', '-qam', 'PO reorders']);
    git(b, ['push', '-q', 'origin', 'main']);

    ordo(a, ['add', 'Gift cards', '--value', '5', '--why', 'Shoppers ask for gift cards every December', '--goal', 'G1'], DEV);
    ordo(a, ['edit', 'ORD-2', '--value', '13', '--why', 'Now blocks the EU launch for business buyers']);
    git(a, ['commit', '-qam', 'proposal and edit']);
    const pull = git(a, ['pull', '--no-rebase', '-q', 'origin', 'main']);
    expect(pull.stderr).not.toContain('CONFLICT');

    expect(order(a)).toEqual(['ORD-4', 'ORD-1', 'ORD-2', 'ORD-3']);
    expect(item(a, 'ORD-5')).toMatchObject({ title: 'Gift cards', status: 'proposed', createdBy: DEV });
    expect(item(a, 'ORD-2')).toMatchObject({ value: 13, rationale: 'Now blocks the EU launch for business buyers' });
    expect(git(a, ['status', '--porcelain']).stdout).toBe('');
    const actions = JSON.parse(exported(a)).events.map((e: { action: string; item?: number }) => `${e.action}:${e.item ?? ''}`);
    expect(actions.filter((x: string) => ['move:4', 'edit:2', 'add:5'].includes(x))).toEqual(expect.arrayContaining(['move:4', 'edit:2', 'add:5']));
    expect(new Set(actions).size).toBe(actions.length - actions.filter((x: string) => x === 'add:').length);
    assertValid(a);
  });

  it('a field both sides changed: exits non-zero, keeps ours, records theirs, leaves a valid backlog', () => {
    const { a, b } = twoClones();
    ordo(b, ['edit', 'ORD-2', '--title', 'Theirs']);
    git(b, ['commit', '-qam', 'theirs']);
    git(b, ['push', '-q', 'origin', 'main']);
    ordo(a, ['edit', 'ORD-2', '--title', 'Ours']);
    ordo(a, ['edit', 'ORD-3', '--value', '21']);
    git(a, ['commit', '-qam', 'ours']);
    const pull = git(a, ['pull', '--no-rebase', 'origin', 'main'], [1]);
    expect(pull.stderr).toContain('CONFLICT ORD-2 title: both sides changed it; kept ours "Ours", theirs was "Theirs"');
    expect(pull.stdout + pull.stderr).toContain('Merge conflict in .ordo/backlog.db');

    expect(item(a, 'ORD-2').title).toBe('Ours');
    expect(item(a, 'ORD-3').value).toBe(21);
    const merge = JSON.parse(exported(a)).events.at(-1);
    expect(merge).toMatchObject({ action: 'merge', command: 'git merge' });
    expect(merge.details.conflicts).toEqual([expect.objectContaining({ item: 2, field: 'title', ours: 'Ours', theirs: 'Theirs' })]);
    assertValid(a);
    git(a, ['add', '.ordo/backlog.db']);
    git(a, ['commit', '-q', '--no-edit']);
    expect(git(a, ['status', '--porcelain']).stdout).toBe('');
  });

  it('both sides created the same key: theirs is renumbered to the next free key, and the merge completes', () => {
    const { a, b } = twoClones();
    ordo(b, ['add', 'From B', '--value', '5', '--why', 'Shoppers on side B asked for it', '--goal', 'G1', '--at', 'top']);
    git(b, ['commit', '-qam', 'B adds']);
    git(b, ['push', '-q', 'origin', 'main']);
    ordo(a, ['add', 'From A', '--value', '3', '--why', 'Shoppers on side A asked for it', '--goal', 'G1']);
    git(a, ['commit', '-qam', 'A adds']);
    const pull = git(a, ['pull', '--no-rebase', 'origin', 'main']);
    expect(pull.stderr).toContain('both sides created ORD-5; theirs ("From B") is now ORD-6');

    expect(item(a, 'ORD-5')).toMatchObject({ title: 'From A', value: 3 });
    expect(item(a, 'ORD-6')).toMatchObject({ title: 'From B', value: 5 });
    expect(order(a)).toEqual(['ORD-6', 'ORD-1', 'ORD-2', 'ORD-3', 'ORD-4', 'ORD-5']);
    const history = ordo(a, ['show', 'ORD-6', '--json']).json().history;
    expect(history[0]).toMatchObject({ action: 'add', item: 'ORD-6' });
    expect(git(a, ['status', '--porcelain']).stdout).toBe('');
    assertValid(a);
  });
});
