import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEV, OWNER, Sandbox, sandboxes, STRANGER } from '../helpers/cli.js';
import { events } from '../helpers/db.js';
import { expectFailure } from '../helpers/expect.js';

/** ORD-1 … ORD-5 ready, in that order. */
const base = sandboxes((s) => {
  s.initBacklog();
  s.addItems(5);
});
const cleanups: (() => void)[] = [];
afterAll(() => {
  base.cleanup();
  for (const c of cleanups) c();
});

const keys = (r: { json(): { items: { key: string }[] } }) => r.json().items.map((i) => i.key);

describe('ordo depend', () => {
  it('records a dependency, shows it in both directions, and takes it back with --remove', () => {
    const sb = base.make();
    const r = sb.ok(['depend', 'ORD-1', '--on', 'ORD-4', '--on', 'ORD-5', '--json']).json();
    expect(r).toMatchObject({ schemaVersion: 1, kind: 'dependency', item: { key: 'ORD-1', dependsOn: ['ORD-4', 'ORD-5'] }, added: ['ORD-4', 'ORD-5'] });
    const show = sb.ok(['show', 'ORD-4']).stdout;
    expect(show).toMatch(/needed by\s+ORD-1 ready\s+Item 1/);
    expect(sb.ok(['show', 'ORD-1']).stdout).toMatch(/depends on\s+ORD-4 ready\s+Item 4\n\s+ORD-5 ready\s+Item 5/);
    const json = sb.ok(['show', 'ORD-4', '--json']).json();
    expect(json.neededBy).toEqual([{ key: 'ORD-1', title: 'Item 1', status: 'ready' }]);
    expect(json.dependsOn).toEqual([]);
    expect(sb.ok(['depend', 'ORD-1', '--on', 'ORD-4', '--remove']).stdout).toContain('ORD-1 no longer depends on ORD-4.');
    expect(sb.ok(['show', 'ORD-1', '--json']).json().item.dependsOn).toEqual(['ORD-5']);
    expect(events(sb.dbPath, 'depend').map((e) => e.details)).toEqual([{ added: ['ORD-4', 'ORD-5'] }, { removed: ['ORD-4'] }]);
  });

  it('refuses a cycle (exit 2), naming it, and writes nothing', () => {
    const sb = base.make();
    sb.ok(['depend', 'ORD-1', '--on', 'ORD-2']);
    sb.ok(['depend', 'ORD-2', '--on', 'ORD-3']);
    expectFailure(sb, ['depend', 'ORD-3', '--on', 'ORD-1'], 2, ['ORD-3 cannot depend on ORD-1', 'ORD-3 → ORD-1 → ORD-2 → ORD-3']);
    expectFailure(sb, ['depend', 'ORD-2', '--on', 'ORD-1'], 2, ['ORD-2 → ORD-1 → ORD-2']);
    expectFailure(sb, ['depend', 'ORD-2', '--on', 'ORD-2'], 2, ['cannot depend on itself']);
    expect(sb.run(['depend', 'ORD-3', '--on', 'ORD-1', '--json']).errorJson()).toMatchObject({ code: 'DEPENDENCY_CYCLE' });
  });

  it('is refused for unknown items, other people and closed items', () => {
    const sb = base.make();
    expectFailure(sb, ['depend', 'ORD-1', '--on', 'ORD-9'], 4, ['No item ORD-9']);
    expectFailure(sb, ['depend', 'ORD-1', '--on', 'ORD-2'], 3, ['Only the Product Owner'], { user: STRANGER });
    sb.ok(['drop', 'ORD-3', '--reason', 'Not needed after all']);
    expectFailure(sb, ['depend', 'ORD-3', '--on', 'ORD-2'], 5, ['ORD-3 is dropped']);
    expectFailure(sb, ['depend', 'ORD-2', '--on', 'ORD-3'], 5, ['ORD-3 is dropped: it will never be done']);
    const r = sb.run(['depend', 'ORD-1']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("required option '--on <key>' not specified");
  });
});

describe('ordo next and dependencies', () => {
  it('skips items whose dependencies are not done or accepted, says so, and shows them with --all', () => {
    const sb = base.make();
    sb.ok(['depend', 'ORD-1', '--on', 'ORD-3']);
    sb.ok(['depend', 'ORD-2', '--on', 'ORD-3', '--on', 'ORD-4']);
    const r = sb.ok(['next', '3']);
    expect(keys(sb.ok(['next', '3', '--json']))).toEqual(['ORD-3', 'ORD-4', 'ORD-5']);
    expect(r.stderr).toContain('2 ready items left out: waiting on a dependency that is not done. `ordo next --all` shows them.');
    const all = sb.ok(['next', '3', '--all', '--json']).json();
    expect(all.items.map((i: { key: string; blockedBy?: string[] }) => [i.key, i.blockedBy ?? null])).toEqual([
      ['ORD-1', ['ORD-3']],
      ['ORD-2', ['ORD-3', 'ORD-4']],
      ['ORD-3', null],
    ]);
    expect(sb.ok(['next', '2', '--all']).stdout).toMatch(/BLOCKED BY\s+TITLE\n.*ORD-1 .*ORD-3\s+Item 1\n.*ORD-2 .*ORD-3,ORD-4\s+Item 2/);

    sb.ok(['start', 'ORD-3'], { user: DEV });
    sb.ok(['done', 'ORD-3'], { user: DEV });
    expect(keys(sb.ok(['next', '2', '--json']))).toEqual(['ORD-1', 'ORD-4']); // done is enough
    sb.ok(['accept', 'ORD-3']);
    sb.ok(['start', 'ORD-4']);
    sb.ok(['done', 'ORD-4']);
    sb.ok(['accept', 'ORD-4']);
    expect(keys(sb.ok(['next', '--json']))).toEqual(['ORD-1', 'ORD-2', 'ORD-5']);
  });
});

describe('check rule order-dependency', () => {
  it('warns when an item is ranked above an item it depends on, and stops once the order follows', () => {
    const sb = base.make();
    sb.ok(['depend', 'ORD-1', '--on', 'ORD-4']);
    const r = sb.run(['check', '--format', 'json']);
    expect(r.code).toBe(0);
    expect(r.json().violations.filter((v: { rule: string }) => v.rule === 'order-dependency')).toEqual([
      expect.objectContaining({ rule: 'order-dependency', severity: 'warn', key: 'ORD-1', message: 'ORD-1 is ranked above ORD-4, which it depends on' }),
    ]);
    sb.ok(['move', 'ORD-4', '--top']);
    expect(sb.run(['check', '--format', 'json']).json().violations.filter((v: { rule: string }) => v.rule === 'order-dependency')).toEqual([]);
  });

  it('follows check.rules: error fails the check, off says nothing', () => {
    const sb = base.make();
    sb.ok(['depend', 'ORD-2', '--on', 'ORD-5']);
    sb.editConfig((t) => t.replace('rules: {}', 'rules: { order-dependency: error, rationale-duplicate: off }'));
    const r = sb.run(['check']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('error  order-dependency  ORD-2 is ranked above ORD-5, which it depends on');
    const file = join(sb.dir, 'ordo.yml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('order-dependency: error', 'order-dependency: off'));
    const off = sb.run(['check', '--format', 'json']);
    expect(off.code).toBe(0);
    expect(off.json().violations).toEqual([]);
  });
});

describe('dependencies and labels travel', () => {
  it('through export and import, and a file with a cycle or an unknown item is refused', () => {
    const sb = base.make();
    sb.ok(['depend', 'ORD-1', '--on', 'ORD-2']);
    sb.ok(['label', 'ORD-1', 'ORD-2', '--add', 'checkout']);
    const yaml = sb.ok(['export']).stdout;
    expect(yaml).toContain('    labels: ["checkout"]\n    dependsOn: [2]\n');
    const json = sb.ok(['export', '--format', 'json']).stdout;
    const copy = new Sandbox();
    cleanups.push(() => copy.cleanup());
    copy.ok(['init', '--owner', OWNER, '--product', 'Acme Checkout', '--prefix', 'ORD']);
    writeFileSync(join(copy.dir, 'b.json'), json);
    copy.ok(['import', 'b.json']);
    expect(copy.ok(['export', '--format', 'json']).stdout).toBe(json);
    expect(copy.ok(['show', 'ORD-2', '--json']).json().neededBy).toEqual([{ key: 'ORD-1', title: 'Item 1', status: 'ready' }]);

    const cyclic = JSON.parse(json);
    cyclic.items.find((i: { number: number }) => i.number === 2).dependsOn = [1];
    cyclic.items.find((i: { number: number }) => i.number === 3).dependsOn = [99];
    writeFileSync(join(copy.dir, 'bad.json'), JSON.stringify(cyclic));
    expectFailure(copy, ['import', 'bad.json', '--replace'], 6, ['dependsOn[0] 1 closes a dependency cycle (2 → 1 → 2)', 'dependsOn[0] 99 is not the number of an item in this file']);
  });
});
