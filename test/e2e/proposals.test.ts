import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEV, OWNER, Sandbox, STRANGER } from '../helpers/cli.js';
import { events } from '../helpers/db.js';

let sb: Sandbox;
afterEach(() => sb?.cleanup());

describe('move proposals', () => {
  it('anyone proposes a move; the order is unchanged until the Product Owner applies it', () => {
    sb = new Sandbox().initBacklog();
    const [a, b, c] = sb.addItems(3);
    const r = sb.ok(['propose', c!, '--before', a!, '--why', 'The EU launch depends on it', '--json'], { user: STRANGER });
    expect(r.json()).toMatchObject({ kind: 'move-proposal', proposal: { id: 'P1', item: c, placement: 'before', anchor: a, proposedBy: STRANGER, status: 'pending' } });
    expect(sb.order()).toEqual([a, b, c]);

    const all = sb.ok(['list', '--all', '--json']).json();
    expect(all.proposals).toEqual([expect.objectContaining({ id: 'P1', item: c, why: 'The EU launch depends on it' })]);
    const human = sb.ok(['list', '--all']).stdout;
    expect(human).toMatch(/Move proposals waiting for the Product Owner \(1\)\n {2}P1 {2}move ORD-3 \(#3\) before ORD-1: Item 3/);
    expect(sb.ok(['triage', '--json']).json().proposals).toHaveLength(1);
    // Plain `ordo list` stays the order only: its JSON has no proposals.
    expect(sb.ok(['list', '--json']).json().proposals).toBeUndefined();

    const applied = sb.ok(['triage', '--proposal', 'P1', '--apply', '--json']).json();
    expect(applied).toMatchObject({ proposal: { id: 'P1', status: 'applied', decidedBy: OWNER }, moved: { from: 3, to: 1 } });
    expect(sb.order()).toEqual([c, a, b]);
    expect(events(sb.dbPath, 'move')).toEqual([expect.objectContaining({ item: 3, details: { from: 3, to: 1, proposal: 1 } })]);
    expect(sb.ok(['list', '--all', '--json']).json().proposals).toEqual([]);
  });

  it('the Product Owner declines with a reason; a decided proposal cannot be decided again', () => {
    sb = new Sandbox().initBacklog();
    const [a, b] = sb.addItems(2);
    sb.ok(['propose', b!, '--top', '--why', 'Cheaper while the payment code is open'], { user: DEV });
    const noReason = sb.run(['triage', '--proposal', '1', '--decline']);
    expect(noReason.code).toBe(2);
    expect(noReason.stderr).toContain('reason is required');
    const r = sb.ok(['triage', '--proposal', 'p1', '--decline', '--reason', 'Checkout first']);
    expect(r.stdout).toContain('Declined P1');
    expect(sb.order()).toEqual([a, b]);
    const before = sb.dbHash();
    const again = sb.run(['triage', '--proposal', 'P1', '--apply']);
    expect(again.code).toBe(5);
    expect(again.stderr).toContain('already declined');
    expect(sb.dbHash()).toBe(before);
  });

  it('only the Product Owner decides: exit 3 and nothing written', () => {
    sb = new Sandbox().initBacklog();
    const [, b] = sb.addItems(2);
    sb.ok(['propose', b!, '--top', '--why', 'Customers keep asking for it'], { user: DEV });
    const before = sb.dbHash();
    for (const args of [['--apply'], ['--decline', '--reason', 'no']]) {
      const r = sb.run(['triage', '--proposal', 'P1', ...args], { user: DEV });
      expect(r.code).toBe(3);
      expect(r.stderr).toContain(`Only the Product Owner (${OWNER})`);
    }
    expect(sb.dbHash()).toBe(before);
  });

  it('triage --accept can set value and goal in the same transaction', () => {
    sb = new Sandbox().initBacklog();
    sb.addItems(1);
    sb.ok(['goal', 'add', 'G2', 'Fewer support calls']);
    sb.ok(['add', 'Idea', '--value', '3', '--why', 'Someone asked for this twice', '--goal', 'G1'], { user: DEV });
    const bad = sb.run(['triage', 'ORD-2', '--accept', '--value', '4']);
    expect(bad.code).toBe(2);
    const r = sb.ok(['triage', 'ORD-2', '--accept', '--at', 'top', '--value', '13', '--goal', 'G2', '--json']).json();
    expect(r.item).toMatchObject({ key: 'ORD-2', position: 1, value: 13, goal: 'G2', status: 'ready' });
    expect(events(sb.dbPath, 'edit')).toEqual([expect.objectContaining({ item: 2, details: { changes: { value: { from: 3, to: 13 }, goal: { from: 'G1', to: 'G2' } } } })]);
  });
});

describe('move proposals: refusals', () => {
  let shared: Sandbox;
  beforeAll(() => {
    shared = new Sandbox().initBacklog();
    shared.addItems(2);
    shared.ok(['add', 'Idea', '--value', '3', '--why', 'Someone asked for this twice', '--goal', 'G1'], { user: DEV });
  });
  afterAll(() => shared.cleanup());

  it.each([
    [['propose', 'ORD-2', '--why', 'x'], 2, 'Say where the item should go'],
    [['propose', 'ORD-2', '--top', '--after', 'ORD-1', '--why', 'x'], 2, 'only one place'],
    [['propose', 'ORD-2', '--top'], 2, '--why'],
    [['propose', 'ORD-9', '--top', '--why', 'x'], 4, 'No item ORD-9'],
    [['propose', 'ORD-3', '--top', '--why', 'x'], 5, 'not in the order'],
    [['propose', 'ORD-1', '--after', 'ORD-1', '--why', 'x'], 2, 'itself'],
    [['triage', '--proposal', 'P7', '--apply'], 4, 'No move proposal P7'],
    [['triage', '--proposal', 'P1'], 2, '--apply or --decline'],
    [['triage', '--apply'], 2, 'go with --proposal'],
    [['triage', 'ORD-1', '--proposal', 'P1', '--apply'], 2, '--proposal decides a move proposal'],
  ])('refuses %j with exit %i, writing nothing', (args, code, message) => {
    const before = shared.dbHash();
    const r = shared.run(args as string[], { user: OWNER });
    expect(r.code).toBe(code);
    expect(r.stderr).toContain(message);
    expect(shared.dbHash()).toBe(before);
  });

});
