import { afterAll, describe, expect, it } from 'vitest';
import { DEV, MANAGER, OWNER, sandboxes, STRANGER } from '../helpers/cli.js';
import { expectFailure, expectReadOnly } from '../helpers/expect.js';

// G1 and G2; ORD-1 and ORD-3 serve G1, ORD-2 serves G2; team is set, so STRANGER is a stakeholder.
const base = sandboxes((s) => {
  s.initBacklog();
  s.editConfig((t) => t.replace('team: []', `team: [${DEV}]`));
  s.ok(['goal', 'add', 'G2', 'Fewer support calls', '--horizon', '2027-Q1', '--metric', 'calls per week', '--desc', 'Shoppers solve problems alone']);
  for (const goal of ['G1', 'G2', 'G1']) s.ok(['add', `For ${goal}`, '--value', '5', '--why', 'It moves the goal it serves forward', '--goal', goal]);
});
afterAll(() => base.cleanup());

describe('ordo goal add', () => {
  it('the Product Owner and a Product Manager may add goals', () => {
    const sb = base.make();
    const r = sb.ok(['goal', 'add', 'G3', 'Launch in the EU', '--horizon', '2027-Q2', '--json']).json();
    expect(r).toMatchObject({ schemaVersion: 1, kind: 'goal', goal: { id: 'G3', title: 'Launch in the EU', horizon: '2027-Q2', status: 'active' } });
    expect(sb.ok(['goal', 'add', 'eu-tax', 'Charge EU VAT right'], { user: MANAGER }).stdout).toContain('Added goal eu-tax');
    expect(sb.ok(['goal', 'list', '--json']).json().goals.map((g: { id: string }) => g.id)).toEqual(expect.arrayContaining(['G3', 'eu-tax']));
  });

  it('a developer or a stakeholder may not (exit 3), and is told whom to ask', () => {
    const sb = base.make();
    for (const user of [DEV, STRANGER]) {
      expectFailure(sb, ['goal', 'add', 'G9', 'Something'], 3, ['Product Manager', `${user} (from ORDO_USER)`, 'managers:', OWNER], { user });
    }
  });

  it('refuses a duplicate id, whatever its case (exit 5)', () => {
    const sb = base.make();
    expectFailure(sb, ['goal', 'add', 'g1', 'Again'], 5, ['Goal G1 already exists', 'ordo goal edit G1']);
  });

  it('refuses a malformed id or a missing title (exit 2)', () => {
    const sb = base.make();
    expectFailure(sb, ['goal', 'add', 'has space', 'Title'], 2, ['cannot be a goal id', 'G1']);
    expectFailure(sb, ['goal', 'add', 'G5', '  '], 2, ['needs a title']);
    expectFailure(sb, ['goal', 'add', 'G5'], 2, ["missing required argument 'title'"]);
  });
});

describe('ordo goal list / show', () => {
  it('lists goals with their item counts, read-only', () => {
    const sb = base.make();
    const r = expectReadOnly(sb, ['goal', 'list', '--json'], { user: STRANGER }).json();
    expect(r.kind).toBe('goal-list');
    expect(r.schemaVersion).toBe(1);
    expect(r.goals).toMatchObject([
      { id: 'G1', items: { ranked: 2, total: 2 } },
      { id: 'G2', metric: 'calls per week', items: { ranked: 1, total: 1 } },
    ]);
    const text = expectReadOnly(sb, ['goal', 'list']).stdout;
    expect(text).toContain('Faster checkout');
    expect(text).toContain('Fewer support calls');
  });

  it('filters by status and rejects an unknown status (exit 2)', () => {
    const sb = base.make();
    sb.ok(['goal', 'achieve', 'G2'], { user: MANAGER });
    expect(sb.ok(['goal', 'list', '--status', 'achieved', '--json']).json().goals.map((g: { id: string }) => g.id)).toEqual(['G2']);
    expect(sb.ok(['goal', 'list', '--status', 'active', '--json']).json().goals.map((g: { id: string }) => g.id)).toEqual(['G1']);
    expectFailure(sb, ['goal', 'list', '--status', 'done'], 2, ['Unknown goal status "done"', 'active, achieved, retired'], { noHint: true });
  });

  it('shows a goal with its ranked items at their global positions, read-only', () => {
    const sb = base.make();
    const r = expectReadOnly(sb, ['goal', 'show', 'g2', '--json'], { user: STRANGER }).json();
    expect(r).toMatchObject({ schemaVersion: 1, kind: 'goal', goal: { id: 'G2', description: 'Shoppers solve problems alone' } });
    expect(r.items.map((i: { key: string; position: number }) => [i.key, i.position])).toEqual([['ORD-2', 2]]);
    const g1 = expectReadOnly(sb, ['goal', 'show', 'G1', '--json']).json();
    expect(g1.items.map((i: { key: string; position: number }) => [i.key, i.position])).toEqual([
      ['ORD-1', 1],
      ['ORD-3', 3],
    ]);
    expect(expectReadOnly(sb, ['goal', 'show', 'G1']).stdout).toContain('Faster checkout');
  });

  it('an unknown goal is not found (exit 4), listing the known ones', () => {
    const sb = base.make();
    expectFailure(sb, ['goal', 'show', 'G7'], 4, ['No roadmap goal "G7"', 'Known goals: G1, G2']);
  });
});

describe('ordo goal edit', () => {
  it('the Product Owner and a Product Manager may edit; the change is reported', () => {
    const sb = base.make();
    const r = sb.ok(['goal', 'edit', 'G1', '--horizon', '2027-Q3', '--json'], { user: MANAGER }).json();
    expect(r).toMatchObject({ kind: 'goal', goal: { id: 'G1', horizon: '2027-Q3' }, changes: { horizon: { from: '2026-Q4', to: '2027-Q3' } } });
    expect(sb.ok(['goal', 'edit', 'G1', '--title', 'Fastest checkout']).stdout).toContain('Edited goal G1: title');
    expect(sb.ok(['goal', 'show', 'G1', '--json']).json().goal.title).toBe('Fastest checkout');
  });

  it('refuses developers and stakeholders (exit 3), no fields (exit 2), unknown goals (exit 4)', () => {
    const sb = base.make();
    for (const user of [DEV, STRANGER]) expectFailure(sb, ['goal', 'edit', 'G1', '--title', 'Mine'], 3, [`${user} (from ORDO_USER)`], { user });
    expectFailure(sb, ['goal', 'edit', 'G1'], 2, ['Nothing to change', '--horizon']);
    expectFailure(sb, ['goal', 'edit', 'G1', '--title', ' '], 2, ['cannot be empty'], { noHint: true });
    expectFailure(sb, ['goal', 'edit', 'G7', '--title', 'X'], 4, ['No roadmap goal "G7"']);
  });
});

describe('ordo goal achieve / retire', () => {
  it('a Product Manager achieves, the Product Owner retires; ranked items get a warning', () => {
    const sb = base.make();
    const a = sb.ok(['goal', 'achieve', 'G2'], { user: MANAGER });
    expect(a.stdout).toContain('Goal G2 is achieved.');
    expect(a.stderr).toContain('1 ranked item(s) still serve G2');
    expect(sb.ok(['goal', 'show', 'G2', '--json']).json().goal.status).toBe('achieved');
    const r = sb.ok(['goal', 'retire', 'G1', '--json']);
    expect(r.json()).toMatchObject({ schemaVersion: 1, kind: 'goal', goal: { id: 'G1', status: 'retired' }, rankedItems: 2 });
  });

  it('refuses developers and stakeholders (exit 3), unknown goals (exit 4), closed goals (exit 5)', () => {
    const sb = base.make();
    for (const verb of ['achieve', 'retire']) {
      for (const user of [DEV, STRANGER]) expectFailure(sb, ['goal', verb, 'G1'], 3, ['Only the Product Owner or a Product Manager', user], { user });
      expectFailure(sb, ['goal', verb, 'G7'], 4, ['No roadmap goal "G7"']);
    }
    sb.ok(['goal', 'retire', 'G2']);
    expectFailure(sb, ['goal', 'achieve', 'G2'], 5, ['Goal G2 is already retired', 'Only active goals']);
    expectFailure(sb, ['goal', 'retire', 'G2'], 5, ['already retired']);
  });

  it('items can no longer be added to a retired goal (exit 5)', () => {
    const sb = base.make();
    sb.ok(['goal', 'retire', 'G2']);
    expectFailure(sb, ['add', 'Late idea', '--value', '3', '--why', 'Someone still wants this thing', '--goal', 'G2'], 5, [
      'Goal G2 is retired',
      'ordo goal list',
    ]);
  });
});
