import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/store/database.js';
import { OWNER, Sandbox, STRANGER, type RunOptions, type RunResult } from '../helpers/cli.js';

// One backlog built through the CLI, copied for every test: G1 active, G2 active,
// ORD-1..3 ranked (ORD-3 on G2), ORD-4 a proposal by a stakeholder.
let template: Sandbox;
let sb: Sandbox;

beforeAll(() => {
  template = new Sandbox().initBacklog();
  template.ok(['goal', 'add', 'G2', 'Fewer support calls']);
  template.ok(['add', 'Retry 3-D Secure on timeout', '--value', '13', '--goal', 'G1', '--why', 'Timeouts cost about 2% of mobile orders']);
  template.ok(['add', 'Apple Pay', '--value', '8', '--goal', 'G1', '--why', 'Most mobile shoppers asked for a wallet']);
  template.ok(['add', 'Clearer decline messages', '--value', '5', '--goal', 'G2', '--why', 'Declines without a reason cause support calls']);
  template.ok(['add', 'Gift cards', '--value', '3', '--goal', 'G1', '--why', 'Gift cards bring new shoppers each December'], { user: STRANGER });
});
afterAll(() => template?.cleanup());
afterEach(() => sb?.cleanup());

function fresh(): Sandbox {
  sb = new Sandbox();
  cpSync(template.dir, sb.dir, { recursive: true });
  return sb;
}

/** Edits the database directly, to make states the CLI refuses to create. */
function sql(statements: string, ...params: unknown[]): void {
  const db = new Database(sb.dbPath);
  try {
    if (params.length > 0) db.prepare(statements).run(...params);
    else db.exec(statements);
  } finally {
    db.close();
  }
}

function editConfig(fn: (text: string) => string): void {
  const file = join(sb.dir, 'ordo.yml');
  writeFileSync(file, fn(readFileSync(file, 'utf8')));
}

/** Runs `ordo check` and asserts the database is byte-identical afterwards. */
function check(args: string[] = ['--json'], options: RunOptions = {}): RunResult {
  const before = sb.dbHash();
  const r = sb.run(['check', ...args], options);
  expect(sb.dbHash()).toBe(before);
  return r;
}

function violations(r: RunResult): { rule: string; severity: string; key: string | null; message: string; fix: string }[] {
  const report = r.json();
  expect(report).toMatchObject({ schemaVersion: 1, kind: 'check-report' });
  return report.violations;
}

describe('ordo check: a clean backlog', () => {
  it('passes with exit 0 and an empty report, in every format', () => {
    fresh();
    const r = check();
    expect(r.code).toBe(0);
    expect(r.json()).toMatchObject({ ok: true, violations: [], summary: { items: 4, errors: 0, warnings: 0 } });
    const text = check([]);
    expect(text.code).toBe(0);
    expect(text.stdout.trim()).toBe('✔ 4 items checked: no violations');
    expect(check(['--format', 'github']).stdout.trim()).toBe('ordo check: 0 errors, 0 warnings in 4 items checked');
  });
});

describe('ordo check: each rule, failing', () => {
  it('value-rationale: missing, placeholder, title repeated, too short', () => {
    fresh();
    sql("UPDATE items SET rationale = NULL WHERE number = 1; UPDATE items SET rationale = 'T.B.D.' WHERE number = 2;");
    sql("UPDATE items SET rationale = 'clearer decline messages!' WHERE number = 3; UPDATE items SET rationale = 'Shoppers like it' WHERE number = 4;");
    const r = check();
    expect(r.code).toBe(1);
    expect(violations(r)).toEqual([
      { rule: 'value-rationale', severity: 'error', key: 'ORD-1', message: 'ORD-1 has no value rationale', fix: 'Say why ORD-1 matters: ordo edit ORD-1 --why "who gains what, and how much"' },
      expect.objectContaining({ key: 'ORD-2', message: 'ORD-2 has a placeholder for its value rationale ("T.B.D."), not a reason' }),
      expect.objectContaining({ key: 'ORD-3', message: "ORD-3's value rationale only repeats its title" }),
      expect.objectContaining({ key: 'ORD-4', message: "ORD-4's value rationale has 3 words; at least 5 are required" }),
    ]);
    expect(r.errorJson()).toMatchObject({ code: 'CHECK_FAILED' });
  });

  it('value-on-scale: off the scale, or missing', () => {
    fresh();
    sql('UPDATE items SET value = 4 WHERE number = 1; UPDATE items SET value = NULL WHERE number = 4;');
    const r = check();
    expect(r.code).toBe(1);
    expect(violations(r).map((v) => [v.rule, v.key, v.message])).toEqual([
      ['value-on-scale', 'ORD-1', "ORD-1's business value 4 is not on the value scale (1, 2, 3, 5, 8, 13, 21)"],
      ['value-on-scale', 'ORD-4', 'ORD-4 has no business value'],
    ]);
  });

  it('goal-link: no goal, or one that does not exist', () => {
    fresh();
    sql("UPDATE items SET goal = NULL WHERE number = 2; UPDATE items SET goal = 'G9' WHERE number = 4;");
    const r = check();
    expect(r.code).toBe(1);
    expect(violations(r).map((v) => [v.rule, v.key, v.message])).toEqual([
      ['goal-link', 'ORD-2', 'ORD-2 serves no roadmap goal'],
      ['goal-link', 'ORD-4', 'ORD-4 serves roadmap goal "G9", which does not exist'],
    ]);
  });

  it('goal-active: a ranked item serving a retired goal; a finished one does not count', () => {
    fresh();
    sb.ok(['start', 'ORD-3']);
    sb.ok(['add', 'Decline codes glossary', '--value', '2', '--goal', 'G2', '--why', 'Support staff look codes up every single day']);
    sb.ok(['drop', 'ORD-5', '--reason', 'Not needed any more']);
    sb.ok(['goal', 'retire', 'G2'], { user: OWNER });
    const r = check();
    expect(r.code).toBe(1);
    expect(violations(r)).toEqual([
      expect.objectContaining({ rule: 'goal-active', key: 'ORD-3', message: 'ORD-3 is still in the order but its goal G2 is retired' }),
    ]);
  });

  it('rationale-duplicate warns (exit 0) and fails under --strict', () => {
    fresh();
    sql("UPDATE items SET rationale = 'TIMEOUTS cost about 2 % of mobile orders!' WHERE number = 2");
    const r = check();
    expect(r.code).toBe(0);
    expect(r.json().ok).toBe(true);
    expect(violations(r)).toEqual([
      expect.objectContaining({ rule: 'rationale-duplicate', severity: 'warn', key: 'ORD-1', message: 'ORD-1 has the same value rationale as ORD-2' }),
      expect.objectContaining({ rule: 'rationale-duplicate', severity: 'warn', key: 'ORD-2', message: 'ORD-2 has the same value rationale as ORD-1' }),
    ]);
    const strict = check(['--json', '--strict']);
    expect(strict.code).toBe(1);
    expect(strict.json()).toMatchObject({ ok: false, strict: true, summary: { warnings: 2, failing: 2 } });
  });

  it('stale-proposal follows ORDO_NOW and stale-proposal-days', () => {
    fresh();
    sql("UPDATE items SET created_at = '2026-01-01T00:00:00.000Z' WHERE number = 4");
    expect(violations(check(['--json'], { env: { ORDO_NOW: '2026-01-14T00:00:00Z' } }))).toEqual([]);
    const r = check(['--json'], { env: { ORDO_NOW: '2026-01-16T00:00:00Z' } });
    expect(r.code).toBe(0);
    expect(violations(r)).toEqual([
      expect.objectContaining({ rule: 'stale-proposal', severity: 'warn', key: 'ORD-4', message: 'ORD-4 has waited in the intake for 15 days (more than 14)' }),
    ]);
    editConfig((t) => t.replace('stale-proposal-days: 14', 'stale-proposal-days: 30'));
    expect(violations(check(['--json'], { env: { ORDO_NOW: '2026-01-16T00:00:00Z' } }))).toEqual([]);
  });

  it('order-integrity: malformed and duplicate rank keys, statuses that disagree with the rank', () => {
    fresh();
    sql('DROP INDEX items_by_rank');
    sql("UPDATE items SET rank = 'a 1' WHERE number = 1");
    sql('UPDATE items SET rank = (SELECT rank FROM items WHERE number = 2) WHERE number = 3');
    sql("UPDATE items SET rank = 'a9' WHERE number = 4");
    sb.ok(['add', 'Saved cards', '--value', '8', '--goal', 'G1', '--why', 'Returning shoppers type their card every time']);
    sql('UPDATE items SET rank = NULL WHERE number = 5');
    const r = check();
    expect(r.code).toBe(1);
    expect(violations(r).map((v) => [v.rule, v.key, v.message])).toEqual([
      ['order-integrity', 'ORD-1', 'ORD-1 has the malformed rank key "a 1"'],
      ['order-integrity', 'ORD-3', expect.stringMatching(/^ORD-3 has the same rank key "\w+" as ORD-2, so their order is undefined$/)],
      ['order-integrity', 'ORD-4', 'ORD-4 is proposed but still holds rank key "a9" in the order'],
      ['order-integrity', 'ORD-5', 'ORD-5 is ready but has no place in the order'],
    ]);
  });

  it('owner-handover: an owner edited into ordo.yml by hand fails; a recorded transfer passes', () => {
    fresh();
    editConfig((t) => t.replace(`owner: ${OWNER}`, 'owner: mallory@example.com'));
    const r = check();
    expect(r.code).toBe(1);
    expect(violations(r)).toEqual([
      {
        rule: 'owner-handover',
        severity: 'error',
        key: null,
        message: 'ordo.yml names mallory@example.com as Product Owner but no recorded handover made mallory@example.com the owner',
        fix: expect.stringContaining(`Put owner: ${OWNER} back in ordo.yml`),
      },
    ]);
    const github = check(['--format', 'github']).stdout.split('\n');
    expect(github[0]).toBe(
      `::error title=ordo owner-handover::ordo.yml names mallory@example.com as Product Owner but no recorded handover made mallory@example.com the owner. Fix: Put owner: ${OWNER} back in ordo.yml (recorded ${github[0]!.match(/recorded (\S+) by/)![1]} by ${OWNER}); to hand the role over, the Product Owner runs ordo owner transfer mallory@example.com`,
    );
    sql(
      "INSERT INTO events (at, actor, source, command, action, details) VALUES ('2026-02-01T00:00:00Z', ?, 'ORDO_USER', 'owner transfer', 'owner.transfer', ?)",
      OWNER,
      JSON.stringify({ from: OWNER, to: 'Mallory@Example.com' }),
    );
    // The handover is now recorded, so owner-handover passes; the row was written by hand,
    // outside the audit hash chain, and that is what check reports instead.
    expect(violations(check()).map((v: { rule: string }) => v.rule)).toEqual(['audit-trail']);
  });
});

describe('ordo check: configuration', () => {
  it('a rule turned off is not reported; one turned to warn does not fail the check', () => {
    fresh();
    sql('UPDATE items SET rationale = NULL WHERE number = 1');
    editConfig((t) => t.replace('rules: {}', 'rules:\n    value-rationale: off'));
    const off = check();
    expect(off.code).toBe(0);
    expect(violations(off)).toEqual([]);
    expect(off.json().summary.rules['value-rationale']).toBe('off');

    editConfig((t) => t.replace('value-rationale: off', 'value-rationale: warn'));
    const warn = check();
    expect(warn.code).toBe(0);
    expect(violations(warn)).toEqual([expect.objectContaining({ rule: 'value-rationale', severity: 'warn', key: 'ORD-1' })]);
    expect(check(['--json', '--strict']).code).toBe(1);
  });

  it('rationale-min-words is honoured', () => {
    fresh();
    editConfig((t) => t.replace('rationale-min-words: 5', 'rationale-min-words: 8'));
    const r = check();
    expect(r.code).toBe(1);
    expect(violations(r).map((v) => v.key)).toEqual(['ORD-1', 'ORD-2', 'ORD-3', 'ORD-4']);
  });

  it('an invalid severity is refused like any invalid configuration (exit 6)', () => {
    fresh();
    editConfig((t) => t.replace('rules: {}', 'rules:\n    goal-active: fatal'));
    const r = check();
    expect(r.code).toBe(6);
    expect(r.errorJson()).toMatchObject({ code: 'CONFIG_INVALID' });
    expect(r.errorJson().message).toContain('check.rules.goal-active');
  });
});

describe('ordo check: formats', () => {
  function broken(): void {
    fresh();
    sql("UPDATE items SET rationale = 'tbd' WHERE number = 2; UPDATE items SET goal = 'G%9' WHERE number = 3;");
    sql("UPDATE items SET rationale = 'Timeouts cost about 2% of mobile orders' WHERE number = 4");
  }

  it('text groups violations by item with the rule, severity and a fix, then a summary', () => {
    broken();
    const r = check([]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('');
    expect(r.stdout).not.toMatch(/\u001b\[/);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('ORD-1  Retry 3-D Secure on timeout');
    expect(lines[1]).toBe('  warn   rationale-duplicate  ORD-1 has the same value rationale as ORD-4');
    expect(lines[2]).toMatch(/^ {30}fix: Say why this item matters on its own/);
    expect(lines).toContain('ORD-2  Apple Pay');
    expect(lines).toContain('  error  value-rationale      ORD-2 has a placeholder for its value rationale ("tbd"), not a reason');
    expect(lines.at(-1)).toBe('✖ 2 errors, 2 warnings in 4 items checked; the check fails (2 violations at error severity)');
    // Colour only when the terminal (here: FORCE_COLOR) asks for it.
    const coloured = check([], { env: { NO_COLOR: undefined, FORCE_COLOR: '1' } });
    expect(coloured.stdout).toMatch(/\u001b\[31merror\u001b\[39m/);
  });

  it('github prints one workflow command per violation, escaped', () => {
    broken();
    const r = check(['--format', 'github']);
    expect(r.code).toBe(1);
    expect(r.stdout.trimEnd().split('\n')).toEqual([
      '::warning title=ordo rationale-duplicate (ORD-1)::ORD-1 has the same value rationale as ORD-4. Fix: Say why this item matters on its own (ordo edit ORD-1 --why TEXT), or merge the duplicates',
      '::error title=ordo value-rationale (ORD-2)::ORD-2 has a placeholder for its value rationale ("tbd"), not a reason. Fix: Say why ORD-2 matters: ordo edit ORD-2 --why "who gains what, and how much"',
      '::error title=ordo goal-link (ORD-3)::ORD-3 serves roadmap goal "G%259", which does not exist. Fix: Link it to an existing goal: ordo edit ORD-3 --goal G, or add the goal with ordo goal add',
      '::warning title=ordo rationale-duplicate (ORD-4)::ORD-4 has the same value rationale as ORD-1. Fix: Say why this item matters on its own (ordo edit ORD-4 --why TEXT), or merge the duplicates',
      'ordo check: 2 errors, 2 warnings in 4 items checked',
    ]);
    const strict = check(['--format', 'github', '--strict']);
    expect(strict.stdout.split('\n').filter((l) => l.startsWith('::error ')).length).toBe(4);
  });

  it('junit is valid XML: a testcase per item plus the backlog, a failure per failing violation', () => {
    broken();
    editConfig((t) => t.replace(`owner: ${OWNER}`, 'owner: mallory@example.com'));
    sql('UPDATE items SET value = NULL WHERE number = 2');
    const r = check(['--format', 'junit'], { env: { ORDO_NOW: '2026-05-01T12:00:00Z' } });
    expect(r.code).toBe(1);
    expect(XMLValidator.validate(r.stdout)).toBe(true);
    const doc = new XMLParser({ ignoreAttributes: false, isArray: (n) => ['testsuite', 'testcase', 'failure'].includes(n) }).parse(r.stdout);
    const suites = doc.testsuites.testsuite;
    expect(suites).toHaveLength(1);
    const suite = suites[0];
    expect(suite['@_name']).toBe('ordo check');
    expect(suite['@_timestamp']).toBe('2026-05-01T12:00:00');
    const cases: { '@_name': string; failure?: { '@_type': string }[]; 'system-out'?: string }[] = suite.testcase;
    expect(cases.map((c) => c['@_name'])).toEqual(['backlog', 'ORD-1 Retry 3-D Secure on timeout', 'ORD-2 Apple Pay', 'ORD-3 Clearer decline messages', 'ORD-4 Gift cards']);
    expect(cases.map((c) => (c.failure ?? []).map((f) => f['@_type']))).toEqual([
      ['owner-handover'],
      [],
      ['value-rationale', 'value-on-scale'],
      ['goal-link'],
      [],
    ]);
    // Warnings do not fail the check, so they are output, not failures.
    expect(cases[1]!['system-out']).toContain('warning rationale-duplicate: ORD-1 has the same value rationale as ORD-4');
    expect(cases[4]!['system-out']).toContain('warning rationale-duplicate: ORD-4 has the same value rationale as ORD-1');
    expect(Number(suite['@_tests'])).toBe(5);
    expect(Number(suite['@_failures'])).toBe(3);
    expect(Number(doc.testsuites['@_failures'])).toBe(3);
    // Under --strict the warnings fail too, one <failure> each.
    const strict = new XMLParser({ ignoreAttributes: false }).parse(check(['--format', 'junit', '--strict']).stdout);
    expect(Number(strict.testsuites.testsuite['@_failures'])).toBe(5);
  });

  it('--json equals --format json; --json with another format is a usage error', () => {
    broken();
    expect(check(['--format', 'json']).stdout).toBe(check(['--json']).stdout);
    const r = check(['--json', '--format', 'github']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(check(['--format', 'xml']).code).toBe(2);
  });
});

describe('ordo check: the database', () => {
  it('outside a backlog exits 4', () => {
    sb = new Sandbox();
    const r = sb.run(['check', '--json']);
    expect(r.code).toBe(4);
    expect(r.errorJson()).toMatchObject({ code: 'NO_BACKLOG' });
  });

  it('works on a schema-version-1 database (no audit trail) without writing it', async () => {
    sb = new Sandbox();
    const db = await openDatabase(sb.dbPath, { mode: 'write', create: true, targetVersion: 1 });
    db.exec(`INSERT INTO goals (id, title, status, created_at, updated_at) VALUES ('G1', 'Faster checkout', 'active', '2025-01-01', '2025-01-01');
      INSERT INTO items (title, type, value, rationale, goal, status, rank, created_by, created_at, updated_at)
        VALUES ('Apple Pay', 'story', 8, 'Most mobile shoppers asked for a wallet', 'G1', 'ready', 'a0', 'alice@example.com', '2025-01-01', '2025-01-01'),
               ('Gift cards', 'story', 7, 'Gift cards bring new shoppers each December', 'G1', 'ready', 'a1', 'alice@example.com', '2025-01-01', '2025-01-01');`);
    db.close();
    writeFileSync(join(sb.dir, 'ordo.yml'), `product: Old\nowner: ${OWNER}\n`);
    const r = check();
    expect(r.code).toBe(1);
    expect(violations(r).map((v) => [v.rule, v.key])).toEqual([
      ['owner-handover', null],
      ['value-on-scale', 'ORD-2'],
    ]);
    expect(violations(r)[0]!.fix).toContain('owner-handover: off');
    const raw = new Database(sb.dbPath, { readonly: true });
    expect(raw.pragma('user_version', { simple: true })).toBe(1);
    raw.close();
  });
});
