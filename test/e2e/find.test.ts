import { afterAll, describe, expect, it } from 'vitest';
import { sandboxes, STRANGER } from '../helpers/cli.js';
import { expectFailure, expectReadOnly } from '../helpers/expect.js';

/**
 * ORD-1 ready (G1, story, labels checkout+mobile), ORD-2 in progress (G2, bug, label checkout),
 * ORD-3 ready (G1, chore), ORD-4 done, ORD-5 a proposal, ORD-6 ready with text full of
 * query syntax. ORD-3 depends on ORD-2 (not done): blocked.
 */
const base = sandboxes((s) => {
  s.initBacklog();
  s.ok(['goal', 'add', 'G2', 'Fewer support calls']);
  const add = (title: string, why: string, ...extra: string[]) => s.ok(['add', title, '--value', '8', '--why', why, '--goal', 'G1', ...extra]);
  add('Retry card payments', 'Declined cards on mobile cost two percent of orders', '--label', 'checkout,mobile', '--desc', 'Use the gateway retry endpoint');
  add('Fix the address form', 'Support answers forty calls a week about it', '--goal', 'G2', '--type', 'bug', '--label', 'checkout');
  add('Upgrade the payment SDK', 'The old version loses vendor support in March', '--type', 'chore');
  add('Explain delivery costs', 'Shoppers leave when the fee appears at the end');
  s.ok(['add', 'Pay by bank transfer', '--value', '5', '--why', 'Business buyers in Germany ask for Überweisung every week', '--goal', 'G1'], { user: STRANGER });
  add('Odd text', 'Words like NEAR( and OR and a "quote" and * and - must be plain text', '--desc', "'; DROP TABLE items; -- café naïve 日本語テスト");
  s.ok(['start', 'ORD-2']);
  s.ok(['start', 'ORD-4']);
  s.ok(['done', 'ORD-4']);
  s.ok(['depend', 'ORD-3', '--on', 'ORD-2']);
});
afterAll(() => base.cleanup());

const keys = (r: { json(): { items: { key: string }[] } }) => r.json().items.map((i) => i.key);

describe('ordo list --search', () => {
  it('finds by title, description and rationale, whole words or their start, any case', () => {
    const sb = base.make();
    expect(keys(expectReadOnly(sb, ['list', '--search', 'retry', '--json']))).toEqual(['ORD-1']); // title (and description)
    expect(keys(sb.ok(['list', '--search', 'GATEWAY', '--json']))).toEqual(['ORD-1']); // description only
    expect(keys(sb.ok(['list', '--search', 'vendor support', '--json']))).toEqual(['ORD-3']); // rationale only
    expect(keys(sb.ok(['list', '--search', 'pay', '--json']))).toEqual(['ORD-1', 'ORD-3']); // payments, payment
    expect(keys(sb.ok(['list', '--search', 'support', '--json']))).toEqual(['ORD-2', 'ORD-3']);
  });

  it('every word must match; the order and positions are those of the backlog', () => {
    const sb = base.make();
    const r = sb.ok(['list', '--search', 'support calls', '--json']).json();
    expect(r.items.map((i: { key: string; position: number }) => [i.key, i.position])).toEqual([['ORD-2', 2]]);
    expect(sb.ok(['list', '--search', 'support', '--limit', '1', '--json']).json().items).toHaveLength(1);
  });

  it('reaches the intake and finished items with --all or --status', () => {
    const sb = base.make();
    expect(keys(sb.ok(['list', '--search', 'transfer', '--json']))).toEqual([]);
    expect(keys(sb.ok(['list', '--search', 'transfer', '--all', '--json']))).toEqual(['ORD-5']);
    expect(keys(sb.ok(['list', '--search', 'delivery', '--status', 'done', '--json']))).toEqual(['ORD-4']);
  });

  it('ignores accents and finds any script', () => {
    const sb = base.make();
    expect(keys(sb.ok(['list', '--search', 'ueberweisung uberweisung'.split(' ')[1]!, '--all', '--json']))).toEqual(['ORD-5']);
    expect(keys(sb.ok(['list', '--search', 'Überweisung', '--all', '--json']))).toEqual(['ORD-5']);
    expect(keys(sb.ok(['list', '--search', 'cafe naive', '--json']))).toEqual(['ORD-6']);
    expect(keys(sb.ok(['list', '--search', '日本語', '--json']))).toEqual(['ORD-6']);
  });

  it.each([
    ['"', null],
    ['*', null],
    ['-', null],
    ['NEAR(', ['ORD-6']],
    ['OR', ['ORD-1', 'ORD-6']], // "orders" starts with it
    ['zebra OR quote', []],
    ['NEAR(quote plain)', []], // as FTS5 syntax it would match ORD-6
    ['NOT retry', []],
    ['-retry', ['ORD-1']],
    ['retry*', ['ORD-1']],
    ['title:retry', []],
    ['"quote', ['ORD-6']],
    ["'; DROP TABLE items; --", ['ORD-6']],
    ['items"); DROP TABLE items; --', ['ORD-6']],
  ])('takes %j as words to find, never as query syntax or SQL', (text, expected) => {
    const sb = base.make();
    if (expected === null) {
      expectFailure(sb, ['list', '--search', text], 2, ['holds no word to look for']);
      return;
    }
    const r = expectReadOnly(sb, ['list', '--search', text, '--json']);
    expect(keys(r)).toEqual(expected);
    // The backlog is still all there.
    expect(keys(sb.ok(['list', '--all', '--json']))).toHaveLength(6);
  });

  it('prints a table with the labels column when labels are shown', () => {
    const sb = base.make();
    const out = sb.ok(['list', '--search', 'card']).stdout;
    expect(out).toMatch(/LABELS\s+TITLE/);
    expect(out).toMatch(/ORD-1 .*checkout,mobile\s+Retry card payments/);
  });
});

describe('ordo list filters', () => {
  it('take several values by comma or by repeating the flag, and combine with each other', () => {
    const sb = base.make();
    expect(keys(sb.ok(['list', '--status', 'ready,in-progress', '--json']))).toEqual(['ORD-1', 'ORD-2', 'ORD-3', 'ORD-6']);
    expect(keys(sb.ok(['list', '--status', 'in-progress', '--status', 'proposed', '--json']))).toEqual(['ORD-2', 'ORD-5']);
    expect(keys(sb.ok(['list', '--status', 'done,proposed', '--json']))).toEqual(['ORD-4', 'ORD-5']);
    expect(keys(sb.ok(['list', '--type', 'bug', '--type', 'chore', '--json']))).toEqual(['ORD-2', 'ORD-3']);
    expect(keys(sb.ok(['list', '--goal', 'G1,G2', '--type', 'story', '--json']))).toEqual(['ORD-1', 'ORD-6']);
    expect(keys(sb.ok(['list', '--label', 'checkout', '--json']))).toEqual(['ORD-1', 'ORD-2']);
    expect(keys(sb.ok(['list', '--label', 'MOBILE', '--json']))).toEqual(['ORD-1']);
    expect(keys(sb.ok(['list', '--label', 'checkout', '--status', 'in-progress', '--json']))).toEqual(['ORD-2']);
    expect(keys(sb.ok(['list', '--label', 'checkout', '--search', 'address', '--json']))).toEqual(['ORD-2']);
    expect(keys(sb.ok(['list', '--goal', 'G2', '--label', 'mobile', '--json']))).toEqual([]);
  });

  it('--blocked and --unblocked split the order by dependencies that are not done', () => {
    const sb = base.make();
    const blocked = sb.ok(['list', '--blocked', '--json']).json();
    expect(blocked.items.map((i: { key: string; blockedBy: string[] }) => [i.key, i.blockedBy])).toEqual([['ORD-3', ['ORD-2']]]);
    expect(keys(sb.ok(['list', '--unblocked', '--json']))).toEqual(['ORD-1', 'ORD-2', 'ORD-6']);
    expect(sb.ok(['list', '--blocked']).stdout).toMatch(/BLOCKED BY\s+TITLE\n.*ORD-3 .*ORD-2\s+Upgrade the payment SDK/);
    sb.ok(['done', 'ORD-2']);
    expect(keys(sb.ok(['list', '--blocked', '--json']))).toEqual([]);
  });

  it('refuse unknown values with the allowed ones, and contradictory flags', () => {
    const sb = base.make();
    expectFailure(sb, ['list', '--status', 'ready,finished'], 2, ['Unknown status "finished"']);
    expectFailure(sb, ['list', '--type', 'story,epic'], 2, ['Unknown item type "epic"']);
    expectFailure(sb, ['list', '--goal', 'G1,G9'], 4, ['No roadmap goal "G9"']);
    expectFailure(sb, ['list', '--blocked', '--unblocked'], 2, ['exclude each other']);
  });
});
