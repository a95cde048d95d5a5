// The interactive `ordo reorder` in a real pseudo-terminal (tmux): keys in, saved order out.
import { afterEach, describe, expect, it } from 'vitest';
import { Sandbox } from '../helpers/cli.js';
import { hasTmux, Terminal } from '../helpers/tmux.js';

let sb: Sandbox;
let term: Terminal | undefined;
afterEach(() => {
  term?.close();
  sb?.cleanup();
});

describe.skipIf(!hasTmux)('ordo reorder on a terminal', () => {
  it('moves an item with the keys and saves the order', async () => {
    sb = new Sandbox().initBacklog();
    const [a, b, c, d] = sb.addItems(4);
    term = new Terminal(sb, ['reorder']);
    expect(await term.waitFor('Reorder the backlog')).toMatch(/❯ 1\. ORD-1 +8 +G1 +Item 1/);
    // Pick up the third item, carry it to the top, drop it, save.
    term.keys('Down', 'Down', 'Space', 'Up', 'Up', 'Space');
    await term.waitFor(/❯ 1\. ORD-3/);
    term.keys('Enter');
    expect(await term.exitCode()).toBe(0);
    expect(term.screen()).toContain('Reordered: moved 1 of 4 items.');
    expect(sb.order()).toEqual([c, a, b, d]);
  });

  it('escape cancels and writes nothing', async () => {
    sb = new Sandbox().initBacklog();
    const keys = sb.addItems(3);
    const before = sb.dbHash();
    term = new Terminal(sb, ['reorder']);
    await term.waitFor('Reorder the backlog');
    term.keys('Space', 'Down', 'Escape');
    expect(await term.exitCode()).toBe(0);
    expect(term.screen()).toContain('Cancelled: the order is unchanged.');
    expect(sb.dbHash()).toBe(before);
    expect(sb.order()).toEqual(keys);
  });
});
