/**
 * `ordo sync` with the real git binary and a bare repository as the remote: the backlog
 * lives on its own branch, clones merge item by item, keys never change once published,
 * and nothing of the user's checkout is touched.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEV, OWNER, STRANGER } from '../helpers/cli.js';
import { GitWorld, Team } from '../helpers/git.js';

const DEV2 = 'dave@example.com';
const WHY = 'Shoppers abandon their carts when this is missing';

let world: GitWorld;
let team: Team;
beforeEach(() => {
  world = new GitWorld();
  team = new Team(world);
});
afterEach(async () => {
  team.cleanup();
  world.cleanup();
  await new Promise((resolve) => setImmediate(resolve));
});

const add = (cwd: string, title: string, user = OWNER, extra: string[] = []) =>
  team.ordo(cwd, ['add', title, '--value', '8', '--why', WHY, '--goal', 'G1', '--json', ...extra], user).json().item.key as string;
const everything = (cwd: string, user = OWNER) => team.ordo(cwd, ['list', '--all', '--json'], user).json().items;

describe('the backlog branch', () => {
  it('init publishes it; a fresh clone takes the backlog on its first command; code branches never hold the database', () => {
    const po = team.dir('po');
    team.ordo(po, ['goal', 'add', 'G1', 'Faster checkout']);
    add(po, 'One-click pay');
    // The branch's tip holds the database and its Markdown rendering, and nothing else.
    const files = world.git(team.origin, ['ls-tree', '--name-only', 'ordo/backlog']).stdout.trim().split('\n');
    expect(files.sort()).toEqual(['BACKLOG.md', 'backlog.db']);
    const md = world.git(team.origin, ['show', 'ordo/backlog:BACKLOG.md']).stdout;
    expect(md).toContain('| 1 | ORD-1 | One-click pay | 8 | G1 | ready | Shoppers abandon their carts when this is missing |');
    expect(md).toContain('Faster checkout');
    // Every write was one commit on top of the last: the history only grows.
    expect(team.history().length).toBe(3);
    // The code branch holds ordo.yml and .ordo/.gitignore, never the database.
    expect(world.git(po, ['ls-files']).stdout.trim().split('\n').sort()).toEqual(['.ordo/.gitignore', 'ordo.yml']);
    expect(team.status(po)).toBe('');

    const dev = team.clone('dev');
    const listed = team.ordo(dev, ['list', '--json'], DEV).json().items;
    expect(listed.map((i: { key: string }) => i.key)).toEqual(['ORD-1']);
    expect(team.status(dev)).toBe('');
  });

  it('PO, two developers and a stakeholder converge after a round of syncs, and every change is kept', () => {
    const po = team.dir('po');
    team.ordo(po, ['goal', 'add', 'G1', 'Faster checkout']);
    for (const t of ['Pay', 'Guest', 'Saved carts', 'Receipts']) add(po, t);
    const dev1 = team.clone('dev1');
    const dev2 = team.clone('dev2');
    const stake = team.clone('stake');
    for (const [dir, user] of [[dev1, DEV], [dev2, DEV2], [stake, STRANGER]] as const) team.ordo(dir, ['sync'], user);

    // Everyone works offline, then syncs in turn.
    team.ordo(po, ['move', 'ORD-4', '--top', '--no-sync']);
    team.ordo(dev1, ['start', 'ORD-1', '--no-sync'], DEV);
    team.ordo(dev2, ['start', 'ORD-2', '--no-sync'], DEV2);
    team.ordo(dev2, ['done', 'ORD-2', '--no-sync'], DEV2);
    const proposal = add(stake, 'Dark mode', STRANGER, ['--no-sync']);
    team.ordo(stake, ['propose', 'ORD-3', '--top', '--why', 'Repeat buyers ask for it every week', '--no-sync'], STRANGER);
    const clones = [[po, OWNER], [dev1, DEV], [dev2, DEV2], [stake, STRANGER]] as const;
    for (const [dir, user] of clones) team.ordo(dir, ['sync'], user);
    // The PO takes what arrived after its own sync, triages the proposal, and everyone syncs once more.
    team.ordo(po, ['sync']);
    team.ordo(po, ['triage', proposal, '--accept', '--at', 'bottom'], OWNER);
    for (const [dir, user] of clones) team.ordo(dir, ['sync'], user);

    const views = clones.map(([dir, user]) => JSON.stringify(everything(dir, user)));
    for (const v of views) expect(v).toBe(views[0]);
    const items = everything(po) as { key: string; status: string; title: string; position: number | null }[];
    const byKey = new Map(items.map((i) => [i.key, i]));
    expect(byKey.get('ORD-4')!.position).toBe(1);
    expect(byKey.get('ORD-1')!.status).toBe('in-progress');
    expect(byKey.get('ORD-2')!.status).toBe('done');
    expect(byKey.get(proposal)!.status).toBe('ready');
    const proposals = team.ordo(po, ['triage', '--list', '--json']).json().proposals ?? [];
    expect(JSON.stringify(proposals)).toContain('Repeat buyers ask for it every week');
    for (const [dir] of clones) expect(team.status(dir)).toBe('');
  });
});

describe('keys and conflicts', () => {
  it('items created offline in two clones: the published key never changes, the other takes the next key with its own history', () => {
    const po = team.dir('po');
    team.ordo(po, ['goal', 'add', 'G1', 'Faster checkout']);
    add(po, 'Pay');
    const dev = team.clone('dev');
    team.ordo(dev, ['sync'], DEV);
    const mine = add(dev, 'Saved carts', DEV, ['--no-sync']);
    const theirs = add(po, 'Gift cards', OWNER, ['--no-sync']);
    expect(mine).toBe('ORD-2');
    expect(theirs).toBe('ORD-2');
    team.ordo(po, ['sync']);
    const r = team.ordo(dev, ['sync', '--json'], DEV);
    expect(r.json().renumbered).toEqual([{ from: 2, to: 3, title: 'Saved carts' }]);
    expect(r.stderr).toContain('ORD-2 "Saved carts" is now ORD-3');
    team.ordo(po, ['sync']);
    for (const dir of [po, dev]) {
      const two = team.ordo(dir, ['show', 'ORD-2', '--json']).json();
      const three = team.ordo(dir, ['show', 'ORD-3', '--json']).json();
      expect(two.item.title).toBe('Gift cards');
      expect(three.item.title).toBe('Saved carts');
      expect(three.item.createdBy).toBe(DEV);
      // Each item's history is its own.
      expect(JSON.stringify(two.history)).not.toContain(DEV);
      expect(three.history.map((e: { actor: string }) => e.actor)).toContain(DEV);
    }
  });

  it('the same field changed in two clones: the published value stays, the other is reported and kept in ordo log', () => {
    const po = team.dir('po');
    team.ordo(po, ['goal', 'add', 'G1', 'Faster checkout']);
    add(po, 'Pay');
    const po2 = team.clone('po-laptop');
    team.ordo(po2, ['sync']);
    team.ordo(po, ['edit', 'ORD-1', '--title', 'Pay in one click']);
    team.ordo(po2, ['edit', 'ORD-1', '--title', 'Pay with a saved card', '--no-sync']);
    const r = team.ordo(po2, ['sync']);
    expect(r.stderr).toMatch(/conflict: ORD-1 title .*"Pay in one click" stays, yours \("Pay with a saved card"\) is in ordo log/);
    expect(team.ordo(po2, ['show', 'ORD-1', '--json']).json().item.title).toBe('Pay in one click');
    const log = team.ordo(po2, ['log', 'ORD-1']).stdout;
    expect(log).toContain('Pay with a saved card');
    team.ordo(po, ['sync']);
    expect(team.ordo(po, ['log', 'ORD-1']).stdout).toContain('Pay with a saved card');
  });
});

describe('concurrency', () => {
  it('two clones syncing at the same moment, many times: no lost update, no force push', async () => {
    const po = team.dir('po');
    team.ordo(po, ['goal', 'add', 'G1', 'Faster checkout']);
    const dev = team.clone('dev');
    team.ordo(dev, ['sync'], DEV);
    const seen: string[] = [];
    const added: string[] = [];
    for (let round = 0; round < 6; round++) {
      const before = team.history()[0]!;
      add(po, `PO item ${round}`, OWNER, ['--no-sync']);
      add(dev, `Dev proposal ${round}`, DEV, ['--no-sync']);
      added.push(`PO item ${round}`, `Dev proposal ${round}`);
      const results = await Promise.all([team.spawn(po, ['sync']), team.spawn(dev, ['sync'], DEV)]);
      for (const r of results) expect(r.code, r.stderr).toBe(0);
      // The remote only grows: the old tip is an ancestor of the new one.
      const after = team.history()[0]!;
      world.git(team.origin, ['merge-base', '--is-ancestor', before, after]);
      seen.push(after);
    }
    team.ordo(po, ['sync']);
    team.ordo(dev, ['sync'], DEV);
    const a = everything(po);
    expect(JSON.stringify(everything(dev, DEV))).toBe(JSON.stringify(a));
    expect(a.map((i: { title: string }) => i.title).sort()).toEqual(added.sort());
    expect(new Set(a.map((i: { key: string }) => i.key)).size).toBe(added.length);
  });
});

describe('working offline and in the older layout', () => {
  it('a write while the remote is unreachable keeps the change, says so and exits 0; the next sync shares it', () => {
    const po = team.dir('po');
    team.ordo(po, ['goal', 'add', 'G1', 'Faster checkout']);
    world.git(po, ['remote', 'set-url', 'origin', join(world.root, 'nowhere.git')]);
    const r = team.run(po, ['add', 'Pay', '--value', '8', '--why', WHY, '--goal', 'G1']);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('saved in this clone but not shared yet');
    // A reader never touches the network, offline or not.
    const list = team.run(po, ['list']);
    expect(list.code).toBe(0);
    expect(list.stderr).toBe('');
    expect(team.run(po, ['sync']).code).toBe(5);
    world.git(po, ['remote', 'set-url', 'origin', team.origin]);
    team.ordo(po, ['sync']);
    const dev = team.clone('dev');
    expect(team.ordo(dev, ['list', '--json'], DEV).json().items.map((i: { title: string }) => i.title)).toEqual(['Pay']);
  });

  it('readers say when the last sync is older than sync.stale-after', () => {
    const po = team.dir('po');
    const later = new Date(Date.now() + 2 * 86_400_000).toISOString();
    const r = team.ordo(po, ['list'], OWNER, { ORDO_NOW: later });
    expect(r.stderr).toMatch(/last synced with origin\/ordo\/backlog 2 days ago/);
    expect(team.ordo(po, ['list']).stderr).not.toContain('last synced');
  });

  it('a clone of the older layout is refused by sync and moved by sync --adopt, which says what to commit', () => {
    const repo = join(world.root, 'old');
    const origin = join(world.root, 'old.git');
    world.git(world.root, ['init', '-q', '--bare', origin]);
    world.git(world.root, ['clone', '-q', origin, repo]);
    team.ordo(repo, ['init', '--owner', OWNER, '--no-sync']);
    team.ordo(repo, ['goal', 'add', 'G1', 'Faster checkout', '--no-sync']);
    add(repo, 'Pay', OWNER, ['--no-sync']);
    // The older layout: the database committed next to ordo.yml, with the old drivers' attributes.
    writeFileSync(join(repo, '.ordo', '.gitignore'), '*.db-journal\ncache/\n');
    writeFileSync(join(repo, '.gitattributes'), '.ordo/backlog.db binary diff=ordo merge=ordo\n');
    world.git(repo, ['add', '-A']);
    world.git(repo, ['commit', '-qm', 'old layout']);
    world.git(repo, ['push', '-q', 'origin', 'main']);

    const refused = team.run(repo, ['sync']);
    expect(refused.code).toBe(5);
    expect(refused.stderr).toContain('ordo sync --adopt');
    const r = team.ordo(repo, ['sync', '--adopt']);
    expect(r.stdout).toContain('git commit');
    expect(world.git(repo, ['ls-files', '.ordo/backlog.db']).stdout).toBe('');
    expect(readFileSync(join(repo, '.ordo', '.gitignore'), 'utf8')).toContain('backlog.db');
    expect(readFileSync(join(repo, '.gitattributes'), 'utf8')).not.toContain('merge=ordo');
    world.git(repo, ['commit', '-qam', 'Share the backlog with ordo sync']);
    expect(team.status(repo)).toBe('');
    world.git(repo, ['push', '-q', 'origin', 'main']);
    const fresh = join(world.root, 'fresh');
    world.git(world.root, ['clone', '-q', origin, fresh]);
    expect(team.ordo(fresh, ['list', '--json'], DEV).json().items.map((i: { title: string }) => i.title)).toEqual(['Pay']);
  });
});

describe('ordo diff between syncs', () => {
  it('shows what the next sync publishes, and what changed between two commits of the branch', () => {
    const po = team.dir('po');
    team.ordo(po, ['goal', 'add', 'G1', 'Faster checkout']);
    add(po, 'Pay');
    add(po, 'Guest', OWNER, ['--no-sync']);
    expect(team.ordo(po, ['diff']).stdout).toContain('+ ORD-2 Guest');
    team.ordo(po, ['sync']);
    expect(team.ordo(po, ['diff']).stdout).toContain('No changes.');
    const md = team.ordo(po, ['diff', 'origin/ordo/backlog~1', 'origin/ordo/backlog', '--format', 'md']).stdout;
    expect(md).toContain('ORD-2');
    const log = world.git(team.origin, ['log', '-1', '--format=%an%n%B', 'ordo/backlog']).stdout;
    expect(log).toContain('1 item added');
    expect(log).toContain('+ ORD-2 Guest (ready)');
  });
});

describe('a signed backlog', () => {
  it('stays verified in every clone and in a fresh clone through many syncs around the PO\'s moves, with no ordo sign', () => {
    const po = team.dir('po');
    team.ordo(po, ['goal', 'add', 'G1', 'Faster checkout']);
    for (const t of ['Pay', 'Guest', 'Saved carts', 'Receipts', 'Gift cards']) add(po, t);
    const ownerKey = team.ordo(po, ['key', 'generate', '--json']).json().publicKey as string;
    writeFileSync(join(po, 'ordo.yml'), `${readFileSync(join(po, 'ordo.yml'), 'utf8')}owner-key: ${ownerKey}\n`);
    world.git(po, ['commit', '-qam', 'Sign the order']);
    world.git(po, ['push', '-q', 'origin', 'main']);
    team.ordo(po, ['sign', '--yes']);
    // Developers have homes of their own: the Product Owner's key is not on their machines.
    const devHome = { HOME: join(world.root, 'dev-home') };
    const dev1 = team.clone('dev1');
    const dev2 = team.clone('dev2');
    const dev = (dir: string, args: string[], user: string) => team.ordo(dir, args, user, devHome);
    dev(dev1, ['sync'], DEV);
    dev(dev2, ['sync'], DEV2);
    // Without the key, the Product Owner's identity cannot reorder.
    expect(team.run(dev1, ['move', 'ORD-5', '--top'], OWNER, devHome).code).toBe(3);

    const moves = [['ORD-5', '--top'], ['ORD-2', '--bottom'], ['ORD-3', '--up', '1'], ['ORD-4', '--top'], ['ORD-2', '--up', '2']];
    moves.forEach(([key, ...where], round) => {
      // The PO moves offline while the team works and shares; then everyone syncs in a different order each round.
      team.ordo(po, ['move', key!, ...where, '--no-sync']);
      dev(dev1, round % 2 === 0 ? ['start', `ORD-${round + 1}`] : ['done', `ORD-${round}`], DEV);
      dev(dev2, ['add', `Idea ${round}`, '--value', '3', '--why', WHY, '--goal', 'G1'], DEV2);
      const turns: [string, string, Record<string, string>][] = [[po, OWNER, {}], [dev1, DEV, devHome], [dev2, DEV2, devHome]];
      for (const [dir, user, env] of round % 2 === 0 ? turns : turns.reverse()) team.ordo(dir, ['sync'], user, env);
    });
    for (const [dir, user, env] of [[po, OWNER, {}], [dev1, DEV, devHome], [dev2, DEV2, devHome], [po, OWNER, {}], [dev1, DEV, devHome], [dev2, DEV2, devHome]] as const) {
      team.ordo(dir, ['sync'], user, env);
    }
    const fresh = team.clone('fresh');
    for (const [dir, user, env] of [[po, OWNER, {}], [dev1, DEV, devHome], [dev2, DEV2, devHome], [fresh, STRANGER, devHome]] as const) {
      const verify = team.run(dir, ['verify', '--json'], user, env);
      expect(verify.code, verify.stdout + verify.stderr).toBe(0);
      const check = team.run(dir, ['check', '--json'], user, env);
      expect(check.code, check.stdout).toBe(0);
      expect(check.json().violations.filter((v: { rule: string }) => v.rule === 'order-signed' || v.rule === 'audit-trail')).toEqual([]);
    }
    // Every clone holds the same backlog, and no `ordo sign` ran after the first.
    const views = [po, dev1, dev2, fresh].map((d) => JSON.stringify(team.ordo(d, ['list', '--all', '--json'], STRANGER, devHome).json().items));
    for (const v of views) expect(v).toBe(views[0]);
    const signs = team.ordo(po, ['log', '--json']).json().events.filter((e: { command: string }) => e.command === 'sign');
    expect(signs.length).toBe(1);
  });
});

describe('edges', () => {
  it('ordo init in a fresh clone takes the team backlog instead of starting an empty one', () => {
    const po = team.dir('po');
    team.ordo(po, ['goal', 'add', 'G1', 'Faster checkout']);
    add(po, 'Pay');
    const dev = team.clone('dev');
    const r = team.ordo(dev, ['init', '--json'], DEV).json();
    expect(r.shared.outcome).toBe('fetched');
    expect(team.ordo(dev, ['list', '--json'], DEV).json().items.map((i: { title: string }) => i.title)).toEqual(['Pay']);
  });

  it('a backlog branch deleted on the remote is published again, not taken as an emptied backlog', () => {
    const po = team.dir('po');
    team.ordo(po, ['goal', 'add', 'G1', 'Faster checkout']);
    add(po, 'Pay');
    world.git(team.origin, ['branch', '-D', 'ordo/backlog']);
    const r = team.ordo(po, ['sync', '--json']).json();
    expect(r.outcome).toBe('published');
    expect(team.ordo(po, ['list', '--json']).json().items.map((i: { title: string }) => i.title)).toEqual(['Pay']);
    const fresh = team.clone('fresh');
    expect(team.ordo(fresh, ['list', '--json'], DEV).json().items.map((i: { title: string }) => i.title)).toEqual(['Pay']);
  });

  it('sync outside a repository or without the remote says how to share, exit 4', () => {
    const lonely = world.sandbox();
    try {
      lonely.ok(['init', '--owner', OWNER]);
      const r = lonely.run(['sync']);
      expect(r.code).toBe(4);
      expect(r.stderr).toContain('not inside a git repository');
      world.git(lonely.dir, ['init', '-q']);
      const noRemote = lonely.run(['sync', '--json']);
      expect(noRemote.code).toBe(4);
      expect(noRemote.errorJson().code).toBe('NO_REMOTE');
      // Without a remote, writing commands work locally and say nothing about sharing.
      expect(lonely.run(['goal', 'add', 'G1', 'Faster checkout']).stderr).toBe('');
    } finally {
      lonely.cleanup();
    }
  });
});
