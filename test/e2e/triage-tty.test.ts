// The interactive `ordo triage` walk in a real pseudo-terminal (tmux).
import { afterEach, describe, expect, it } from 'vitest';
import { DEV, Sandbox } from '../helpers/cli.js';
import { events } from '../helpers/db.js';
import { hasTmux, Terminal } from '../helpers/tmux.js';

let sb: Sandbox;
let term: Terminal | undefined;
afterEach(() => {
  term?.close();
  sb?.cleanup();
});

describe.skipIf(!hasTmux)('ordo triage on a terminal', () => {
  it('walks the intake oldest first, then the move proposals; quitting keeps earlier decisions', async () => {
    sb = new Sandbox().initBacklog();
    const [a, b] = sb.addItems(2);
    for (const title of ['Saved cards', 'Dark mode', 'Gift wrap']) {
      sb.ok(['add', title, '--value', '5', '--why', 'Shoppers asked for it in the survey', '--goal', 'G1'], { user: DEV });
    }
    sb.ok(['propose', b!, '--top', '--why', 'Blocks the EU launch'], { user: DEV });

    term = new Terminal(sb, ['triage']);
    await term.waitFor('Proposed item 1 of 3');
    expect(term.screen()).toContain('ORD-3  Saved cards');
    term.keys('o'); // accept before an item…
    await term.waitFor('Before which item?');
    term.type(a!);
    term.keys('Enter');
    await term.waitFor('Proposed item 2 of 3');
    expect(term.screen()).toContain('ORD-4  Dark mode');
    term.keys('r');
    await term.waitFor('Why is it rejected?');
    term.type('Not this year');
    term.keys('Enter');
    await term.waitFor('Proposed item 3 of 3');
    term.keys('s');
    await term.waitFor('Move proposal 1 of 1');
    expect(term.screen()).toContain('P1  move ORD-2 (now #3) to the top');
    term.keys('a');
    expect(await term.exitCode()).toBe(0);
    expect(term.screen()).toContain('Triage: 1 accepted, 1 rejected, 1 skipped; move proposals: 1 applied, 0 declined.');

    expect(sb.order()).toEqual([b, 'ORD-3', a]);
    const intake = sb.ok(['triage', '--json']).json();
    expect(intake.items.map((i: { key: string }) => i.key)).toEqual(['ORD-5']);
    expect(intake.proposals).toEqual([]);
    expect(events(sb.dbPath, 'reject')).toEqual([expect.objectContaining({ item: 4, details: expect.objectContaining({ reason: 'Not this year' }) })]);
  });

  it('quit after one decision keeps it and writes nothing more', async () => {
    sb = new Sandbox().initBacklog();
    sb.addItems(1);
    for (const title of ['Saved cards', 'Dark mode']) {
      sb.ok(['add', title, '--value', '5', '--why', 'Shoppers asked for it in the survey', '--goal', 'G1'], { user: DEV });
    }
    term = new Terminal(sb, ['triage']);
    await term.waitFor('Proposed item 1 of 2');
    term.keys('t');
    await term.waitFor('Proposed item 2 of 2');
    const before = sb.dbHash();
    term.keys('q');
    expect(await term.exitCode()).toBe(0);
    expect(sb.dbHash()).toBe(before);
    expect(sb.order()).toEqual(['ORD-2', 'ORD-1']);
  });
});
