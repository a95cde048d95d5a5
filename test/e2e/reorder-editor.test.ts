import { resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Sandbox, STRANGER } from '../helpers/cli.js';
import { events, rankKeys } from '../helpers/db.js';

const FAKE = resolve(import.meta.dirname, '../helpers/fake-editor.mjs');
const editor = (mode: string) => ({ env: { EDITOR: `"${process.execPath}" ${FAKE}`, FAKE_EDIT: mode } });

let sb: Sandbox;
afterEach(() => sb?.cleanup());

function setup(n = 5): string[] {
  sb = new Sandbox().initBacklog();
  return sb.addItems(n);
}

describe('ordo reorder --editor', () => {
  it('applies a reversed list and records one move per moved item', () => {
    const keys = setup(5);
    const r = sb.ok(['reorder', '--editor', '--json'], editor('reverse'));
    expect(sb.order()).toEqual([...keys].reverse());
    const out = r.json();
    expect(out).toMatchObject({ schemaVersion: 1, kind: 'reorder', total: 5 });
    // Reversing 5 items keeps one in place (a longest increasing run has length 1).
    expect(out.moved).toHaveLength(4);
    expect(events(sb.dbPath, 'move')).toHaveLength(4);
    expect(events(sb.dbPath, 'reorder')).toHaveLength(1);
  });

  it('moves only the item whose place changed: every other rank key stays the same', () => {
    const keys = setup(6);
    const before = rankKeys(sb.dbPath);
    const r = sb.ok(['reorder', '--editor'], editor('last-to-top'));
    expect(r.stdout).toContain('moved 1 of 6 items');
    expect(sb.order()).toEqual([keys[5], ...keys.slice(0, 5)]);
    const after = rankKeys(sb.dbPath);
    for (const k of keys.slice(0, 5)) expect(after.get(k!)).toBe(before.get(k!));
    expect(after.get(keys[5]!)).not.toBe(before.get(keys[5]!));
    expect(events(sb.dbPath, 'move')).toEqual([expect.objectContaining({ item: 6, details: { from: 6, to: 1 } })]);
  });

  it('writes nothing when the order is left as it was', () => {
    setup(3);
    const before = sb.dbHash();
    const r = sb.ok(['reorder', '--editor'], editor('keep'));
    expect(r.stdout).toContain('unchanged');
    expect(sb.dbHash()).toBe(before);
  });

  it.each([
    ['delete-second', /:10: ORD-2 is missing/],
    ['duplicate-first', /:14: ORD-1 appears again \(first on line 9\)/],
    ['unknown-key', /:11: unknown key "ORD-999"/],
    ['edit-title', /:11: the line for ORD-3 was edited/],
  ])('refuses a list with a problem (%s): exit 2, the line number, nothing written', (mode, message) => {
    const keys = setup(5);
    const before = sb.dbHash();
    const r = sb.run(['reorder', '--editor'], editor(mode));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).toContain('Nothing was changed');
    expect(sb.dbHash()).toBe(before);
    expect(sb.order()).toEqual(keys);
  });

  it.each(['empty', 'comments-only'])('an empty list (%s) cancels with "Nothing to do", exit 0, nothing written', (mode) => {
    setup(3);
    const before = sb.dbHash();
    const r = sb.run(['reorder', '--editor'], editor(mode));
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('Nothing to do');
    expect(sb.dbHash()).toBe(before);
  });

  it('a failing editor changes nothing', () => {
    setup(3);
    const before = sb.dbHash();
    const r = sb.run(['reorder', '--editor'], editor('fail'));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('exited with status 3');
    expect(sb.dbHash()).toBe(before);
  });

  it('without VISUAL or EDITOR: a usage error with a hint', () => {
    setup(2);
    const before = sb.dbHash();
    const r = sb.run(['reorder', '--editor']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('set VISUAL or EDITOR');
    expect(sb.dbHash()).toBe(before);
  });

  it('VISUAL wins over EDITOR, and EDITOR may carry arguments', () => {
    const keys = setup(3);
    sb.ok(['reorder', '--editor'], { env: { VISUAL: `"${process.execPath}" ${FAKE}`, EDITOR: 'false', FAKE_EDIT: 'reverse' } });
    expect(sb.order()).toEqual([...keys].reverse());
  });

  it('only the Product Owner may reorder: exit 3 before any editor opens', () => {
    setup(3);
    const before = sb.dbHash();
    const r = sb.run(['reorder', '--editor'], { user: STRANGER, ...editor('fail') });
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('Only the Product Owner');
    expect(sb.dbHash()).toBe(before);
  });

  it('without a terminal and without --editor: a usage error pointing to --editor', () => {
    setup(2);
    const r = sb.run(['reorder']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('ordo reorder --editor');
  });
});
