import { afterAll, describe, expect, it } from 'vitest';
import { DEV, MANAGER, OWNER, sandboxes, STRANGER } from '../helpers/cli.js';
import { expectFailure } from '../helpers/expect.js';

const WHY = 'Shoppers abandon carts when this is missing';

/** Ranked ORD-1 … ORD-6 in that order; ORD-7 a proposal; ORD-8 done. */
const base = sandboxes((s) => {
  s.initBacklog();
  s.addItems(6);
  s.ok(['add', 'A proposal', '--value', '3', '--why', WHY, '--goal', 'G1'], { user: STRANGER });
  s.addItems(1, 'Finished');
  s.ok(['start', 'ORD-8']);
  s.ok(['done', 'ORD-8']);
});
afterAll(() => base.cleanup());

const k = (...n: number[]) => n.map((x) => `ORD-${x}`);

describe('ordo move: every placement', () => {
  const cases: [string, string[], number[]][] = [
    ['--top', ['ORD-4', '--top'], [4, 1, 2, 3, 5, 6]],
    ['--bottom', ['ORD-1', '--bottom'], [2, 3, 4, 5, 6, 1]],
    ['--before', ['ORD-5', '--before', 'ORD-2'], [1, 5, 2, 3, 4, 6]],
    ['--before the top item', ['ORD-5', '--before', 'ORD-1'], [5, 1, 2, 3, 4, 6]],
    ['--after', ['ORD-5', '--after', 'ord-2'], [1, 2, 5, 3, 4, 6]],
    ['--after the last item', ['ORD-1', '--after', 'ORD-6'], [2, 3, 4, 5, 6, 1]],
    ['--after its own upper neighbour (no change)', ['ORD-3', '--after', 'ORD-2'], [1, 2, 3, 4, 5, 6]],
    ['--to N (up)', ['ORD-6', '--to', '3'], [1, 2, 6, 3, 4, 5]],
    ['--to N (down)', ['ORD-1', '--to', '4'], [2, 3, 4, 1, 5, 6]],
    ['--to the last position', ['ORD-2', '--to', '6'], [1, 3, 4, 5, 6, 2]],
    ['--up (one place)', ['ORD-4', '--up'], [1, 2, 4, 3, 5, 6]],
    ['--up N', ['ORD-5', '--up', '3'], [1, 5, 2, 3, 4, 6]],
    ['--up past the top', ['ORD-3', '--up', '10'], [3, 1, 2, 4, 5, 6]],
    ['--down (one place)', ['ORD-1', '--down'], [2, 1, 3, 4, 5, 6]],
    ['--down N', ['ORD-2', '--down', '3'], [1, 3, 4, 5, 2, 6]],
    ['--down past the bottom', ['ORD-4', '--down', '99'], [1, 2, 3, 5, 6, 4]],
  ];
  for (const [name, args, expected] of cases) {
    it(name, () => {
      const sb = base.make();
      const r = sb.ok(['move', ...args, '--json']).json();
      const key = args[0]!;
      const to = expected.indexOf(Number(key.split('-')[1])) + 1;
      expect(r).toMatchObject({ schemaVersion: 1, kind: 'item', item: { key, position: to }, moved: { to } });
      expect(sb.order()).toEqual(k(...expected));
    });
  }

  it('reports the move in words and in the item history', () => {
    const sb = base.make();
    expect(sb.ok(['move', 'ORD-4', '--top']).stdout).toContain('Moved ORD-4 from #4 to #1');
    const history = sb.ok(['show', 'ORD-4', '--json']).json().history;
    expect(history.at(-1)).toMatchObject({ action: 'move', actor: OWNER, details: { from: 4, to: 1 } });
  });

  it('a move to where the item already is writes nothing', () => {
    const sb = base.make();
    const before = sb.dbHash();
    expect(sb.ok(['move', 'ORD-1', '--top']).stdout).toContain('ORD-1 stays at #1');
    sb.ok(['move', 'ORD-3', '--to', '3']);
    sb.ok(['move', 'ORD-6', '--down']);
    expect(sb.dbHash()).toBe(before);
  });

  it('moves items in progress too, and a sequence of moves keeps the order a user expects', () => {
    const sb = base.make();
    sb.ok(['start', 'ORD-3']);
    const model = [1, 2, 3, 4, 5, 6];
    const steps: [string[], (m: number[]) => void][] = [
      [['ORD-3', '--top'], (m) => m.unshift(...m.splice(m.indexOf(3), 1))],
      [['ORD-6', '--after', 'ORD-3'], (m) => m.splice(1, 0, ...m.splice(m.indexOf(6), 1))],
      [['ORD-1', '--to', '2'], (m) => m.splice(1, 0, ...m.splice(m.indexOf(1), 1))],
      [['ORD-2', '--up', '2'], (m) => m.splice(m.indexOf(2) - 2, 0, ...m.splice(m.indexOf(2), 1))],
      [['ORD-3', '--bottom'], (m) => m.push(...m.splice(m.indexOf(3), 1))],
    ];
    for (const [args, apply] of steps) {
      sb.ok(['move', ...args]);
      apply(model);
    }
    expect(sb.order()).toEqual(k(...model));
    expect(sb.ok(['show', 'ORD-3', '--json']).json().item).toMatchObject({ status: 'in-progress', position: 6 });
  });
});

describe('ordo move: failures write nothing', () => {
  it('needs exactly one placement (exit 2)', () => {
    const sb = base.make();
    expectFailure(sb, ['move', 'ORD-2'], 2, ['Say where to move the item', '--top, --bottom, --before KEY']);
    expectFailure(sb, ['move', 'ORD-2', '--top', '--bottom'], 2, ['Give only one place']);
    expectFailure(sb, ['move', 'ORD-2', '--up', '--to', '3'], 2, ['Give only one place']);
  });

  it('refuses positions that do not exist and malformed counts (exit 2)', () => {
    const sb = base.make();
    expectFailure(sb, ['move', 'ORD-2', '--to', '7'], 2, ['Position 7 is past the end of the order (6 is the last position)', 'from 1 to 6']);
    expectFailure(sb, ['move', 'ORD-2', '--to', '0'], 2, ['--to expects a whole number of 1 or more, got "0"']);
    expectFailure(sb, ['move', 'ORD-2', '--up', '0'], 2, ['--up expects a whole number']);
    expectFailure(sb, ['move', 'ORD-2', '--down', 'x'], 2, ['--down expects a whole number']);
  });

  it('refuses to place an item next to itself or next to an unranked item (exit 2)', () => {
    const sb = base.make();
    expectFailure(sb, ['move', 'ORD-2', '--before', 'ORD-2'], 2, ['Cannot place ORD-2 before itself', 'different item']);
    expectFailure(sb, ['move', 'ORD-2', '--after', '2'], 2, ['Cannot place ORD-2 after itself']);
    expectFailure(sb, ['move', 'ORD-2', '--before', 'ORD-7'], 2, ['ORD-7 is not in the order (it is proposed)']);
    expectFailure(sb, ['move', 'ORD-2', '--before', 'bogus'], 2, ['"bogus" is not an item key']);
  });

  it('refuses to move an item that has no place in the order (exit 5)', () => {
    const sb = base.make();
    expectFailure(sb, ['move', 'ORD-7', '--top'], 5, ['ORD-7 is proposed, so it has no place in the order', 'ordo triage ORD-7 --accept']);
    expectFailure(sb, ['move', 'ORD-8', '--top'], 5, ['ORD-8 is done', 'Only ready and in-progress items']);
  });

  it('refuses anyone but the Product Owner (exit 3), naming owner, identity and source', () => {
    const sb = base.make();
    for (const user of [MANAGER, DEV, STRANGER]) {
      expectFailure(sb, ['move', 'ORD-2', '--top'], 3, [`Only the Product Owner (${OWNER}) may change the order`, `you are ${user} (from ORDO_USER)`, 'ORDO_USER'], { user });
    }
  });

  it('refuses unknown items (exit 4)', () => {
    const sb = base.make();
    expectFailure(sb, ['move', 'ORD-99', '--top'], 4, ['No item ORD-99']);
    expectFailure(sb, ['move', 'ORD-2', '--after', 'ORD-99'], 4, ['No item ORD-99']);
  });
});
