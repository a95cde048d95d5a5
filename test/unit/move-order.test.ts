import Database from 'better-sqlite3';
import { generateNKeysBetween } from 'fractional-indexing';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openMoveSession, RANK_KEY_CAP, type MoveSession } from '../../src/bench-api.js';
import { OWNER, Sandbox } from '../helpers/cli.js';

let sb: Sandbox;
let session: MoveSession | undefined;
afterEach(() => {
  session?.close();
  session = undefined;
  sb?.cleanup();
});

/** A backlog with `n` ranked items ORD-1..n in that order, written directly (spawning `ordo add` n times is slow). */
function backlog(n: number): void {
  sb = new Sandbox().initBacklog();
  const db = new Database(join(sb.dir, '.ordo', 'backlog.db'));
  const keys = generateNKeysBetween(null, null, n);
  const insert = db.prepare(
    `INSERT INTO items (number, title, type, value, rationale, goal, status, rank, created_by, created_at, updated_at)
     VALUES (?, ?, 'story', 8, 'Shoppers abandon carts without it', 'G1', 'ready', ?, ?, '2026-01-05T09:00:00Z', '2026-01-05T09:00:00Z')`,
  );
  db.transaction(() => keys.forEach((k, i) => insert.run(i + 1, `Item ${i + 1}`, k, OWNER)))();
  db.close();
}

function order(s: MoveSession): number[] {
  return (s.db.prepare('SELECT number FROM items WHERE rank IS NOT NULL ORDER BY rank').all() as { number: number }[]).map((r) => r.number);
}

function longestKey(s: MoveSession): number {
  return (s.db.prepare('SELECT MAX(LENGTH(rank)) AS n FROM items').get() as { n: number }).n;
}

/** The expected order after moving `item` before or after `anchor`. */
function model(list: number[], item: number, kind: 'before' | 'after', anchor: number): number[] {
  const rest = list.filter((n) => n !== item);
  const at = rest.indexOf(anchor) + (kind === 'after' ? 1 : 0);
  return [...rest.slice(0, at), item, ...rest.slice(at)];
}

describe('moving items before and after others', () => {
  it('keeps the order right and the keys within the cap when every move goes to the same spot', async () => {
    backlog(40);
    session = await openMoveSession(sb.dir);
    let expected = order(session);
    session.db.exec('BEGIN IMMEDIATE'); // one transaction, as a command is: no sync per move
    for (let i = 0; i < 600; i++) {
      const item = (i % 39) + 2; // everything but ORD-1, each placed just above ORD-1 in turn
      session.move(`ORD-${item}`, { kind: 'before', key: 'ORD-1' });
      expected = model(expected, item, 'before', 1);
    }
    session.db.exec('COMMIT');
    expect(order(session)).toEqual(expected);
    expect(longestKey(session)).toBeLessThanOrEqual(RANK_KEY_CAP);
  });

  it('matches a list model over random moves', async () => {
    backlog(25);
    session = await openMoveSession(sb.dir);
    let expected = order(session);
    let seed = 42;
    const rnd = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return 1 + (seed % n);
    };
    session.db.exec('BEGIN IMMEDIATE');
    for (let i = 0; i < 800; i++) {
      const item = rnd(25);
      let anchor = rnd(25);
      if (anchor === item) anchor = (anchor % 25) + 1;
      const kind = i % 3 === 0 ? 'after' : 'before';
      session.move(`ORD-${item}`, { kind, key: `ORD-${anchor}` });
      expected = model(expected, item, kind, anchor);
    }
    session.db.exec('COMMIT');
    expect(order(session)).toEqual(expected);
    expect(longestKey(session)).toBeLessThanOrEqual(RANK_KEY_CAP);
  });

  it('writes nothing when the item is already in that place', async () => {
    backlog(5);
    session = await openMoveSession(sb.dir);
    const before = session.db.prepare('SELECT number, rank FROM items ORDER BY number').all();
    session.move('ORD-2', { kind: 'before', key: 'ORD-3' });
    session.move('ORD-3', { kind: 'after', key: 'ORD-2' });
    session.move('ORD-1', { kind: 'top' });
    session.move('ORD-5', { kind: 'bottom' });
    expect(session.db.prepare('SELECT number, rank FROM items ORDER BY number').all()).toEqual(before);
  });
});
