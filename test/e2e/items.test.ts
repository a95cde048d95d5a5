import { afterAll, describe, expect, it } from 'vitest';
import { DEV, MANAGER, OWNER, sandboxes, STRANGER } from '../helpers/cli.js';
import { expectFailure, expectReadOnly } from '../helpers/expect.js';

const WHY = 'Shoppers abandon carts when this is missing';

/**
 * The order is ORD-1, ORD-2 (in progress), ORD-3, ORD-4, ORD-7.
 * ORD-5 is done, ORD-6 is a stakeholder's proposal. G1 and G2 are active goals.
 */
const base = sandboxes((s) => {
  s.initBacklog();
  s.ok(['goal', 'add', 'G2', 'Fewer support calls']);
  const add = (title: string, goal: string, type: string, value = '8', user = OWNER) =>
    s.ok(['add', title, '--value', value, '--why', WHY, '--goal', goal, '--type', type], { user });
  add('Retry card payments', 'G1', 'story', '13');
  add('Fix the address form', 'G2', 'bug', '5');
  add('Upgrade the payment SDK', 'G1', 'chore', '3');
  add('Explain delivery costs', 'G2', 'story', '8');
  add('Save cards', 'G1', 'story', '21');
  add('Pay by bank transfer', 'G1', 'story', '5', STRANGER);
  add('Try a one-page checkout', 'G1', 'spike', '2');
  s.ok(['start', 'ORD-2']);
  s.ok(['start', 'ORD-5']);
  s.ok(['done', 'ORD-5']);
});
afterAll(() => base.cleanup());

function keys(r: { json(): { items: { key: string }[] } }): string[] {
  return r.json().items.map((i) => i.key);
}

function positions(r: { json(): { items: { key: string; position: number | null }[] } }): [string, number | null][] {
  return r.json().items.map((i) => [i.key, i.position]);
}

function addArgs(title: string, ...extra: string[]): string[] {
  return ['add', title, '--value', '8', '--why', WHY, '--goal', 'G1', ...extra];
}

describe('ordo add by the Product Owner', () => {
  it('puts the item at the bottom of the order by default', () => {
    const sb = base.make();
    const r = sb.ok(addArgs('Apple Pay', '--estimate', '5', '--desc', 'Wallet button on the payment step', '--json')).json();
    expect(r).toMatchObject({
      schemaVersion: 1,
      kind: 'item',
      proposed: false,
      item: { key: 'ORD-8', position: 6, status: 'ready', value: 8, rationale: WHY, goal: 'G1', type: 'story', estimate: 5, createdBy: OWNER },
    });
    expect(sb.order()).toEqual(['ORD-1', 'ORD-2', 'ORD-3', 'ORD-4', 'ORD-7', 'ORD-8']);
    expect(sb.ok(addArgs('Google Pay')).stdout).toContain('Added ORD-9 at #7: Google Pay');
  });

  it('places it with every --at form', () => {
    const sb = base.make();
    sb.ok(addArgs('A', '--at', 'top'));
    expect(sb.order()).toEqual(['ORD-8', 'ORD-1', 'ORD-2', 'ORD-3', 'ORD-4', 'ORD-7']);
    sb.ok(addArgs('B', '--at', '3'));
    expect(sb.order()).toEqual(['ORD-8', 'ORD-1', 'ORD-9', 'ORD-2', 'ORD-3', 'ORD-4', 'ORD-7']);
    sb.ok(addArgs('C', '--at', 'before:ORD-4'));
    expect(sb.order()).toEqual(['ORD-8', 'ORD-1', 'ORD-9', 'ORD-2', 'ORD-3', 'ORD-10', 'ORD-4', 'ORD-7']);
    sb.ok(addArgs('D', '--at', 'after:ord-7'));
    expect(sb.order()).toEqual(['ORD-8', 'ORD-1', 'ORD-9', 'ORD-2', 'ORD-3', 'ORD-10', 'ORD-4', 'ORD-7', 'ORD-11']);
    sb.ok(addArgs('E', '--at', 'after:ORD-1'));
    sb.ok(addArgs('F', '--at', 'bottom'));
    expect(sb.order()).toEqual(['ORD-8', 'ORD-1', 'ORD-12', 'ORD-9', 'ORD-2', 'ORD-3', 'ORD-10', 'ORD-4', 'ORD-7', 'ORD-11', 'ORD-13']);
    sb.ok(addArgs('G', '--at', '12'));
    expect(sb.order().at(-1)).toBe('ORD-14');
  });

  it('refuses a place that does not exist, writing nothing', () => {
    const sb = base.make();
    expectFailure(sb, addArgs('A', '--at', '7'), 2, ['Position 7 is past the end of the order (6 is the last position)', '--bottom']);
    expectFailure(sb, addArgs('A', '--at', 'middle'), 2, ['--at "middle" is not a place in the order', '--at before:KEY']);
    expectFailure(sb, addArgs('A', '--at', '0'), 2, ['expects a whole number of 1 or more']);
    expectFailure(sb, addArgs('A', '--at', 'before:ORD-99'), 4, ['No item ORD-99', 'ordo list --all']);
    expectFailure(sb, addArgs('A', '--at', 'after:ORD-6'), 2, ['ORD-6 is not in the order (it is proposed)']);
    expectFailure(sb, addArgs('A', '--at', 'before:ORD-5'), 2, ['ORD-5 is not in the order (it is done)']);
  });
});

describe('ordo add by anyone else', () => {
  it('creates a proposal in the intake: outside `list`, inside `list --all`', () => {
    const sb = base.make();
    for (const user of [MANAGER, DEV]) {
      const text = sb.ok(addArgs(`Idea from ${user}`), { user }).stdout;
      expect(text).toContain('Proposed ORD-');
      expect(text).toContain(`until the Product Owner (${OWNER}) triages it`);
    }
    const r = sb.ok(addArgs('Gift cards', '--json'), { user: STRANGER }).json();
    expect(r).toMatchObject({ proposed: true, item: { key: 'ORD-10', position: null, status: 'proposed', createdBy: STRANGER } });
    expect(sb.order()).toEqual(['ORD-1', 'ORD-2', 'ORD-3', 'ORD-4', 'ORD-7']);
    const all = sb.ok(['list', '--all', '--json']).json().items as { key: string; status: string; position: number | null }[];
    expect(all.filter((i) => i.status === 'proposed').map((i) => i.key)).toEqual(['ORD-6', 'ORD-8', 'ORD-9', 'ORD-10']);
    expect(all.find((i) => i.key === 'ORD-10')?.position).toBeNull();
  });

  it('may not choose a place in the order (exit 3)', () => {
    const sb = base.make();
    expectFailure(sb, addArgs('Gift cards', '--at', 'top'), 3, [`Only the Product Owner (${OWNER})`, `${STRANGER} (from ORDO_USER)`], { user: STRANGER });
  });
});

describe('ordo add: required fields', () => {
  it('needs a value, a rationale, a goal and a title (exit 2), naming the flag', () => {
    const sb = base.make();
    expectFailure(sb, ['add', 'A', '--why', WHY, '--goal', 'G1'], 2, ['Business value is required (--value)', 'allowed values: 1, 2, 3, 5, 8, 13, 21']);
    expectFailure(sb, ['add', 'A', '--value', '8', '--goal', 'G1'], 2, ['value rationale is required (--why)']);
    expectFailure(sb, ['add', 'A', '--value', '8', '--why', '  ', '--goal', 'G1'], 2, ['--why']);
    expectFailure(sb, ['add', 'A', '--value', '8', '--why', WHY], 2, ['roadmap goal is required (--goal)', 'ordo goal list']);
    expectFailure(sb, ['add', '--value', '8', '--why', WHY, '--goal', 'G1'], 2, ['needs a title']);
  });

  it('rejects a value off the scale, listing the allowed values', () => {
    const sb = base.make();
    for (const v of ['4', '0', '-8', 'eight', '8.5', '34']) {
      expectFailure(sb, ['add', 'A', '--value', v, '--why', WHY, '--goal', 'G1'], 2, [`Business value ${v} is not on the value scale`, 'allowed values: 1, 2, 3, 5, 8, 13, 21']);
    }
  });

  it('uses the scale configured in ordo.yml', () => {
    const sb = base.make();
    sb.editConfig((t) => t.replace('scale: [1, 2, 3, 5, 8, 13, 21]', 'scale: [1, 10, 100]'));
    expectFailure(sb, addArgs('A'), 2, ['allowed values: 1, 10, 100']);
    expect(sb.ok(['add', 'A', '--value', '100', '--why', WHY, '--goal', 'G1', '--json']).json().item.value).toBe(100);
  });

  it('rejects an unknown type or a bad estimate (exit 2)', () => {
    const sb = base.make();
    expectFailure(sb, addArgs('A', '--type', 'epic'), 2, ['Unknown item type "epic"', 'story, bug, chore, spike'], { noHint: true });
    expectFailure(sb, addArgs('A', '--estimate', 'big'), 2, ['Estimate "big"', '--estimate 3']);
  });

  it('needs a goal that exists (exit 4) and is active (exit 5)', () => {
    const sb = base.make();
    expectFailure(sb, ['add', 'A', '--value', '8', '--why', WHY, '--goal', 'G9'], 4, ['No roadmap goal "G9"', 'Known goals: G1, G2']);
    sb.ok(['goal', 'retire', 'G2']);
    expectFailure(sb, ['add', 'A', '--value', '8', '--why', WHY, '--goal', 'G2'], 5, ['Goal G2 is retired', 'active goals']);
    expectFailure(sb, ['add', 'A', '--value', '8', '--why', WHY, '--goal', 'G2'], 5, ['Goal G2 is retired'], { user: STRANGER });
  });
});

describe('ordo show', () => {
  it('shows position, goal and history, read-only', () => {
    const sb = base.make();
    sb.ok(['move', 'ORD-4', '--top']);
    const r = expectReadOnly(sb, ['show', 'ORD-4', '--json'], { user: STRANGER }).json();
    expect(r).toMatchObject({ schemaVersion: 1, kind: 'item', item: { key: 'ORD-4', position: 1, goal: 'G2' }, goal: { id: 'G2', title: 'Fewer support calls' } });
    expect(r.history.map((e: { action: string; item: string }) => [e.action, e.item])).toEqual([
      ['add', 'ORD-4'],
      ['move', 'ORD-4'],
    ]);
    expect(r.history[1]).toMatchObject({ actor: OWNER, source: 'ORDO_USER', details: { from: 4, to: 1 } });
    const text = expectReadOnly(sb, ['show', '4']).stdout;
    expect(text).toContain('ORD-4  Explain delivery costs');
    expect(text).toMatch(/^position +#1$/m);
    expect(text).toMatch(/^goal +G2  Fewer support calls$/m);
    expect(text).toContain('moved it from #4 to #1');
  });

  it('shows unranked items as such', () => {
    const sb = base.make();
    expect(expectReadOnly(sb, ['show', '#6']).stdout).toMatch(/^position +in the intake \(not ranked\)$/m);
    expect(expectReadOnly(sb, ['show', 'ord-5', '--json']).json().item).toMatchObject({ position: null, status: 'done' });
  });

  it('an unknown key is not found (exit 4); a malformed one is a usage error (exit 2)', () => {
    const sb = base.make();
    expectFailure(sb, ['show', 'ORD-99'], 4, ['No item ORD-99 in this backlog', 'ordo list --all']);
    for (const bad of ['foo', 'XYZ-1', 'ORD-0', 'ORD-']) expectFailure(sb, ['show', bad], 2, [`"${bad}" is not an item key`, 'ORD-12']);
    expectFailure(sb, ['show'], 2, ["missing required argument 'key'"]);
  });
});

describe('ordo edit', () => {
  it('the Product Owner edits any item; its place in the order stays', () => {
    const sb = base.make();
    const r = sb.ok(['edit', 'ORD-3', '--value', '21', '--why', 'The old SDK is retired in March', '--type', 'bug', '--json']).json();
    expect(r).toMatchObject({ kind: 'item', item: { key: 'ORD-3', value: 21, type: 'bug', position: 3 } });
    expect(r.changes).toMatchObject({ value: { from: 3, to: 21 }, type: { from: 'chore', to: 'bug' } });
    expect(sb.order()).toEqual(['ORD-1', 'ORD-2', 'ORD-3', 'ORD-4', 'ORD-7']);
    expect(sb.ok(['edit', 'ORD-6', '--title', 'Pay by SEPA transfer']).stdout).toContain('Edited ORD-6: title');
    expect(sb.ok(['edit', 'ORD-3', '--estimate', '3']).stdout).toContain('estimate');
    expect(sb.ok(['edit', 'ORD-3', '--estimate', '-', '--json']).json().item.estimate).toBeNull();
    expect(sb.ok(['edit', 'ORD-3', '--value', '21']).stdout).toContain('unchanged');
  });

  it('the creator edits a proposal while it is proposed, not after triage', () => {
    const sb = base.make();
    expect(sb.ok(['edit', 'ORD-6', '--value', '13', '--json'], { user: STRANGER }).json().item.value).toBe(13);
    sb.ok(['triage', 'ORD-6', '--accept']);
    expectFailure(sb, ['edit', 'ORD-6', '--value', '21'], 3, ['Only the Product Owner', 'once it has been triaged', `${STRANGER} (from ORDO_USER)`], {
      user: STRANGER,
    });
  });

  it('refuses everyone else (exit 3)', () => {
    const sb = base.make();
    for (const user of [MANAGER, DEV, STRANGER]) expectFailure(sb, ['edit', 'ORD-1', '--value', '1'], 3, ['Only the Product Owner', user], { user });
    for (const user of [MANAGER, DEV]) expectFailure(sb, ['edit', 'ORD-6', '--value', '1'], 3, [`its creator (${STRANGER})`], { user });
  });

  it('refuses no fields (exit 2), bad fields (exit 2), unknown items and goals (exit 4), closed items (exit 5)', () => {
    const sb = base.make();
    expectFailure(sb, ['edit', 'ORD-1'], 2, ['Nothing to change', 'ordo edit ORD-3 --value 8']);
    expectFailure(sb, ['edit', 'ORD-1', '--value', '4'], 2, ['allowed values: 1, 2, 3, 5, 8, 13, 21']);
    expectFailure(sb, ['edit', 'ORD-1', '--title', ''], 2, ['needs a title']);
    expectFailure(sb, ['edit', 'ORD-99', '--value', '1'], 4, ['No item ORD-99']);
    expectFailure(sb, ['edit', 'ORD-1', '--goal', 'G9'], 4, ['No roadmap goal "G9"']);
    sb.ok(['drop', 'ORD-7', '--reason', 'Not worth the risk this year']);
    expectFailure(sb, ['edit', 'ORD-7', '--value', '1'], 5, ['ORD-7 is dropped', 'Add a new item']);
  });
});

describe('ordo list', () => {
  it('lists the ranked items in order, read-only, with a table on a pipe', () => {
    const sb = base.make();
    const r = expectReadOnly(sb, ['list', '--json'], { user: STRANGER });
    expect(r.json()).toMatchObject({ schemaVersion: 1, kind: 'item-list' });
    expect(positions(r)).toEqual([
      ['ORD-1', 1],
      ['ORD-2', 2],
      ['ORD-3', 3],
      ['ORD-4', 4],
      ['ORD-7', 5],
    ]);
    const lines = expectReadOnly(sb, ['list']).stdout.trimEnd().split('\n');
    // Someone started ORD-2, so the table names who holds each item.
    expect(lines[0]).toMatch(/^#\s+KEY\s+VALUE\s+GOAL\s+TYPE\s+STATUS\s+ASSIGNEE\s+TITLE$/);
    expect(lines[2]).toMatch(/^2\s+ORD-2\s+5\s+G2\s+bug\s+in-progress\s+\S+@example\.com\s+Fix the address form$/);
    expect(lines).toHaveLength(6);
    // Columns line up: every row starts its KEY at the same offset.
    expect(new Set(lines.slice(1).map((l) => l.indexOf('ORD-'))).size).toBe(1);
  });

  it('keeps global positions when filtered by goal, type or status', () => {
    const sb = base.make();
    expect(positions(expectReadOnly(sb, ['list', '--goal', 'g2', '--json']))).toEqual([
      ['ORD-2', 2],
      ['ORD-4', 4],
    ]);
    expect(positions(sb.ok(['list', '--type', 'story', '--json']))).toEqual([
      ['ORD-1', 1],
      ['ORD-4', 4],
    ]);
    expect(positions(sb.ok(['list', '--status', 'ready', '--goal', 'G1', '--json']))).toEqual([
      ['ORD-1', 1],
      ['ORD-3', 3],
      ['ORD-7', 5],
    ]);
    expect(positions(sb.ok(['list', '--status', 'in-progress', '--json']))).toEqual([['ORD-2', 2]]);
  });

  it('--status shows the intake and finished items; --all shows everything', () => {
    const sb = base.make();
    expect(positions(sb.ok(['list', '--status', 'proposed', '--json']))).toEqual([['ORD-6', null]]);
    expect(positions(sb.ok(['list', '--status', 'done', '--json']))).toEqual([['ORD-5', null]]);
    expect(keys(expectReadOnly(sb, ['list', '--all', '--json']))).toEqual(['ORD-1', 'ORD-2', 'ORD-3', 'ORD-4', 'ORD-7', 'ORD-6', 'ORD-5']);
    expect(keys(sb.ok(['list', '--all', '--goal', 'G1', '--json']))).toEqual(['ORD-1', 'ORD-3', 'ORD-7', 'ORD-6', 'ORD-5']);
  });

  it('--limit cuts the list after the filter', () => {
    const sb = base.make();
    expect(keys(sb.ok(['list', '--limit', '2', '--json']))).toEqual(['ORD-1', 'ORD-2']);
    expect(positions(sb.ok(['list', '--goal', 'G1', '--limit', '2', '--json']))).toEqual([
      ['ORD-1', 1],
      ['ORD-3', 3],
    ]);
    expect(keys(sb.ok(['list', '--all', '--limit', '6', '--json']))).toEqual(['ORD-1', 'ORD-2', 'ORD-3', 'ORD-4', 'ORD-7', 'ORD-6']);
  });

  it('says so on stderr when nothing matches', () => {
    const sb = base.make();
    const r = expectReadOnly(sb, ['list', '--status', 'accepted']);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('Nothing matches');
    expect(sb.ok(['list', '--status', 'accepted', '--json']).json()).toEqual({ schemaVersion: 1, kind: 'item-list', items: [] });
  });

  it('rejects unknown statuses, types, goals and bad limits', () => {
    const sb = base.make();
    expectFailure(sb, ['list', '--status', 'open'], 2, ['Unknown status "open"', 'proposed, ready, in-progress'], { noHint: true });
    expectFailure(sb, ['list', '--type', 'epic'], 2, ['Unknown item type "epic"', 'story, bug, chore, spike'], { noHint: true });
    expectFailure(sb, ['list', '--goal', 'G9'], 4, ['No roadmap goal "G9"']);
    expectFailure(sb, ['list', '--limit', '0'], 2, ['--limit expects a whole number of 1 or more']);
    expectFailure(sb, ['list', '--limit', 'ten'], 2, ['--limit expects a whole number']);
  });
});

describe('ordo next', () => {
  it('shows the first ready items in order, skipping items in progress, read-only', () => {
    const sb = base.make();
    const r = expectReadOnly(sb, ['next', '--json'], { user: DEV });
    expect(r.json()).toMatchObject({ schemaVersion: 1, kind: 'item-list' });
    expect(positions(r)).toEqual([
      ['ORD-1', 1],
      ['ORD-3', 3],
      ['ORD-4', 4],
      ['ORD-7', 5],
    ]);
    expect(keys(expectReadOnly(sb, ['next', '2', '--json']))).toEqual(['ORD-1', 'ORD-3']);
    expect(positions(expectReadOnly(sb, ['next', '1', '--goal', 'G2', '--json']))).toEqual([['ORD-4', 4]]);
    expect(expectReadOnly(sb, ['next', '1']).stdout).toMatch(/^1\s+ORD-1\s+13\s+G1\s+story\s+ready\s+Retry card payments$/m);
  });

  it('defaults to five items', () => {
    const sb = base.make();
    for (let i = 0; i < 3; i++) sb.ok(addArgs(`More ${i}`));
    expect(keys(sb.ok(['next', '--json']))).toEqual(['ORD-1', 'ORD-3', 'ORD-4', 'ORD-7', 'ORD-8']);
  });

  it('says so when nothing is ready, and rejects a bad count or goal', () => {
    const sb = base.make();
    const empty = expectReadOnly(sb, ['next', '--goal', 'G2', '3']);
    expect(empty.stdout).not.toContain('ORD-2');
    sb.ok(['goal', 'add', 'G3', 'Empty goal']);
    const none = expectReadOnly(sb, ['next', '--goal', 'G3']);
    expect(none.stdout).toBe('');
    expect(none.stderr).toContain('No ready items');
    expectFailure(sb, ['next', '0'], 2, ['expects a whole number of 1 or more']);
    expectFailure(sb, ['next', 'many'], 2, ['expects a whole number']);
    expectFailure(sb, ['next', '--goal', 'G9'], 4, ['No roadmap goal "G9"']);
  });
});

