/**
 * The one merge after which the Product Owner's `ordo sync` signs: it keeps a teammate's
 * change over the Product Owner's own decision (a drop of an item started meanwhile), so an
 * item stands where no decision put it. The real `ordo sync`, a bare remote, two clones.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEV, OWNER } from '../helpers/cli.js';
import { GitWorld, Team } from '../helpers/git.js';

const WHY = 'Shoppers abandon their carts when this is missing';
let world: GitWorld;
let team: Team;
afterEach(() => {
  team?.cleanup();
  world?.cleanup();
});

describe("a merge that overrules the Product Owner's decision", () => {
  it("is signed by the Product Owner's sync, and every clone verifies without ordo sign", () => {
    world = new GitWorld();
    team = new Team(world);
    const po = team.dir('po');
    team.ordo(po, ['goal', 'add', 'G1', 'Faster checkout']);
    for (const t of ['Pay', 'Guest', 'Saved carts', 'Receipts']) team.ordo(po, ['add', t, '--value', '8', '--why', WHY, '--goal', 'G1']);
    const ownerKey = team.ordo(po, ['key', 'generate', '--json']).json().publicKey as string;
    writeFileSync(join(po, 'ordo.yml'), `${readFileSync(join(po, 'ordo.yml'), 'utf8')}owner-key: ${ownerKey}\n`);
    world.git(po, ['commit', '-qam', 'Sign the backlog']);
    world.git(po, ['push', '-q', 'origin', 'main']);
    team.ordo(po, ['sync']);
    const devHome = { HOME: join(world.root, 'dev-home') };
    const dev = team.clone('dev');
    team.ordo(dev, ['sync'], DEV, devHome);

    // Offline, the Product Owner drops ORD-2 and sends ORD-1 to the bottom; meanwhile a developer starts ORD-2 and shares it.
    team.ordo(po, ['drop', 'ORD-2', '--reason', 'Superseded', '--no-sync']);
    team.ordo(po, ['move', 'ORD-1', '--bottom', '--no-sync']);
    team.ordo(dev, ['start', 'ORD-2'], DEV, devHome);
    team.ordo(dev, ['sync'], DEV, devHome);

    // The merge keeps the start (published wins); the Product Owner's sync signs what it made.
    const synced = team.ordo(po, ['sync', '--json']).json();
    expect(synced.conflicts).not.toEqual([]);
    expect(synced.signed).toBe(true);
    team.ordo(dev, ['sync'], DEV, devHome);
    for (const [dir, user, env] of [[po, OWNER, {}], [dev, DEV, devHome]] as const) {
      const verify = team.run(dir, ['verify', '--json'], user, env);
      expect(verify.json().violations, dir).toEqual([]);
      expect(verify.code).toBe(0);
    }
    expect(team.ordo(po, ['log', '--json']).json().events.filter((e: { command: string }) => e.command === 'sign')).toEqual([]);
  });
});
