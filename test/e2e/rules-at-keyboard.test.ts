import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sandboxes, STRANGER } from '../helpers/cli.js';
import { expectFailure } from '../helpers/expect.js';

const WHY = 'Shoppers abandon carts when this is missing';

/** ORD-1, ORD-2 ready; ORD-3 a stakeholder's proposal; G2 retired. */
const base = sandboxes((s) => {
  s.initBacklog();
  s.addItems(2);
  s.ok(['add', 'Gift cards', '--value', '5', '--why', 'Shops in the mall sell ours at the till', '--goal', 'G1'], { user: STRANGER });
  s.ok(['goal', 'add', 'G2', 'Old goal']);
  s.ok(['goal', 'retire', 'G2']);
});
afterAll(() => base.cleanup());

const add = (why: string, title = 'New item') => ['add', title, '--value', '8', '--why', why, '--goal', 'G1'];

describe('value rules at the keyboard, at error severity (the default)', () => {
  it.each([
    ['tbd', 'The new item has a placeholder for its value rationale ("tbd"), not a reason'],
    ['TODO', 'placeholder'],
    ['n/a', 'placeholder'],
    ['-', 'placeholder'],
    ['...', 'placeholder'],
    ['Same as above', 'placeholder'],
    ['too short a reason', "The new item's value rationale has 4 words; at least 5 are required"],
  ])('ordo add --why %j is refused (exit 2) with check’s message and fix; nothing is written', (why, message) => {
    const sb = base.make();
    const r = expectFailure(sb, add(why), 2, [message, '(rule value-rationale)', 'Say why the new item matters']);
    expect(r.stderr).toMatch(/^hint: Say why the new item matters.*--why "who gains what, and how much"$/m);
    expect(sb.order()).toEqual(['ORD-1', 'ORD-2']);
  });

  it('the title repeated as the rationale is refused, for proposals too; the JSON error names the rule', () => {
    const sb = base.make();
    expectFailure(sb, add('new   ITEM!', 'New item'), 2, ["The new item's value rationale only repeats its title"]);
    expectFailure(sb, add('tbd'), 2, ['placeholder'], { user: STRANGER });
    expect(sb.run([...add('tbd'), '--json']).errorJson()).toMatchObject({ code: 'RULE_VIOLATION', message: expect.stringContaining('rule value-rationale') });
  });

  it('ordo edit refuses a rationale check would reject, with the same message as ordo check', () => {
    const sb = base.make();
    const r = expectFailure(sb, ['edit', 'ORD-1', '--why', 'tbd'], 2, ['ORD-1 has a placeholder for its value rationale ("tbd"), not a reason (rule value-rationale).']);
    expect(r.stderr).toContain('hint: Say why ORD-1 matters: ordo edit ORD-1 --why "who gains what, and how much"');
    expectFailure(sb, ['edit', 'ORD-1', '--title', WHY], 2, ["ORD-1's value rationale only repeats its title"]);
    // Fields the rules do not read are edited whatever the rest says.
    sb.ok(['edit', 'ORD-1', '--estimate', '3']);
  });

  it('the message is the one ordo check prints for the same item', () => {
    const sb = base.make();
    sb.editConfig((t) => t.replace('rules: {}', 'rules: { value-rationale: warn }'));
    sb.ok(['edit', 'ORD-2', '--why', 'n/a']);
    const check = sb.run(['check', '--format', 'json']).json().violations.find((v: { rule: string }) => v.rule === 'value-rationale');
    sb.editConfig((t) => t.replace('rules: { value-rationale: warn }', 'rules: {}'));
    const r = expectFailure(sb, ['edit', 'ORD-2', '--why', 'n/a', '--title', 'Renamed'], 2, []);
    expect(r.stderr).toContain(`error: ${check.message} (rule value-rationale).`);
    expect(r.stderr).toContain(`hint: ${check.fix}`);
  });

  it('triage applies them as a proposal enters the order', () => {
    const sb = base.make();
    sb.editConfig((t) => t.replace('rules: {}', 'rules: { value-rationale: off }'));
    sb.ok(['edit', 'ORD-3', '--why', 'tbd'], { user: STRANGER });
    sb.editConfig((t) => t.replace('rules: { value-rationale: off }', 'rules: {}'));
    expectFailure(sb, ['triage', 'ORD-3', '--accept'], 2, ['ORD-3 has a placeholder for its value rationale ("tbd")']);
    expect(sb.ok(['show', 'ORD-3', '--json']).json().item.status).toBe('proposed');
  });
});

describe('value rules at warn severity, and off', () => {
  it('warn: the item is written and the warning goes to stderr, stdout stays clean', () => {
    const sb = base.make();
    sb.editConfig((t) => t.replace('rules: {}', 'rules: { value-rationale: warn }'));
    const r = sb.ok([...add('tbd'), '--json']);
    expect(r.json().item).toMatchObject({ key: 'ORD-4', rationale: 'tbd' });
    expect(r.stderr).toContain('warning: The new item has a placeholder for its value rationale ("tbd"), not a reason (rule value-rationale)');
    expect(r.stderr).toContain('fix: Say why the new item matters');
    const e = sb.ok(['edit', 'ORD-1', '--why', 'Same as above']);
    expect(e.stdout).toBe('Edited ORD-1: rationale\n');
    expect(e.stderr).toContain('warning: ORD-1 has a placeholder');
  });

  it('goal-active at warn: an item may serve a retired goal, with the warning check gives', () => {
    const sb = base.make();
    sb.editConfig((t) => t.replace('rules: {}', 'rules: { goal-active: warn }'));
    const r = sb.ok(['add', 'Old work', '--value', '8', '--why', WHY, '--goal', 'G2']);
    expect(r.stdout).toBe('Added ORD-4 at #3: Old work\n');
    expect(r.stderr).toContain('warning: The new item is still in the order but its goal G2 is retired (rule goal-active)');
    sb.editConfig((t) => t.replace('goal-active: warn', 'goal-active: error'));
    expectFailure(sb, ['edit', 'ORD-1', '--goal', 'G2'], 5, ['Goal G2 is retired']);
  });

  it('off: nothing is said', () => {
    const sb = base.make();
    sb.editConfig((t) => t.replace('rules: {}', 'rules: { value-rationale: off }'));
    const r = sb.ok(add('tbd'));
    expect(r.stderr).toBe('');
  });

  it('rationale-min-words from ordo.yml sets the minimum', () => {
    const sb = base.make();
    sb.editConfig((t) => t.replace('rationale-min-words: 5', 'rationale-min-words: 2'));
    sb.ok(add('Saves time'));
    expectFailure(sb, add('Faster'), 2, ['has 1 word; at least 2 are required']);
  });
});

describe('ordo export -o FILE takes its format from the extension', () => {
  it.each([
    ['b.json', (t: string) => JSON.parse(t).kind === 'ordo-backlog'],
    ['b.yaml', (t: string) => t.startsWith('schemaVersion: 1\nkind: ordo-backlog\n')],
    ['b.YML', (t: string) => t.startsWith('schemaVersion: 1\nkind: ordo-backlog\n')],
    ['b.csv', (t: string) => t.startsWith('position,key,status,')],
    ['b.md', (t: string) => t.startsWith('# Acme Checkout: Product Backlog')],
    ['b.html', (t: string) => t.startsWith('<!doctype html>')],
    ['b.txt', (t: string) => t.startsWith('schemaVersion: 1\n')],
  ])('%s', (file, looksRight) => {
    const sb = base.make();
    sb.ok(['export', '-o', file]);
    expect(looksRight(readFileSync(join(sb.dir, file), 'utf8'))).toBe(true);
  });

  it('--format wins over the extension; the json export imports back', () => {
    const sb = base.make();
    sb.ok(['export', '-o', 'b.json', '--format', 'yaml']);
    expect(readFileSync(join(sb.dir, 'b.json'), 'utf8')).toMatch(/^schemaVersion: 1\n/);
    sb.ok(['export', '-o', 'c.json']);
    expect(sb.ok(['import', 'c.json', '--dry-run']).stdout).toContain('Dry run');
    expectFailure(sb, ['export', '-o', 'd.json', '--format', 'xml'], 2, ['"xml" is not an export format']);
    expect(existsSync(join(sb.dir, 'd.json'))).toBe(false);
  });
});
