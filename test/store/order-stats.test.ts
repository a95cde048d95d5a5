import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateKeyBetween, generateNKeysBetween } from 'fractional-indexing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/store/database.js';
import { MIGRATIONS } from '../../src/store/migrations.js';
import { Store } from '../../src/store/store.js';
import { mulberry32 } from '../../src/core/forecast.js';
import { withStore } from '../helpers/db.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ordo-order-stats-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const ROW = "INSERT INTO items (number, title, type, value, rationale, goal, status, rank, created_by, created_at, updated_at) VALUES (?, ?, 'story', 8, 'Shoppers ask for it', 'G1', ?, ?, 'alice@example.com', 'x', 'x')";

/** A database at `version` with `n` items, every third one outside the order. */
async function build(path: string, n: number, version?: number): Promise<void> {
  const db = await openDatabase(path, { mode: 'write', create: true, targetVersion: version });
  db.prepare("INSERT INTO goals (id, title, status, created_at, updated_at) VALUES ('G1', 'Faster checkout', 'active', 'x', 'x')").run();
  const keys = generateNKeysBetween(null, null, n);
  const insert = db.prepare(ROW);
  db.transaction(() => keys.forEach((k, i) => insert.run(i + 1, `Item ${i + 1}`, i % 3 === 2 ? 'proposed' : 'ready', i % 3 === 2 ? null : k)))();
  db.close();
}

/** The position of a key counted the plain way: every ranked key below it. */
const counted = (store: Store, rank: string) => (store.db.prepare('SELECT COUNT(*) FROM items WHERE rank IS NOT NULL AND rank < ?').pluck().get(rank) as number) + 1;
const ranks = (store: Store) => store.db.prepare('SELECT rank FROM items WHERE rank IS NOT NULL ORDER BY rank').pluck().all() as string[];

describe("the order's statistics", () => {
  it('migration 8 counts an existing order, and positions agree with a plain count at every depth', async () => {
    const path = join(dir, 'backlog.db');
    await build(path, 6000, Math.max(...MIGRATIONS.filter((m) => m.version < 8).map((m) => m.version)));
    await withStore(path, 'write', (store) => {
    const all = ranks(store);
    expect(store.transaction(() => store.items.rankedCount())).toBe(all.length);
    const probes = [0, 1, 2, 511, 512, 513, 2047, 2048, 2049, all.length >> 1, (all.length >> 1) + 1, all.length - 600, all.length - 2, all.length - 1];
    store.transaction(() => {
      for (const i of probes) expect(store.items.positionOf(all[i]!), `key #${i + 1}`).toBe(i + 1);
      // Keys between items and past the ends count like any other key.
      expect(store.items.positionOf(generateKeyBetween(all[99]!, all[100]!))).toBe(101);
      expect(store.items.positionOf(generateKeyBetween(null, all[0]!))).toBe(1);
      expect(store.items.positionOf(generateKeyBetween(all[all.length - 1]!, null))).toBe(all.length + 1);
    });
    });
  });

  it('the triggers keep it exact through inserts, moves, removals from the order and deletes, with the pivot re-centred as writers do', async () => {
    const path = join(dir, 'backlog.db');
    await build(path, 3000);
    const rnd = mulberry32(7);
    await withStore(path, 'write', (store) => {
    let next = 3001;
    for (let round = 0; round < 40; round++) {
      store.transaction(() => {
        for (let step = 0; step < 40; step++) {
          const all = ranks(store);
          const pick = () => all[Math.floor(rnd() * all.length)]!;
          const op = rnd();
          const numberOf = (rank: string) => store.db.prepare('SELECT number FROM items WHERE rank = ?').pluck().get(rank) as number;
          // Skewed on purpose: most changes land near the top, so the pivot drifts.
          const near = (i: number) => all[Math.min(all.length - 1, Math.floor(i))]!;
          if (op < 0.3) {
            const at = Math.floor(rnd() * rnd() * (all.length - 1));
            store.db.prepare(ROW).run(next, `Item ${next}`, 'ready', generateKeyBetween(near(at), near(at + 1)));
            next += 1;
          } else if (op < 0.6) {
            const at = Math.floor(rnd() * rnd() * (all.length - 1));
            const key = generateKeyBetween(near(at), near(at + 1));
            if (!all.includes(key)) store.items.setRank(numberOf(pick()), key);
          } else if (op < 0.75) {
            store.items.setRank(numberOf(pick()), null);
          } else if (op < 0.85) {
            const unranked = store.db.prepare('SELECT number FROM items WHERE rank IS NULL LIMIT 1').pluck().get() as number | undefined;
            if (unranked !== undefined) store.items.setRank(unranked, generateKeyBetween(all[all.length - 1]!, null));
          } else {
            store.db.prepare('DELETE FROM items WHERE number = ?').run(numberOf(pick()));
          }
        }
        store.items.keepPivotCentred();
      });
      const all = ranks(store);
      store.transaction(() => {
        expect(store.items.rankedCount()).toBe(all.length);
        for (const i of [0, Math.floor(rnd() * all.length), all.length >> 2, all.length >> 1, all.length - 1]) expect(store.items.positionOf(all[i]!)).toBe(i + 1);
        const stats = store.db.prepare('SELECT ranked, pivot, before_pivot FROM order_stats').get() as { ranked: number; pivot: string; before_pivot: number };
        expect(stats.before_pivot).toBe(counted(store, stats.pivot) - 1);
        expect(Math.abs(stats.before_pivot - stats.ranked / 2)).toBeLessThanOrEqual(stats.ranked / 4 + 64);
      });
    }
    });
  });

  it('a statistics row that does not add up is not trusted: positions are counted from the top', async () => {
    const path = join(dir, 'backlog.db');
    await build(path, 900);
    await withStore(path, 'write', (store) => {
    const all = ranks(store);
    for (const broken of ['UPDATE order_stats SET before_pivot = ranked + 5', 'UPDATE order_stats SET ranked = -1', 'DELETE FROM order_stats']) {
      store.db.exec(broken);
      store.transaction(() => {
        for (const i of [0, 300, all.length - 1]) expect(store.items.positionOf(all[i]!), broken).toBe(i + 1);
        // The next write counts the order afresh.
        store.items.keepPivotCentred();
      });
      expect(store.db.prepare('SELECT ranked, before_pivot FROM order_stats').get(), broken).toEqual({ ranked: all.length, before_pivot: all.length >> 1 });
    }
    });
  });
});
