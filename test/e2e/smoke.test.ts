import { afterEach, describe, expect, it } from 'vitest';
import { OWNER, Sandbox, STRANGER } from '../helpers/cli.js';

let sb: Sandbox;
afterEach(() => sb?.cleanup());

describe('the core loop through the built binary', () => {
  it('the Product Owner adds and orders items; a developer reads what is next', () => {
    sb = new Sandbox().initBacklog();
    const [a, b, c] = sb.addItems(3);
    sb.ok(['move', c!, '--top']);
    expect(sb.order()).toEqual([c, a, b]);
    const next = sb.ok(['next', '1', '--json'], { user: STRANGER }).json();
    expect(next).toMatchObject({ schemaVersion: 1, kind: 'item-list', items: [{ key: c, position: 1, status: 'ready', goal: 'G1' }] });
  });

  it('refuses a move by anyone but the Product Owner and writes nothing', () => {
    sb = new Sandbox().initBacklog();
    const [a, b] = sb.addItems(2);
    const before = sb.dbHash();
    const r = sb.run(['move', b!, '--top'], { user: STRANGER });
    expect(r.code).toBe(3);
    expect(r.stderr).toContain(OWNER);
    expect(r.stderr).toContain(`${STRANGER} (from ORDO_USER)`);
    expect(sb.dbHash()).toBe(before);
    expect(sb.order()).toEqual([a, b]);
  });
});
