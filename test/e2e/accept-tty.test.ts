// `ordo accept` on a real pseudo-terminal (tmux): the Product Owner ticks the criteria one by one.
import { afterEach, describe, expect, it } from 'vitest';
import { DEV, Sandbox } from '../helpers/cli.js';
import { hasTmux, Terminal } from '../helpers/tmux.js';

let sb: Sandbox;
let term: Terminal | undefined;
afterEach(() => {
  term?.close();
  sb?.cleanup();
});

function delivered(): Sandbox {
  const s = new Sandbox().initBacklog();
  s.ok(['add', 'Saved cards', '--value', '8', '--goal', 'G1', '--why', 'Returning shoppers retype card numbers on every order', '--criterion', 'A saved card pays in one tap', '--criterion', 'Cards can be removed']);
  s.ok(['start', 'ORD-1'], { user: DEV });
  s.ok(['done', 'ORD-1'], { user: DEV });
  return s;
}

describe.skipIf(!hasTmux)('ordo accept on a terminal', () => {
  it('accepts once every criterion is ticked', async () => {
    sb = delivered();
    term = new Terminal(sb, ['accept', 'ORD-1']);
    await term.waitFor('Which acceptance criteria of ORD-1 are met?');
    expect(term.screen()).toContain('2. Cards can be removed');
    term.keys('Space');
    term.keys('Down');
    term.keys('Space');
    term.keys('Enter');
    expect(await term.exitCode()).toBe(0);
    expect(term.screen()).toContain('Accepted ORD-1 (done → accepted)');
  });

  it('refuses, naming the criterion left open, and writes nothing', async () => {
    sb = delivered();
    const before = sb.dbHash();
    term = new Terminal(sb, ['accept', 'ORD-1']);
    await term.waitFor('Which acceptance criteria of ORD-1 are met?');
    term.keys('Space');
    term.keys('Enter');
    expect(await term.exitCode()).toBe(5);
    expect(term.screen()).toContain('2. Cards can be removed');
    expect(sb.dbHash()).toBe(before);
  });
});
