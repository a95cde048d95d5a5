// ordo import --from: another tracker's export, as that tool writes it, lands in the intake.
import { copyFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEV, sandboxes, type Sandbox } from '../helpers/cli.js';

const FIXTURES = resolve(import.meta.dirname, '../fixtures/import');
const MAP = join(FIXTURES, 'map.yml');
const pool = sandboxes((sb) => {
  sb.initBacklog();
  sb.ok(['goal', 'add', 'G2', 'Loyal shoppers']);
  sb.addItems(1, 'Existing');
});
afterAll(() => pool.cleanup());

type Report = { from: string; dryRun: boolean; taken: { key: string; source: string; title: string; value: number | null; goal: string | null; needs: string[] }[]; skipped: { source: string | null; reason: string }[] };
const importJson = (sb: Sandbox, args: string[], user?: string): Report => {
  const r = sb.ok(['import', ...args, '--json'], { user });
  const json = r.json();
  expect(json).toMatchObject({ schemaVersion: 1, kind: 'tracker-import' });
  return json;
};
const proposals = (sb: Sandbox) => sb.ok(['list', '--status', 'proposed', '--json']).json().items as { key: string; title: string; value: number | null; goal: string | null; type: string; rationale: string | null; description: string; status: string; position: null }[];

/** Imports twice: the second time adds nothing and says each open item was already imported. */
function twice(sb: Sandbox, args: string[]): Report {
  const first = importJson(sb, args);
  const second = importJson(sb, args);
  expect(second.taken).toEqual([]);
  for (const t of first.taken) expect(second.skipped).toContainEqual(expect.objectContaining({ source: t.source, reason: 'already imported (an item holds its source link)' }));
  expect(proposals(sb)).toHaveLength(first.taken.length);
  expect(sb.ok(['list', '--all', '--json']).json().items).toHaveLength(1 + first.taken.length);
  return first;
}

describe('ordo import --from', () => {
  it('github: open issues become proposals with their link; closed ones and over-long titles are skipped, with why', () => {
    const sb = pool.make();
    const r = twice(sb, ['--from', 'github', join(FIXTURES, 'github-issues.json'), '--map', MAP]);
    expect(r.taken.map((t) => [t.key, t.source, t.value, t.goal])).toEqual([
      ['ORD-2', 'github:acme/shop#41', 13, 'G1'],
      ['ORD-3', 'github:acme/shop#44', 3, 'G2'],
      ['ORD-4', 'github:acme/shop#57', 2, 'G1'],
    ]);
    expect(r.taken[1]!.needs).toEqual(['why']);
    expect(r.skipped).toEqual([
      { source: 'github:acme/shop#12', title: 'Validate the card number while typing', reason: 'closed there (closed): only open work is imported' },
      expect.objectContaining({ source: 'github:acme/shop#52', reason: 'The title is 228 characters long; the limit is 200.' }),
    ]);
    const [first] = proposals(sb);
    expect(first).toMatchObject({ key: 'ORD-2', status: 'proposed', position: null, type: 'bug', rationale: 'Shoppers on mobile abandon the checkout when 3-D Secure times out, about 2% of orders a week.' });
    expect(first!.description).toContain('Imported from github:acme/shop#41 (https://github.com/acme/shop/issues/41)');
    expect(first!.description).toContain('opened by octocat on 2026-10-02; priority high; labels bug, checkout, priority: high; status open; milestone Q4 checkout');
    expect(first!.description).not.toContain('\r');
    expect(sb.ok(['show', 'ORD-4', '--json']).json().item.type).toBe('spike');
  });

  it("jira: the CSV with repeated Labels columns and quoted multi-line cells; epics and done work skipped", () => {
    const sb = pool.make();
    const r = twice(sb, ['--from', 'jira', join(FIXTURES, 'jira-export.csv'), '--map', MAP]);
    expect(r.taken.map((t) => [t.source, t.value, t.needs])).toEqual([
      ['jira:SHOP-2', 13, []],
      ['jira:SHOP-3', 21, []],
      ['jira:SHOP-5', 2, ['why']],
    ]);
    expect(r.skipped.map((s) => [s.source, s.reason])).toEqual([
      ['jira:SHOP-1', 'an epic: in ordo that is a roadmap goal (ordo goal add); its stories are imported'],
      ['jira:SHOP-4', 'closed there (Done): only open work is imported'],
    ]);
    const item = sb.ok(['show', 'ORD-2', '--json']).json().item;
    expect(item.title).toBe("Remember the shopper's last payment method");
    expect(item.description).toContain('* the shopper can change it, "one tap"');
    expect(item.description).toContain('labels checkout, mobile, epic:SHOP-1');
    expect(item.description).toContain('opened by Bob Example on 2026-10-12');
    expect(sb.ok(['show', 'ORD-3', '--json']).json().item.type).toBe('bug');
  });

  it('backlog-md: task files with front matter, description and acceptance criteria; done tasks skipped', () => {
    const sb = pool.make();
    const r = twice(sb, ['--from', 'backlog-md', join(FIXTURES, 'backlog-md'), '--map', MAP]);
    expect(r.taken.map((t) => [t.source, t.title, t.value, t.goal])).toEqual([
      ['backlog-md:task-1', 'Add gift card payments', 13, 'G1'],
      ['backlog-md:task-2', 'Fix rounding of VAT on discounts', 5, 'G1'],
      ['backlog-md:task-4', 'Loyalty tiers', 3, 'G2'],
    ]);
    expect(r.skipped).toEqual([expect.objectContaining({ source: 'backlog-md:task-3', reason: 'closed there (Done): only open work is imported' })]);
    const item = sb.ok(['show', 'ORD-3', '--json']).json().item;
    expect(item.type).toBe('bug');
    expect(item.description).toContain('Acceptance criteria:\n- [x] Reproduced with a 15% discount on 3 items\n- [ ] Totals match the invoice to the cent');
    expect(item.description).toContain('depends on backlog-md:task-1');
    expect(item.description).not.toContain('SECTION:');
    expect(item.description).not.toContain('Round per line');
  });

  it('taskwarrior: pending and waiting tasks taken, completed and deleted skipped; without a map the item says what it needs', () => {
    const sb = pool.make();
    const r = twice(sb, ['--from', 'taskwarrior', join(FIXTURES, 'taskwarrior-export.json')]);
    expect(r.taken.map((t) => [t.title, t.needs])).toEqual([
      ['Cache the shipping rates per postcode', ['why', 'value', 'goal']],
      ['Email a receipt with the invoice PDF', ['why', 'value', 'goal']],
      ['Renew the TLS certificate of the payment callback', ['why', 'value', 'goal']],
    ]);
    expect(r.skipped.map((s) => s.reason)).toEqual(['closed there (completed): only open work is imported', 'closed there (deleted): only open work is imported']);
    const item = sb.ok(['show', 'ORD-3', '--json']).json().item;
    expect(item.description).toContain('- 2026-11-06: Finance needs the PDF attached, not linked');
    expect(item.description).toContain('Imported from taskwarrior:b4e1d3c5-7c2f-4d9b-8e3a-1f2c3d4e5f60');
    expect(item.description).toContain('opened on 2026-11-05');
    // What the import could not give, ordo check reports until the Product Owner gives it.
    const check = sb.run(['check', '--json']);
    expect(check.code).toBe(1);
    expect(check.json().violations.filter((v: { key: string }) => v.key === 'ORD-3').map((v: { rule: string }) => v.rule).sort()).toEqual(['goal-link', 'value-on-scale', 'value-rationale']);
  });

  it('the text report says what was taken and skipped; anyone may import proposals; --dry-run writes nothing', () => {
    const sb = pool.make();
    const before = sb.dbHash();
    const dry = sb.ok(['import', '--from', 'github', join(FIXTURES, 'github-issues.json'), '--map', MAP, '--dry-run']);
    expect(dry.stdout).toMatch(/^Dry run: importing .*github-issues\.json from github would propose 3 item\(s\) and skip 2/);
    expect(sb.dbHash()).toBe(before);
    const r = sb.ok(['import', '--from', 'github', join(FIXTURES, 'github-issues.json'), '--map', MAP], { user: DEV });
    expect(r.stdout).toContain('Imported 3 item(s) from github');
    expect(r.stdout).toMatch(/ORD-3\s+github:acme\/shop#44\s+Show loyalty points on the order confirmation\s+\(value 3, goal G2, needs why\)/);
    expect(r.stdout).toContain('github:acme/shop#12  Validate the card number while typing: closed there (closed)');
    expect(sb.ok(['show', 'ORD-2', '--json']).json().item.createdBy).toBe(DEV);
  });

  it('bad input: unknown tracker 2, missing file 4, unreadable export 6, bad mapping 2; nothing written', () => {
    const sb = pool.make();
    const before = sb.dbHash();
    const run = (...args: string[]) => sb.run(['import', ...args]);
    let r = run('--from', 'trello', 'x.json');
    expect([r.code, r.stderr]).toEqual([2, expect.stringContaining('Use one of: github, jira, backlog-md, taskwarrior')]);
    r = run('--from', 'github', 'nope.json');
    expect([r.code, r.stderr]).toEqual([4, expect.stringContaining('Cannot read nope.json')]);
    writeFileSync(join(sb.dir, 'broken.json'), '[{"number": 1, "title": ');
    r = run('--from', 'github', 'broken.json');
    expect([r.code, r.stderr]).toEqual([6, expect.stringContaining('broken.json is not JSON')]);
    writeFileSync(join(sb.dir, 'not-jira.csv'), 'a,b\n1,2\n');
    r = run('--from', 'jira', 'not-jira.csv');
    expect([r.code, r.stderr]).toEqual([6, expect.stringContaining('no "Summary" and "Issue key" columns')]);
    copyFileSync(join(FIXTURES, 'github-issues.json'), join(sb.dir, 'issues.json'));
    writeFileSync(join(sb.dir, 'bad-goal.yml'), 'goal: G9\n');
    r = run('--from', 'github', 'issues.json', '--map', 'bad-goal.yml');
    expect([r.code, r.stderr]).toEqual([2, expect.stringContaining('bad-goal.yml: goal: No roadmap goal "G9"')]);
    writeFileSync(join(sb.dir, 'bad-value.yml'), 'priority:\n  high: 4\n');
    r = run('--from', 'github', 'issues.json', '--map', 'bad-value.yml');
    expect([r.code, r.stderr]).toEqual([2, expect.stringContaining('bad-value.yml: priority.high: Business value 4 is not on the value scale')]);
    writeFileSync(join(sb.dir, 'bad-key.yml'), 'goals: G1\n');
    r = run('--from', 'github', 'issues.json', '--map', 'bad-key.yml');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('bad-key.yml');
    r = run('issues.json', '--map', 'bad-key.yml');
    expect([r.code, r.stderr]).toEqual([2, expect.stringContaining('--map goes with --from')]);
    expect(sb.dbHash()).toBe(before);
  });
});
