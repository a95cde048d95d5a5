import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEV, sandboxes, STRANGER } from '../helpers/cli.js';
import { events } from '../helpers/db.js';
import { expectFailure } from '../helpers/expect.js';

/** ORD-1 … ORD-5 ready, in that order; ORD-6 a stakeholder's proposal. */
const base = sandboxes((s) => {
  s.initBacklog();
  s.addItems(5);
  s.ok(['add', 'Proposal', '--value', '5', '--why', 'Business buyers ask for it every single week', '--goal', 'G1'], { user: STRANGER });
});
afterAll(() => base.cleanup());

const status = (sb: ReturnType<typeof base.make>, key: string) => sb.ok(['show', key, '--json']).json().item.status;

describe('status changes on several keys', () => {
  it('drop several items in one transaction, with one reason', () => {
    const sb = base.make();
    const r = sb.ok(['drop', 'ORD-2', 'ORD-4', 'ORD-6', '--reason', 'Out of scope for 2026', '--json']).json();
    expect(r.kind).toBe('transition-list');
    expect(r.items.map((x: { item: { key: string }; transition: { to: string } }) => [x.item.key, x.transition.to])).toEqual([
      ['ORD-2', 'dropped'],
      ['ORD-4', 'dropped'],
      ['ORD-6', 'dropped'],
    ]);
    expect(sb.order()).toEqual(['ORD-1', 'ORD-3', 'ORD-5']);
    expect(events(sb.dbPath, 'drop').map((e) => e.item)).toEqual([2, 4, 6]);
    expect(sb.ok(['drop', 'ORD-1', 'ORD-3', '--reason', 'Done elsewhere']).stdout).toBe(
      'Dropped ORD-1 (ready → dropped): Item 1\nDropped ORD-3 (ready → dropped): Item 3\n',
    );
  });

  it('a bulk drop with one unknown key changes nothing: exit 4, the database byte-identical', () => {
    const sb = base.make();
    expectFailure(sb, ['drop', 'ORD-1', 'ORD-2', 'ORD-99', '--reason', 'Out of scope for 2026'], 4, ['No item ORD-99']);
    expect(sb.order()).toEqual(['ORD-1', 'ORD-2', 'ORD-3', 'ORD-4', 'ORD-5']);
  });

  it('one item that cannot make the step stops them all (exit 5); a key named twice is a usage error', () => {
    const sb = base.make();
    sb.ok(['start', 'ORD-3']);
    expectFailure(sb, ['start', 'ORD-1', 'ORD-3', 'ORD-4'], 5, ['Cannot start ORD-3: it is in-progress']);
    expect(['ORD-1', 'ORD-4'].map((k) => status(sb, k))).toEqual(['ready', 'ready']);
    expectFailure(sb, ['done', 'ORD-3', 'ORD-3'], 2, ['ORD-3 is named twice']);
    expectFailure(sb, ['drop', 'ORD-1', 'ORD-2'], 2, ['A reason is required']);
    expectFailure(sb, ['accept', 'ORD-3', 'ORD-9'], 4, ['No item ORD-9']);
  });

  it('start, done and accept take several keys; permissions are checked before anything is written', () => {
    const sb = base.make();
    sb.ok(['start', 'ORD-1', 'ORD-2', 'ORD-3'], { user: DEV });
    sb.ok(['done', 'ORD-1', 'ORD-2'], { user: DEV });
    expectFailure(sb, ['accept', 'ORD-1', 'ORD-2'], 3, ['Only the Product Owner'], { user: DEV });
    const out = sb.ok(['accept', 'ORD-1', 'ORD-2']).stdout;
    expect(out).toBe('Accepted ORD-1 (done → accepted): Item 1\nAccepted ORD-2 (done → accepted): Item 2\n');
    expect(['ORD-1', 'ORD-2', 'ORD-3'].map((k) => status(sb, k))).toEqual(['accepted', 'accepted', 'in-progress']);
    // One key keeps the single-item envelope.
    expect(sb.ok(['done', 'ORD-3', '--json']).json()).toMatchObject({ kind: 'item', item: { key: 'ORD-3' }, transition: { from: 'in-progress', to: 'done' } });
  });
});

describe('labels', () => {
  it('add sets labels (repeatable or comma-separated), edit adds and removes them, show and list show them', () => {
    const sb = base.make();
    const r = sb.ok(['add', 'Apple Pay', '--value', '8', '--why', 'Most mobile shoppers asked for it this year', '--goal', 'G1', '--label', 'mobile,checkout', '--label', 'Checkout', '--json']).json();
    expect(r.item.labels).toEqual(['checkout', 'mobile']);
    sb.ok(['edit', 'ORD-7', '--label', 'wallet', '--remove-label', 'MOBILE']);
    expect(sb.ok(['show', 'ORD-7']).stdout).toMatch(/labels\s+checkout, wallet/);
    expect(sb.ok(['list', '--label', 'wallet']).stdout).toMatch(/LABELS\s+TITLE\n.*ORD-7 .*checkout,wallet\s+Apple Pay/);
    expect(sb.ok(['list', '--limit', '3']).stdout).not.toContain('LABELS'); // no label among these: no column
    expect(sb.ok(['page']).stdout).toContain('<span class="label">checkout</span><span class="label">wallet</span>');
  });

  it('ordo label changes several items at once, all or none', () => {
    const sb = base.make();
    const r = sb.ok(['label', 'ORD-1', 'ORD-2', '--add', 'checkout', '--add', 'q3', '--json']).json();
    expect(r).toMatchObject({ schemaVersion: 1, kind: 'label' });
    expect(r.items.map((x: { item: { key: string; labels: string[] } }) => [x.item.key, x.item.labels])).toEqual([
      ['ORD-1', ['checkout', 'q3']],
      ['ORD-2', ['checkout', 'q3']],
    ]);
    expect(sb.ok(['label', 'ORD-2', 'ORD-3', '--remove', 'q3', '--add', 'later']).stdout).toBe('ORD-2 +later -q3: checkout, later\nORD-3 +later: later\n');
    expectFailure(sb, ['label', 'ORD-1', 'ORD-99', '--add', 'x'], 4, ['No item ORD-99']);
    expectFailure(sb, ['label', 'ORD-1', 'ORD-2', '--add', 'x'], 3, ['Only the Product Owner'], { user: STRANGER });
    expectFailure(sb, ['label', 'ORD-1'], 2, ['Say which labels']);
    expectFailure(sb, ['label', 'ORD-1', '--add', 'a\u0007b'], 2, ['must not hold a comma or a control character']);
    expectFailure(sb, ['label', 'ORD-1', '--add', 'x'.repeat(51)], 2, ['the limit is 50']);
    expect(events(sb.dbPath, 'edit').at(-1)?.details).toEqual({ changes: { labels: { from: [], to: ['later'] } } });
  });
});

describe('ordo edit --editor', () => {
  function editor(sb: ReturnType<typeof base.make>, replacement: string): Record<string, string> {
    const seen = join(sb.home, 'seen.txt');
    const next = join(sb.home, 'next.txt');
    writeFileSync(next, replacement);
    return { EDITOR: `f() { cp "$1" '${seen}'; cp '${next}' "$1"; }; f` };
  }

  it('opens the rationale and description, and writes what was saved', () => {
    const sb = base.make();
    sb.ok(['edit', 'ORD-2', '--desc', 'Old description']);
    const env = editor(sb, '[why]\nShoppers on small screens mistype card numbers\nand only learn it at the end.\n\n[description]\nShow the card brand\n\nafter four digits.\n');
    sb.ok(['edit', 'ORD-2', '--editor'], { env });
    const seen = readFileSync(join(sb.home, 'seen.txt'), 'utf8');
    expect(seen).toContain('# ORD-2: Item 2');
    expect(seen).toContain('[why]\nShoppers abandon carts when this is missing\n\n[description]\nOld description\n');
    const item = sb.ok(['show', 'ORD-2', '--json']).json().item;
    expect(item.rationale).toBe('Shoppers on small screens mistype card numbers\nand only learn it at the end.');
    expect(item.description).toBe('Show the card brand\n\nafter four digits.');
  });

  it('applies the value rules to what was written, and an empty file changes nothing', () => {
    const sb = base.make();
    expectFailure(sb, ['edit', 'ORD-2', '--editor'], 2, ['placeholder for its value rationale ("TBD")', 'rule value-rationale'], { env: editor(sb, '[why]\nTBD\n') });
    const before = sb.dbHash();
    const r = sb.run(['edit', 'ORD-2', '--editor'], { env: editor(sb, '# nothing\n\n') });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('Nothing changed');
    expect(sb.dbHash()).toBe(before);
    expectFailure(sb, ['edit', 'ORD-2', '--editor', '--why', 'x'], 2, ['leave out --why and --desc']);
    expectFailure(sb, ['edit', 'ORD-2', '--editor'], 2, ['unknown heading [title]'], { env: editor(sb, '[title]\nNew\n') });
    expectFailure(sb, ['edit', 'ORD-2', '--editor'], 2, ['No editor'], { env: { EDITOR: undefined, VISUAL: undefined } });
  });
});
