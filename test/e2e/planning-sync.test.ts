/** Planning data shared through `ordo sync`: criteria, assignees, releases and sprints reach every clone. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEV } from '../helpers/cli.js';
import { GitWorld, Team } from '../helpers/git.js';

let world: GitWorld;
let team: Team;
beforeEach(() => {
  world = new GitWorld();
  team = new Team(world);
});
afterEach(() => {
  team.cleanup();
  world.cleanup();
});

describe('planning through sync', () => {
  it("the Product Owner's release and sprint reach a developer; the developer's start reaches the Product Owner", () => {
    const po = team.dir('po');
    team.ordo(po, ['goal', 'add', 'G1', 'Faster checkout']);
    for (const t of ['Pay', 'Guest', 'Receipts']) {
      team.ordo(po, ['add', t, '--value', '8', '--goal', 'G1', '--estimate', '3', '--why', 'Shoppers abandon their carts when this is missing', '--criterion', `${t} works on mobile`]);
    }
    team.ordo(po, ['release', 'add', 'R1', 'Spring launch', '--date', '2027-06-30']);
    team.ordo(po, ['release', 'plan', 'R1', '--through', 'ORD-2']);
    team.ordo(po, ['sprint', 'start', '--goal', 'Pay in one tap', '--top', '2']);

    const dev = team.clone('dev');
    team.ordo(dev, ['sync'], DEV);
    expect(team.ordo(dev, ['release', 'show', 'R1', '--json'], DEV).json().release.items.map((i: { key: string }) => i.key)).toEqual(['ORD-1', 'ORD-2']);
    expect(team.ordo(dev, ['sprint', 'show', '--json'], DEV).json().sprint).toMatchObject({ id: 'S1', goal: 'Pay in one tap', status: 'active' });
    expect(team.ordo(dev, ['show', 'ORD-1', '--json'], DEV).json().item.criteria).toEqual(['Pay works on mobile']);

    team.ordo(dev, ['start', 'ORD-1'], DEV);
    // Offline on the Product Owner's side meanwhile: the release date moves.
    team.ordo(po, ['release', 'edit', 'R1', '--date', '2027-07-15', '--no-sync']);
    team.ordo(po, ['sync']);
    expect(team.ordo(po, ['list', '--assignee', DEV, '--json']).json().items.map((i: { key: string }) => i.key)).toEqual(['ORD-1']);
    expect(team.ordo(po, ['release', 'show', 'R1', '--json']).json().release.date).toBe('2027-07-15');
    team.ordo(dev, ['sync'], DEV);
    expect(team.ordo(dev, ['release', 'show', 'R1', '--json'], DEV).json().release.date).toBe('2027-07-15');
  });
});
