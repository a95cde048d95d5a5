import Database from 'better-sqlite3';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEV, OWNER, Sandbox, STRANGER } from '../helpers/cli.js';
import { events } from '../helpers/db.js';

const NEXT = 'dave@example.com';
let sb: Sandbox;
afterEach(() => sb?.cleanup());

describe('ordo owner transfer', () => {
  it('rewrites only owner: (comments kept), records the handover, and moves the role', () => {
    sb = new Sandbox().initBacklog();
    const [a, b] = sb.addItems(2);
    const file = join(sb.dir, 'ordo.yml');
    const handWritten = readFileSync(file, 'utf8').replace(`owner: ${OWNER}`, `owner: ${OWNER}   # until the reorg\n# keep this note`);
    writeFileSync(file, handWritten);

    const r = sb.ok(['owner', 'transfer', NEXT, '--json']);
    expect(r.json()).toMatchObject({ kind: 'owner-transfer', from: OWNER, to: NEXT });
    expect(readFileSync(file, 'utf8')).toBe(handWritten.replace(`owner: ${OWNER}`, `owner: ${NEXT}`));
    expect(events(sb.dbPath).filter((e) => e.action.startsWith('owner.'))).toEqual([
      expect.objectContaining({ action: 'owner.set', details: expect.objectContaining({ owner: OWNER }) }),
      expect.objectContaining({ action: 'owner.transfer', actor: OWNER, details: { from: OWNER, to: NEXT } }),
    ]);

    // The old owner is now refused; the new one orders.
    const before = sb.dbHash();
    const refused = sb.run(['move', b!, '--top'], { user: OWNER });
    expect(refused.code).toBe(3);
    expect(refused.stderr).toContain(`Only the Product Owner (${NEXT})`);
    expect(sb.run(['owner', 'transfer', OWNER], { user: OWNER }).code).toBe(3);
    expect(sb.dbHash()).toBe(before);
    sb.ok(['move', b!, '--top'], { user: NEXT });
    expect(sb.order()).toEqual([b, a]);
    expect(sb.ok(['whoami', '--json'], { user: NEXT }).json().roles).toContain('product-owner');
  });

  it('refuses anyone but the Product Owner: exit 3, file and database unchanged', () => {
    sb = new Sandbox().initBacklog();
    const file = join(sb.dir, 'ordo.yml');
    const text = readFileSync(file, 'utf8');
    const before = sb.dbHash();
    for (const user of [DEV, STRANGER]) {
      const r = sb.run(['owner', 'transfer', user], { user });
      expect(r.code).toBe(3);
      expect(r.stderr).toContain('Only the Product Owner');
    }
    expect(readFileSync(file, 'utf8')).toBe(text);
    expect(sb.dbHash()).toBe(before);
  });

  it('refuses a transfer to the current owner or to an empty identity', () => {
    sb = new Sandbox().initBacklog();
    const before = sb.dbHash();
    expect(sb.run(['owner', 'transfer', OWNER.toUpperCase()]).code).toBe(2);
    expect(sb.run(['owner', 'transfer', ' ']).code).toBe(2);
    expect(sb.dbHash()).toBe(before);
  });

  it('when the database cannot be written, ordo.yml is left as it was', () => {
    sb = new Sandbox().initBacklog();
    const file = join(sb.dir, 'ordo.yml');
    const text = readFileSync(file, 'utf8');
    // Another process holds the write lock for longer than ordo waits.
    const db = new Database(sb.dbPath);
    db.exec('BEGIN IMMEDIATE');
    try {
      const r = sb.run(['owner', 'transfer', NEXT]);
      expect(r.code).toBe(5);
      expect(r.stderr).toContain('locked');
    } finally {
      db.exec('ROLLBACK');
      db.close();
    }
    expect(readFileSync(file, 'utf8')).toBe(text);
    expect(readdirSync(sb.dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    expect(events(sb.dbPath, 'owner.transfer')).toEqual([]);
    expect(sb.run(['move', 'ORD-1', '--top'], { user: NEXT }).code).toBe(3);
  });
});
