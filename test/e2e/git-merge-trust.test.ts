/**
 * The merge driver and the features built beside it: move proposals and the Product
 * Owner's signed order survive a real `git merge`, the driver needs no signing key, and
 * after the Product Owner signs the merged order `ordo check` is clean again.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEV, OWNER, type Sandbox } from '../helpers/cli.js';
import { GitWorld } from '../helpers/git.js';

let world: GitWorld;
let sb: Sandbox;
/** The developer's own HOME: no Product Owner key in it. */
let devHome: string;
beforeEach(() => {
  world = new GitWorld();
  sb = world.sandbox();
  devHome = mkdtempSync(join(tmpdir(), 'ordo-dev-home-'));
});
afterEach(async () => {
  sb.cleanup();
  world.cleanup();
  rmSync(devHome, { recursive: true, force: true });
  await new Promise((resolve) => setImmediate(resolve));
});

const po = (cwd: string, args: string[]) => sb.ok(args, { cwd, user: OWNER });
const dev = (cwd: string, args: string[]) => sb.ok(args, { cwd, user: DEV, env: { HOME: devHome } });
const git = (cwd: string, args: string[], codes?: number[]) => world.git(cwd, args, { codes });
const order = (cwd: string) => po(cwd, ['list', '--json']).json().items.map((i: { key: string }) => i.key);
const proposals = (cwd: string) =>
  po(cwd, ['list', '--all', '--json']).json().proposals.map((p: { item: string; placement: string; anchor: string | null; proposedBy: string }) => ({
    item: p.item,
    placement: p.placement,
    anchor: p.anchor,
    proposedBy: p.proposedBy,
  }));
const checkErrors = (cwd: string) => {
  const r = sb.run(['check', '--json'], { cwd, user: DEV, env: { HOME: devHome } });
  const violations = r.json().violations as { rule: string; severity: string; message: string }[];
  return { code: r.code, errors: violations.filter((v) => v.severity === 'error') };
};

/** A shared repository with four ranked items, cloned twice; `signed`: owner-key set and the order signed. */
function twoClones(signed: boolean): { a: string; b: string } {
  const origin = join(world.root, 'origin.git');
  git(world.root, ['init', '-q', '--bare', origin]);
  const a = join(world.root, 'a');
  git(world.root, ['clone', '-q', origin, a]);
  po(a, ['init', '--owner', OWNER, '--product', 'Acme Checkout', '--prefix', 'ORD']);
  po(a, ['goal', 'add', 'G1', 'Faster checkout']);
  for (let i = 1; i <= 4; i++) po(a, ['add', `Item ${i}`, '--value', '8', '--why', 'Shoppers abandon carts without it', '--goal', 'G1']);
  if (signed) {
    const key = po(a, ['key', 'generate', '--json']).json().publicKey;
    const file = join(a, 'ordo.yml');
    writeFileSync(file, `${readFileSync(file, 'utf8')}owner-key: ${key}\n`);
    po(a, ['sign', '--yes']);
  }
  git(a, ['add', '-A']);
  git(a, ['commit', '-qm', 'backlog']);
  git(a, ['push', '-q', 'origin', 'main']);
  const b = join(world.root, 'b');
  git(world.root, ['clone', '-q', origin, b]);
  po(b, ['git', 'setup']);
  return { a, b };
}

describe('merging a signed backlog', () => {
  it('a developer merges the PO’s move without the key; the PO signs the merged order and check is clean', () => {
    const { a, b } = twoClones(true);
    expect(checkErrors(a)).toEqual({ code: 0, errors: [] });

    // The developer, first: an intake item and a move proposal, in clone a.
    dev(a, ['add', 'Gift cards', '--value', '5', '--why', 'Shoppers ask for gift cards every December', '--goal', 'G1']);
    dev(a, ['propose', 'ORD-3', '--top', '--why', 'The EU launch depends on it']);
    git(a, ['commit', '-qam', 'developer proposes']);
    // The Product Owner, later: a signed move, in clone b.
    po(b, ['move', 'ORD-4', '--top']);
    git(b, ['commit', '-qam', 'PO reorders']);
    git(b, ['push', '-q', 'origin', 'main']);

    // git runs the driver with its own HOME: no key anywhere it can look.
    const pull = git(a, ['pull', '--no-rebase', 'origin', 'main']);
    expect(pull.stderr).not.toContain('CONFLICT');
    expect(git(a, ['status', '--porcelain']).stdout).toBe('');

    expect(order(a)).toEqual(['ORD-4', 'ORD-1', 'ORD-2', 'ORD-3']);
    expect(po(a, ['show', 'ORD-5', '--json']).json().item).toMatchObject({ title: 'Gift cards', status: 'proposed', createdBy: DEV });
    expect(proposals(a)).toEqual([{ item: 'ORD-3', placement: 'top', anchor: null, proposedBy: DEV }]);
    const actions = JSON.parse(po(a, ['export', '--format', 'json']).stdout).events.map((e: { action: string }) => e.action);
    expect(actions.filter((x: string) => x === 'order.sign')).toHaveLength(2);
    // Their signature row came along after ours: verify reads both.
    expect(sb.run(['verify', '--json'], { cwd: a }).json().signatures).toMatchObject({ count: 2, latest: { counter: 2 } });

    // Both trails were combined, so the PO's latest signature no longer covers the merged one.
    const before = checkErrors(a);
    expect(before.code).toBe(1);
    expect(before.errors.map((v) => v.rule)).toContain('order-signed');
    expect(before.errors.every((v) => v.rule === 'order-signed' || v.rule === 'audit-trail')).toBe(true);
    expect(before.errors.map((v) => v.message).join('\n')).toMatch(/order signature #2 was changed|audit trail up to order signature #2/);

    // A developer cannot sign it; the Product Owner can.
    expect(sb.run(['sign', '--yes'], { cwd: a, user: DEV, env: { HOME: devHome } }).code).toBe(3);
    const signed = po(a, ['sign', '--yes', '--json']).json();
    expect(signed).toMatchObject({ signed: true, signature: { counter: 3, ranked: 4 } });
    expect(checkErrors(a)).toEqual({ code: 0, errors: [] });
    expect(sb.run(['verify'], { cwd: a }).code).toBe(0);
  });

  it('when both sides signed: their signature that reuses our counter goes into the history, the next one is appended, the PO signs once', () => {
    const { a, b } = twoClones(true);
    po(a, ['move', 'ORD-2', '--top']);
    git(a, ['commit', '-qam', 'PO on a']);
    po(b, ['move', 'ORD-4', '--top']);
    po(b, ['move', 'ORD-3', '--top']);
    git(b, ['commit', '-qam', 'PO on b']);
    git(b, ['push', '-q', 'origin', 'main']);

    const pull = git(a, ['pull', '--no-rebase', 'origin', 'main'], [0, 1]);
    expect(pull.stderr).toContain('their order signature #2');
    expect(pull.stderr).toContain('kept in the history');
    const merge = JSON.parse(po(a, ['export', '--format', 'json']).stdout).events.find((e: { action: string }) => e.action === 'merge');
    expect(merge.details.signatures).toEqual([expect.objectContaining({ counter: 2, signature: expect.any(String), payload: expect.stringContaining('"counter":2') })]);
    git(a, ['add', '.ordo/backlog.db']);
    git(a, ['commit', '-q', '--no-edit']);

    // Their #3 follows our #2, so it is the latest signature now: it signed their order, not the merged one.
    const unsigned = checkErrors(a);
    expect(unsigned.code).toBe(1);
    expect(unsigned.errors.map((v) => v.message).join('\n')).toMatch(/Product Owner signed ORD-\d above ORD-\d \(#3\)/);
    expect(po(a, ['sign', '--yes', '--json']).json().signature.counter).toBe(4);
    expect(checkErrors(a)).toEqual({ code: 0, errors: [] });
  });
});

describe('merging move proposals', () => {
  it('a key collision: their renumbered item takes its move proposals and the anchors that name it along', () => {
    const { a, b } = twoClones(false);
    po(b, ['add', 'From B', '--value', '5', '--why', 'Shoppers on side B asked for it', '--goal', 'G1', '--at', 'top']);
    dev(b, ['propose', 'ORD-5', '--after', 'ORD-2', '--why', 'Side B needs it after the basics']);
    dev(b, ['propose', 'ORD-1', '--before', 'ORD-5', '--why', 'Item 1 unblocks side B']);
    git(b, ['commit', '-qam', 'B adds and proposes']);
    git(b, ['push', '-q', 'origin', 'main']);
    po(a, ['add', 'From A', '--value', '3', '--why', 'Shoppers on side A asked for it', '--goal', 'G1']);
    dev(a, ['propose', 'ORD-5', '--top', '--why', 'Side A wants it first']);
    git(a, ['commit', '-qam', 'A adds and proposes']);

    const pull = git(a, ['pull', '--no-rebase', 'origin', 'main']);
    expect(pull.stderr).toContain('both sides created ORD-5; theirs ("From B") is now ORD-6');
    expect(po(a, ['show', 'ORD-6', '--json']).json().item.title).toBe('From B');
    expect(proposals(a)).toEqual([
      { item: 'ORD-5', placement: 'top', anchor: null, proposedBy: DEV },
      { item: 'ORD-6', placement: 'after', anchor: 'ORD-2', proposedBy: DEV },
      { item: 'ORD-1', placement: 'before', anchor: 'ORD-6', proposedBy: DEV },
    ]);
    // The proposals are real: the Product Owner applies their one and it moves their item.
    po(a, ['triage', '--proposal', 'P2', '--apply']);
    expect(order(a).indexOf('ORD-6')).toBe(order(a).indexOf('ORD-2') + 1);
    expect(checkErrors(a)).toEqual({ code: 0, errors: [] });
  });

  it('a proposal decided on one side comes over; decided differently on both sides, ours is kept and the merge reports it', () => {
    const { a, b } = twoClones(false);
    dev(a, ['propose', 'ORD-3', '--top', '--why', 'The EU launch depends on it']);
    git(a, ['commit', '-qam', 'proposal']);
    git(a, ['push', '-q', 'origin', 'main']);
    git(b, ['pull', '-q', 'origin', 'main']);

    po(a, ['triage', '--proposal', 'P1', '--apply']);
    git(a, ['commit', '-qam', 'applied']);
    po(b, ['triage', '--proposal', 'P1', '--decline', '--reason', 'Checkout first']);
    git(b, ['commit', '-qam', 'declined']);
    git(b, ['push', '-q', 'origin', 'main']);

    const pull = git(a, ['pull', '--no-rebase', 'origin', 'main'], [1]);
    expect(pull.stderr).toContain('CONFLICT ORD-3 move proposal by carol@example.com');
    expect(pull.stderr).toContain('kept ours "applied", theirs was "declined"');
    expect(order(a)[0]).toBe('ORD-3');
    expect(proposals(a)).toEqual([]);
  });
});
