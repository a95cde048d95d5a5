/**
 * Test-only writer for the crash harness: one very large write transaction through
 * ordo's own store code (writeBacklog, placeInOrder, the audit trail), printing a
 * progress line from inside the transaction so the harness can kill it mid-write.
 * Usage: node crash-writer.mjs <dir> bulk-add <count> | reverse
 * It is bundled by test/helpers/crash.ts; it is not part of the product.
 */
import { readSync, writeSync } from 'node:fs';
import { placeInOrder, writeBacklog } from '../../src/commands/backlog.js';
import { keysAfter, type Placement } from '../../src/core/ranking.js';
import type { Item } from '../../src/core/types.js';
import { testContext } from './context.js';

const OWNER = 'alice@example.com';
const TICK_EVERY = 100;

/** Reports progress from inside the transaction and waits until the harness says go on (or kills it). */
function tick(n: number): void {
  writeSync(1, `tick ${n}\n`);
  readSync(0, Buffer.alloc(1));
}

/** A fixed, seeded sequence of places so every run writes the same bytes. */
function placementFor(i: number, ranked: number): Placement {
  const r = (i * 2654435761) % 97;
  if (r < 20) return { kind: 'top' };
  if (r < 60 || ranked < 2) return { kind: 'bottom' };
  return { kind: 'to', position: 1 + ((i * 40503) % ranked) };
}

async function bulkAdd(dir: string, count: number, spread: boolean): Promise<void> {
  const ctx = testContext(dir, OWNER);
  await writeBacklog(ctx, 'add', (w) => {
    // A small page cache makes SQLite spill changed pages into the file mid-transaction:
    // the hardest case for a crash, where only the journal can restore the file.
    w.store.db.pragma('cache_size = 50');
    for (let i = 0; i < count; i++) {
      const item: Omit<Item, 'number'> = {
        title: `Bulk item ${i}`,
        description: null,
        type: 'story',
        value: 8,
        rationale: 'Shoppers abandon carts when this is missing',
        goal: 'G1',
        estimate: null,
        status: 'ready',
        rank: null,
        createdBy: OWNER,
        createdAt: w.at,
        updatedAt: w.at,
        startedAt: null,
        doneAt: null,
        closedAt: null,
        reason: null,
        labels: [],
        dependsOn: [],
      };
      const number = w.store.items.insert(item);
      const placement = spread ? placementFor(i, w.store.items.rankedCount()) : { kind: 'bottom' as const };
      const position = placeInOrder(w, { ...item, number }, placement);
      w.record('add', { item: number }, { status: 'ready', position, title: item.title, value: 8, goal: 'G1' });
      if (i % TICK_EVERY === 0) tick(i / TICK_EVERY);
    }
  });
}

/** Rewrites every rank key, reversing the order: the shape of a whole-backlog reorder. */
async function reverse(dir: string): Promise<void> {
  const ctx = testContext(dir, OWNER);
  await writeBacklog(ctx, 'reorder', (w) => {
    w.store.db.pragma('cache_size = 50');
    const ranked = [...w.store.items.ranked()].map((i) => i.number).reverse();
    // Free every key first (the index is unique), then hand out the new ones: one tick per 200 rows in each pass.
    ranked.forEach((number, i) => {
      w.store.items.setRank(number, null);
      if (i % (2 * TICK_EVERY) === 0) tick(i / (2 * TICK_EVERY));
    });
    const keys = keysAfter(null, ranked.length);
    const half = Math.ceil(ranked.length / (2 * TICK_EVERY));
    ranked.forEach((number, i) => {
      w.store.items.setRank(number, keys[i]!);
      w.record('move', { item: number }, { to: i + 1 });
      if (i % (2 * TICK_EVERY) === 0) tick(half + i / (2 * TICK_EVERY));
    });
  });
}

const [dir, op, arg] = process.argv.slice(2);
if (!dir || !op) throw new Error('usage: crash-writer <dir> bulk-add <count> [spread] | reverse');
if (op === 'bulk-add') await bulkAdd(dir, Number(arg), process.argv[5] === 'spread');
else if (op === 'reverse') await reverse(dir);
else throw new Error(`unknown operation ${op}`);
writeSync(1, 'done\n');
