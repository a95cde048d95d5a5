/**
 * Each way of changing a signed backlog behind the Product Owner's back, tried on a copy:
 * `ordo verify` and `ordo check` both exit 1 and name the item or the cause.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rechain, tamper } from '../helpers/db.js';
import { afterAll, describe, expect, it } from 'vitest';
import { DEV, OWNER, sandboxes, type Sandbox } from '../helpers/cli.js';

let ownerKey = '';
/** A signed backlog: ORD-1..4 ranked, ORD-2 in progress, ORD-5 accepted. */
const signed = sandboxes((sb) => {
  sb.initBacklog();
  sb.addItems(5);
  ownerKey = sb.ok(['key', 'generate', '--json']).json().publicKey;
  sb.editConfig((t) => `${t}owner-key: ${ownerKey}\n`);
  sb.ok(['sign', '--yes']);
  sb.ok(['start', 'ORD-2'], { user: DEV });
  sb.ok(['start', 'ORD-5'], { user: DEV });
  sb.ok(['done', 'ORD-5'], { user: DEV });
  sb.ok(['accept', 'ORD-5']);
});
afterAll(() => signed.cleanup());



interface Forgery {
  name: string;
  forge(sb: Sandbox): void;
  /** The key the violation names (null: the backlog as a whole), and words of its message. */
  key: string | null;
  says: string;
}

const keyless = mkdtempSync(join(tmpdir(), 'ordo-keyless-'));
afterAll(() => rmSync(keyless, { recursive: true, force: true }));

const FORGERIES: Forgery[] = [
  {
    name: 'the owner-key line deleted from ordo.yml',
    forge: (sb) => sb.editConfig((t) => t.replace(/^owner-key: .*\n/m, '')),
    key: null,
    says: 'ordo.yml has no owner-key',
  },
  {
    name: 'owner-key replaced by another key',
    forge: (sb) => {
      const other = sb.ok(['key', 'generate', '--json'], { env: { HOME: keyless } }).json().publicKey;
      sb.editConfig((t) => t.replace(/^owner-key: .*$/m, `owner-key: ${other}`));
    },
    key: null,
    says: 'owner-key was changed by hand',
  },
  {
    name: 'a configuration cache without owner-key committed, then ORDO_USER set to the Product Owner',
    forge: (sb) => {
      const file = join(sb.dir, '.ordo', 'cache', 'config.json');
      sb.ok(['list']); // the cache as ordo writes it
      const cache = JSON.parse(readFileSync(file, 'utf8'));
      cache.config.ownerKey = null;
      writeFileSync(file, JSON.stringify(cache));
      // With the forged cache, a keyless "Product Owner" is let through...
      sb.ok(['drop', 'ORD-3', '--reason', 'Nobody needs this any more'], { user: OWNER, env: { HOME: keyless } });
    },
    // ...and caught: verify and check read ordo.yml itself.
    key: 'ORD-3',
    says: 'claims to be the Product Owner',
  },
  {
    name: 'an item deleted',
    forge: (sb) => tamper(sb.dbPath, (db) => db.prepare('DELETE FROM items WHERE number = 4').run()),
    key: 'ORD-4',
    says: 'has vanished',
  },
  {
    name: 'an accepted item deleted',
    forge: (sb) => tamper(sb.dbPath, (db) => db.prepare('DELETE FROM items WHERE number = 5').run()),
    key: 'ORD-5',
    says: 'has vanished',
  },
  {
    name: 'a status set with SQL (dropped, out of the order)',
    forge: (sb) => tamper(sb.dbPath, (db) => db.prepare("UPDATE items SET status = 'dropped', rank = NULL WHERE number = 3").run()),
    key: 'ORD-3',
    says: 'ORD-3 is dropped, but the signed decisions',
  },
  {
    name: 'a status set with SQL (in progress back to ready)',
    forge: (sb) => tamper(sb.dbPath, (db) => db.prepare("UPDATE items SET status = 'ready' WHERE number = 2").run()),
    key: 'ORD-2',
    says: 'ORD-2 is ready',
  },
  {
    name: 'a rank changed with SQL',
    forge: (sb) =>
      tamper(sb.dbPath, (db) => {
        const top = (db.prepare('SELECT rank FROM items WHERE rank IS NOT NULL ORDER BY rank LIMIT 1').get() as { rank: string }).rank;
        db.prepare('UPDATE items SET rank = ? WHERE number = 4').run(`${top.slice(0, -1)}${String.fromCharCode(top.charCodeAt(top.length - 1) - 1)}`);
      }),
    key: 'ORD-4',
    says: 'ORD-4 is at position 1 of the order',
  },
  {
    name: 'an item row inserted',
    forge: (sb) =>
      tamper(sb.dbPath, (db) =>
        db
          .prepare(
            `INSERT INTO items (number, title, type, value, rationale, goal, status, rank, created_by, created_at, updated_at, uid)
             VALUES (42, 'Injected', 'story', 21, 'Someone wants this first', 'G1', 'ready', '!', 'x', 'now', 'now', 'feedfacefeedface')`,
          )
          .run(),
      ),
    key: 'ORD-42',
    says: 'was not made by any recorded decision',
  },
  {
    name: 'a drop written as an unsigned event by a developer, with the chain rebuilt',
    forge: (sb) =>
      tamper(sb.dbPath, (db) => {
        const uid = (db.prepare('SELECT uid FROM items WHERE number = 1').get() as { uid: string }).uid;
        const details = { from: 'ready', to: 'dropped', reason: 'x', effects: [{ u: uid, n: 1, f: 'ready', t: 'dropped' }] };
        db.prepare("INSERT INTO events (at, actor, source, command, action, item, goal, details) VALUES ('2026-12-01T00:00:00.000Z', ?, 'ORDO_USER', 'drop', 'drop', 1, NULL, ?)").run(DEV, JSON.stringify(details));
        db.prepare("UPDATE items SET status = 'dropped', rank = NULL WHERE number = 1").run();
        rechain(db);
      }),
    key: 'ORD-1',
    says: 'without the Product Owner',
  },
  {
    name: "a signed event's details altered, with the chain rebuilt",
    forge: (sb) =>
      tamper(sb.dbPath, (db) => {
        const e = db.prepare("SELECT id, details FROM events WHERE action = 'accept'").get() as { id: number; details: string };
        db.prepare('UPDATE events SET details = ? WHERE id = ?').run(e.details.replace('"to":"accepted"', '"to":"rejected"'), e.id);
        rechain(db);
      }),
    key: 'ORD-5',
    says: 'forged or altered',
  },
  {
    name: "a developer's start that also puts the item at the top, written with SQL and the chain rebuilt",
    forge: (sb) =>
      tamper(sb.dbPath, (db) => {
        const uid = (db.prepare('SELECT uid FROM items WHERE number = 4').get() as { uid: string }).uid;
        const top = (db.prepare('SELECT rank FROM items WHERE rank IS NOT NULL ORDER BY rank LIMIT 1').get() as { rank: string }).rank;
        const details = { from: 'ready', to: 'in-progress', effects: [{ u: uid, n: 4, f: 'ready', t: 'in-progress', a: null }] };
        db.prepare("INSERT INTO events (at, actor, source, command, action, item, goal, details) VALUES ('2026-12-01T00:00:00.000Z', ?, 'ORDO_USER', 'start', 'start', 4, NULL, ?)").run(DEV, JSON.stringify(details));
        db.prepare("UPDATE items SET status = 'in-progress', rank = ? WHERE number = 4").run(`${top.slice(0, -1)}${String.fromCharCode(top.charCodeAt(top.length - 1) - 1)}`);
        rechain(db);
      }),
    key: 'ORD-4',
    says: 'took a place in the order',
  },
  {
    name: 'a signed event moved onto another item, with the chain rebuilt',
    forge: (sb) =>
      tamper(sb.dbPath, (db) => {
        db.prepare("UPDATE events SET item = 4 WHERE action = 'accept'").run();
        rechain(db);
      }),
    key: 'ORD-4',
    says: 'signed it for another item',
  },
];

describe('forgeries on a signed backlog', () => {
  it('the untouched backlog verifies and checks clean', () => {
    const sb = signed.make();
    expect(sb.run(['verify', '--json']).json().violations).toEqual([]);
    expect(sb.run(['check', '--json']).json().violations.filter((v: { rule: string }) => v.rule === 'order-signed')).toEqual([]);
  });

  for (const f of FORGERIES) {
    it(`${f.name}: verify and check exit 1 and name it`, () => {
      const sb = signed.make();
      f.forge(sb);
      const verify = sb.run(['verify', '--json']);
      expect(verify.code, verify.stdout).toBe(1);
      const found = (verify.json().violations as { key: string | null; message: string }[]).filter((v) => v.message.includes(f.says));
      expect(found, verify.stdout).not.toEqual([]);
      expect(found.map((v) => v.key)).toContain(f.key);
      const check = sb.run(['check', '--json']);
      expect(check.code, check.stdout).toBe(1);
      expect(
        (check.json().violations as { rule: string; key: string | null; message: string }[]).some((v) => v.rule === 'order-signed' && v.key === f.key && v.message.includes(f.says)),
        check.stdout,
      ).toBe(true);
    });
  }
});
