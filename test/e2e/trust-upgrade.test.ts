/**
 * A backlog whose order an earlier ordo signed (order_signatures, one signature over the
 * ranked sequence): the Product Owner's first write after the upgrade signs its state,
 * unless the order no longer matches the old signature; then only a reviewed `ordo sign` does.
 */
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { loadPrivateKey } from '../../src/config/keys.js';
import { chainHash } from '../../src/core/audit.js';
import { fingerprint, signPayload, type SignaturePayload } from '../../src/core/signature.js';
import { DEV, OWNER, Sandbox } from '../helpers/cli.js';

let sb: Sandbox;
afterEach(() => sb?.cleanup());

/** Signs the current order the way ordo did before every decision was signed. */
function signTheOldWay(s: Sandbox, ownerKey: string): void {
  const key = loadPrivateKey({ HOME: s.home }, ownerKey)!;
  const db = new Database(s.dbPath);
  try {
    const at = '2026-11-01T00:00:00.000Z';
    const sequence = (db.prepare('SELECT number FROM items WHERE rank IS NOT NULL ORDER BY rank').all() as { number: number }[]).map((r) => r.number);
    const last = db.prepare('SELECT hash FROM events ORDER BY id DESC LIMIT 1').get() as { hash: string };
    const details = { counter: 1, kind: 'order', key: fingerprint(ownerKey), ranked: sequence.length };
    const event = { at, actor: OWNER, source: 'ORDO_USER', command: 'sign', action: 'order.sign', item: null, goal: null, details };
    const hash = chainHash(last.hash, event);
    db.prepare('INSERT INTO events (at, actor, source, command, action, item, goal, details, hash) VALUES (?, ?, ?, ?, ?, NULL, NULL, ?, ?)').run(at, OWNER, 'ORDO_USER', 'sign', 'order.sign', JSON.stringify(details), hash);
    const count = (db.prepare('SELECT COUNT(*) AS n FROM events').get() as { n: number }).n;
    const payload: SignaturePayload = { v: 1, kind: 'order', counter: 1, at, owner: OWNER, key: ownerKey, sequence, events: { count, head: hash } };
    const { text, signature } = signPayload(key, payload);
    db.prepare('INSERT INTO order_signatures (counter, kind, signed_at, signer, payload, signature) VALUES (1, ?, ?, ?, ?, ?)').run('order', at, ownerKey, text, signature);
  } finally {
    db.close();
  }
}

function setUp(): string {
  sb = new Sandbox().initBacklog();
  sb.addItems(3);
  const ownerKey = sb.ok(['key', 'generate', '--json']).json().publicKey as string;
  sb.editConfig((t) => `${t}owner-key: ${ownerKey}\n`);
  signTheOldWay(sb, ownerKey);
  return ownerKey;
}

describe('upgrading a backlog signed by an earlier ordo', () => {
  it('verify asks for one ordo sign; the first decision after the upgrade signs the state instead', () => {
    const ownerKey = setUp();
    const v = sb.run(['verify', '--json']);
    expect(v.code).toBe(1);
    expect(v.json().violations.map((x: { message: string }) => x.message).join('\n')).toContain('signed by an earlier version of ordo');
    sb.ok(['start', 'ORD-1'], { user: DEV });
    sb.ok(['move', 'ORD-3', '--top']);
    expect(sb.run(['verify', '--json']).json()).toMatchObject({ ok: true, violations: [], signed: { key: ownerKey } });
  });

  it('an order changed since the old signature is never signed without review', () => {
    setUp();
    const db = new Database(sb.dbPath);
    const rank = (n: number) => (db.prepare('SELECT rank FROM items WHERE number = ?').get(n) as { rank: string }).rank;
    const [r1, r2] = [rank(1), rank(2)];
    db.prepare('UPDATE items SET rank = NULL WHERE number = 1').run();
    db.prepare('UPDATE items SET rank = ? WHERE number = 2').run(r1);
    db.prepare('UPDATE items SET rank = ? WHERE number = 1').run(r2);
    db.close();
    const before = sb.dbHash();
    const refused = sb.run(['move', 'ORD-3', '--top', '--json']);
    expect(refused.code).toBe(5);
    expect(refused.errorJson()).toMatchObject({ code: 'SIGNED_ORDER_CHANGED', hint: expect.stringContaining('ordo sign') });
    expect(sb.dbHash()).toBe(before);
    expect(sb.run(['sign']).stdout).toContain('moved');
    sb.ok(['sign', '--yes']);
    sb.ok(['move', 'ORD-3', '--top']);
    expect(sb.run(['verify', '--json']).json().violations).toEqual([]);
  });
});
