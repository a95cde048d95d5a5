/**
 * The trust features through the built binary: every forgery we know of is tried and
 * caught, and the legitimate flows keep `ordo verify` green.
 */
import Database from 'better-sqlite3';
import { cpSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEV, OWNER, Sandbox, STRANGER } from '../helpers/cli.js';

let base: Sandbox;
let ownerKey: string;
let keys: string[];
let sb: Sandbox;

/** A signed backlog: goal G1, items ORD-1..4 in order, owner-key set, signed once. */
beforeAll(() => {
  base = new Sandbox().initBacklog();
  keys = base.addItems(4);
  const generated = base.ok(['key', 'generate', '--json']).json();
  ownerKey = generated.publicKey;
  const file = join(base.dir, 'ordo.yml');
  writeFileSync(file, `${readFileSync(file, 'utf8')}owner-key: ${ownerKey}\n`);
  base.ok(['sign', '--yes']);
});
afterAll(() => base?.cleanup());
afterEach(() => sb?.cleanup());

/** A fresh copy of the signed backlog and of the Product Owner's home (with the key). */
function fork(): Sandbox {
  const s = new Sandbox();
  cpSync(base.dir, s.dir, { recursive: true });
  cpSync(base.home, s.home, { recursive: true });
  return s;
}

function sql(s: Sandbox, fn: (db: Database.Database) => void): void {
  const db = new Database(s.dbPath);
  try {
    fn(db);
  } finally {
    db.close();
  }
}

/** Swaps two items' rank keys behind ordo's back, as someone with sqlite3 could. */
function swapRanks(s: Sandbox, a: number, b: number): void {
  sql(s, (db) => {
    const rank = (n: number) => (db.prepare('SELECT rank FROM items WHERE number = ?').get(n) as { rank: string }).rank;
    const [ra, rb] = [rank(a), rank(b)];
    const set = db.prepare('UPDATE items SET rank = ? WHERE number = ?');
    set.run('zz', a); // free a's key first: rank keys are unique
    set.run(ra, b);
    set.run(rb, a);
  });
}

function verify(s: Sandbox) {
  const r = s.run(['verify', '--json']);
  const report = r.json();
  return { code: r.code, report, messages: (report.violations as { message: string }[]).map((v) => v.message).join('\n') };
}

function editConfig(s: Sandbox, from: RegExp, to: string): void {
  const file = join(s.dir, 'ordo.yml');
  writeFileSync(file, readFileSync(file, 'utf8').replace(from, to));
}

describe('keys', () => {
  it('stores the private key readable by its owner only and prints the public key for ordo.yml', () => {
    const dir = join(base.home, '.config', 'ordo', 'keys');
    const shown = base.ok(['key', 'show', '--json']).json();
    expect(shown).toMatchObject({ kind: 'key-list', ownerKey, keys: [{ publicKey: ownerKey, ownerKey: true }] });
    expect(ownerKey).toMatch(/^ed25519:[A-Za-z0-9+/]{43}=$/);
    expect(statSync(shown.keys[0].file).mode & 0o777).toBe(0o600);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(shown.keys[0].file.startsWith(dir)).toBe(true);
    expect(base.ok(['key', 'show']).stdout).toContain(`${ownerKey}  ${shown.keys[0].fingerprint}  (owner-key of this project)`);
  });

  it('honours XDG_CONFIG_HOME and keeps several keys side by side', () => {
    sb = new Sandbox();
    const xdg = join(sb.home, 'xdg');
    const env = { XDG_CONFIG_HOME: xdg };
    const a = sb.ok(['key', 'generate', '--json'], { env }).json();
    const b = sb.ok(['key', 'generate', '--json'], { env }).json();
    expect(a.file.startsWith(join(xdg, 'ordo', 'keys'))).toBe(true);
    expect(a.publicKey).not.toBe(b.publicKey);
    expect(sb.ok(['key', 'show', '--json'], { env }).json().keys).toHaveLength(2);
  });
});

describe('legitimate flows keep the order verified', () => {
  it('the signed backlog verifies; PO moves, developers work, proposals are triaged, items leave', () => {
    sb = fork();
    expect(verify(sb)).toMatchObject({ code: 0, report: { kind: 'check-report', ok: true, audit: { ok: true }, signatures: { count: 1 } } });
    const [a, b, c, d] = keys;
    sb.ok(['move', d!, '--top']);
    sb.ok(['start', a!], { user: DEV });
    sb.ok(['done', a!], { user: DEV });
    const proposal = sb.ok(['add', 'Gift cards', '--value', '5', '--why', 'Shoppers ask for gift cards every December', '--goal', 'G1', '--json'], { user: STRANGER }).json().item.key;
    sb.ok(['triage', proposal, '--accept', '--at', '2']);
    sb.ok(['drop', c!, '--reason', 'Superseded by the gift card work']);
    sb.ok(['accept', a!]);
    expect(sb.order()).toEqual([d, proposal, b]);
    const v = verify(sb);
    expect(v.messages).toBe('');
    expect(v.code).toBe(0);
    // move, triage: two more signatures; status changes out of the order need none
    expect(v.report.signatures.count).toBe(3);
  });

  it('ordo log shows who did what, oldest first, and filters by item, actor and date', () => {
    sb = fork();
    sb.ok(['move', keys[2]!, '--top']);
    sb.ok(['start', keys[2]!], { user: DEV });
    const all = sb.ok(['log', '--json']).json();
    expect(all.kind).toBe('audit-log');
    expect(all.chain).toMatchObject({ ok: true });
    const actions = all.events.map((e: { action: string }) => e.action);
    expect(actions.slice(-4)).toEqual(['order.sign', 'move', 'order.sign', 'start']);
    expect(all.events.at(-3)).toMatchObject({ actor: OWNER, source: 'ORDO_USER', command: 'move', item: keys[2], details: { from: 3, to: 1 } });
    const forItem = sb.ok(['log', keys[2]!, '--actor', DEV, '--json']).json().events;
    expect(forItem).toEqual([expect.objectContaining({ action: 'start', actor: DEV, details: { from: 'ready', to: 'in-progress' } })]);
    expect(sb.ok(['log', '--since', '2999-01-01', '--json']).json().events).toEqual([]);
    expect(sb.ok(['log', '--limit', '1', '--json']).json().events.map((e: { action: string }) => e.action)).toEqual(['start']);
    const text = sb.ok(['log', keys[2]!]).stdout;
    expect(text).toMatch(/alice@example\.com \(ORDO_USER\)  move  ORD-3 moved it from #3 to #1/);
    expect(sb.run(['log', '--since', 'last tuesday']).code).toBe(2);
  });

  it('ordo sign shows what changed since the last signature and needs --yes without a terminal', () => {
    sb = fork();
    // A merge (or anything else) changed the order without a signature: swap ORD-1 and ORD-2.
    swapRanks(sb, 1, 2);
    expect(verify(sb).code).toBe(1);
    const before = sb.dbHash();
    const asked = sb.run(['sign']);
    expect(asked.code).toBe(2);
    expect(asked.stdout).toMatch(/moved +ORD-\d Item \d #\d → #\d/);
    expect(asked.stderr).toContain('--yes');
    expect(sb.dbHash()).toBe(before);
    const signed = sb.ok(['sign', '--yes', '--json']).json();
    expect(signed).toMatchObject({ kind: 'order-signature', signed: true, signature: { counter: 2, ranked: 4 } });
    expect(verify(sb).code).toBe(0);
  });

  it('a key rotation hands over to a new key signed by the old one', () => {
    sb = fork();
    const rotated = sb.ok(['key', 'rotate', '--json']).json();
    expect(rotated).toMatchObject({ kind: 'key-rotation', from: ownerKey });
    expect(readFileSync(join(sb.dir, 'ordo.yml'), 'utf8')).toContain(`owner-key: ${rotated.to}`);
    sb.ok(['move', keys[3]!, '--top']);
    expect(verify(sb)).toMatchObject({ code: 0, report: { signatures: { count: 3, latest: { key: rotated.to } } } });
    // Putting the old key back by hand is caught.
    editConfig(sb, /owner-key: .*/, `owner-key: ${ownerKey}`);
    expect(verify(sb).messages).toContain('owner-key was changed by hand');
  });
});

describe('forgeries are refused or caught', () => {
  it('impersonating the Product Owner with ORDO_USER but without the key: exit 3, nothing written', () => {
    sb = fork();
    const elsewhere = mkdtempSync(join(tmpdir(), 'ordo-home-'));
    try {
      const env = { HOME: elsewhere };
      const before = sb.dbHash();
      for (const args of [
        ['move', keys[3]!, '--top'],
        ['add', 'Sneaky', '--value', '21', '--why', 'I want this at the top of the list', '--goal', 'G1', '--at', 'top'],
        ['sign', '--yes'],
      ]) {
        const r = sb.run([...args, '--json'], { user: OWNER, env });
        expect(r.code).toBe(3);
        expect(r.errorJson()).toMatchObject({ code: 'SIGNING_KEY_MISSING', message: expect.stringContaining('which is not on this machine') });
        expect(sb.dbHash()).toBe(before);
      }
      // Developers need no key to work.
      sb.ok(['start', keys[0]!], { user: DEV, env });
      expect(verify(sb).code).toBe(0);
    } finally {
      rmSync(elsewhere, { recursive: true, force: true });
    }
  });

  it('swapping two ranks with sqlite directly fails verify, naming both items', () => {
    sb = fork();
    swapRanks(sb, 1, 4);
    const v = verify(sb);
    expect(v.code).toBe(1);
    expect(v.report.ok).toBe(false);
    expect(v.messages).toContain('ORD-4 is ranked above ORD-2');
    expect(v.messages).toContain('ORD-3 is ranked above ORD-1');
    const text = sb.run(['verify']);
    expect(text.code).toBe(1);
    expect(text.stdout).toContain('error  order-signed  ORD-4');
  });

  it('an item inserted into the order directly fails verify', () => {
    sb = fork();
    sql(sb, (db) => {
      db.prepare(
        `INSERT INTO items (number, title, type, value, rationale, goal, status, rank, created_by, created_at, updated_at)
         VALUES (99, 'Injected', 'story', 21, 'Someone wants this first', 'G1', 'ready', ' ', 'x', 'now', 'now')`,
      ).run();
    });
    const v = verify(sb);
    expect(v.code).toBe(1);
    expect(v.report.violations).toContainEqual(expect.objectContaining({ rule: 'order-signed', key: 'ORD-99', message: expect.stringContaining('without a signature') }));
  });

  it('replaying an older signature over the newest one, or deleting the newest, fails verify', () => {
    sb = fork();
    sb.ok(['move', keys[3]!, '--top']);
    sb.ok(['move', keys[3]!, '--bottom']); // the order is back to the first signed one
    const copyOver = fork();
    try {
      cpSync(sb.dir, copyOver.dir, { recursive: true });
      sql(copyOver, (db) => {
        const old = db.prepare('SELECT * FROM order_signatures ORDER BY id LIMIT 1').get() as Record<string, unknown>;
        db.prepare('UPDATE order_signatures SET counter = ?, kind = ?, signed_at = ?, signer = ?, payload = ?, signature = ? WHERE id = (SELECT MAX(id) FROM order_signatures)').run(
          old.counter, old.kind, old.signed_at, old.signer, old.payload, old.signature,
        );
      });
      const replayed = verify(copyOver);
      expect(replayed.code).toBe(1);
      expect(replayed.messages).toContain('an older signature was replayed');
    } finally {
      copyOver.cleanup();
    }
    sql(sb, (db) => db.prepare('DELETE FROM order_signatures WHERE id = (SELECT MAX(id) FROM order_signatures)').run());
    const deleted = verify(sb);
    expect(deleted.code).toBe(1);
    expect(deleted.messages).toContain('records order signature #3');
  });

  it('deleting or editing an audit event breaks the chain', () => {
    sb = fork();
    const edited = fork();
    try {
      sql(edited, (db) => db.prepare("UPDATE events SET actor = 'mallory@example.com' WHERE id = 3").run());
      const e = verify(edited);
      expect(e.code).toBe(1);
      expect(e.report.violations).toContainEqual(expect.objectContaining({ rule: 'audit-trail', message: expect.stringContaining('#3 (add) was edited') }));
    } finally {
      edited.cleanup();
    }
    sql(sb, (db) => db.prepare('DELETE FROM events WHERE id = 2').run());
    const d = verify(sb);
    expect(d.code).toBe(1);
    expect(d.messages).toContain('breaks at event #3');
    // ordo log still reads, and warns.
    expect(sb.run(['log']).stderr).toContain('warning: the audit trail breaks at event #3');
  });

  it('editing owner: or owner-key: in ordo.yml by hand fails verify', () => {
    sb = fork();
    editConfig(sb, /^owner: .*$/m, 'owner: mallory@example.com');
    expect(verify(sb).messages).toContain('owner: was changed by hand');
    editConfig(sb, /^owner: .*$/m, `owner: ${OWNER}`);
    expect(verify(sb).code).toBe(0);
    const intruder = sb.ok(['key', 'generate', '--json']).json().publicKey;
    editConfig(sb, /owner-key: .*/, `owner-key: ${intruder}`);
    const v = verify(sb);
    expect(v.code).toBe(1);
    expect(v.messages).toContain('owner-key was changed by hand');
    // With their own key now "configured", the intruder's moves still do not verify.
    sb.ok(['move', keys[3]!, '--top']);
    expect(verify(sb).messages).toContain('no handover signed by that key names the new one');
  });
});

describe('ordo check runs the trust rules', () => {
  it('reports order-signed and audit-trail violations, and honours turning them off', () => {
    sb = fork();
    expect(sb.run(['check', '--json']).json().violations.filter((v: { rule: string }) => v.rule === 'order-signed')).toEqual([]);
    swapRanks(sb, 1, 2);
    sql(sb, (db) => {
      db.prepare("UPDATE events SET actor = 'mallory@example.com' WHERE id = 2").run();
    });
    const before = sb.dbHash();
    const r = sb.run(['check', '--json']);
    expect(r.code).toBe(1);
    const rules = (r.json().violations as { rule: string; key: string | null }[]).map((v) => `${v.rule}:${v.key}`);
    expect(rules).toContain('order-signed:ORD-2');
    expect(rules.some((x) => x.startsWith('audit-trail:'))).toBe(true);
    expect(sb.dbHash()).toBe(before);
    editConfig(sb, /rules: \{\}/, 'rules:\n    order-signed: "off"\n    audit-trail: warn');
    const relaxed = sb.run(['check', '--json']);
    const after = (relaxed.json().violations as { rule: string; severity: string }[]).filter((v) => v.rule === 'order-signed' || v.rule === 'audit-trail');
    expect(after.every((v) => v.rule === 'audit-trail' && v.severity === 'warn')).toBe(true);
  });
});

describe('owner transfer on a signed backlog', () => {
  it('needs the new owner key, signs the handover, and leaves check green for the new owner', () => {
    sb = fork();
    const before = sb.dbHash();
    const refused = sb.run(['owner', 'transfer', DEV]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('--key ed25519:');
    expect(sb.dbHash()).toBe(before);

    const devHome = mkdtempSync(join(tmpdir(), 'ordo-dev-home-'));
    try {
      const devKey = sb.ok(['key', 'generate', '--json'], { user: DEV, env: { HOME: devHome } }).json().publicKey as string;
      sb.ok(['owner', 'transfer', DEV, '--key', devKey]);
      const config = readFileSync(join(sb.dir, 'ordo.yml'), 'utf8');
      expect(config).toContain(`owner: ${DEV}`);
      expect(config).toContain(`owner-key: ${devKey}`);
      const errors = (r: { json(): { violations: { severity: string; rule: string }[] } }) => r.json().violations.filter((v) => v.severity === 'error');
      expect(errors(sb.run(['check', '--json']))).toEqual([]);
      // The old owner may no longer order; the new one may, with the new key.
      expect(sb.run(['move', keys[3]!, '--top']).code).toBe(3);
      sb.ok(['move', keys[3]!, '--top'], { user: DEV, env: { HOME: devHome } });
      const check = sb.run(['check', '--json']);
      expect(errors(check)).toEqual([]);
      expect(check.code).toBe(0);
    } finally {
      rmSync(devHome, { recursive: true, force: true });
    }
  });
});
