import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CheckItem } from '../../src/core/check.js';
import { openDatabase } from '../../src/store/database.js';
import { withStore } from '../helpers/db.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ordo-check-read-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const INSERT =
  "INSERT INTO items (number, title, type, value, rationale, goal, status, rank, created_by, created_at, updated_at) VALUES (?, ?, 'story', ?, ?, ?, ?, ?, 'alice@example.com', ?, 'x')";

interface Row {
  number: number;
  title: string | null;
  value: number | string | Buffer | null;
  rationale: string | null;
  goal: string | null;
  status: string | null;
  rank: string | null;
  createdAt: string;
}

async function build(path: string, rows: readonly Row[], loosened = false): Promise<void> {
  const db = await openDatabase(path, { mode: 'write', create: true });
  if (!loosened && rows.some((r) => r.title === null || r.status === null)) {
    // A file made by hand: its title and status may be missing, which ordo's schema forbids.
    db.unsafeMode(true);
    db.pragma('writable_schema = ON');
    db.prepare("UPDATE sqlite_schema SET sql = replace(replace(sql, 'title TEXT NOT NULL', 'title TEXT'), 'status TEXT NOT NULL', 'status TEXT') WHERE name = 'items'").run();
    db.pragma('writable_schema = OFF');
    db.close();
    return build(path, rows, true);
  }
  const insert = db.prepare(INSERT);
  db.transaction(() => {
    for (const r of rows) insert.run(r.number, r.title, r.value, r.rationale, r.goal, r.status, r.rank, r.createdAt);
  })();
  db.close();
}

/**
 * What the rules must be given for each row, read the plain way (row by row, each value as the
 * driver returns it): a missing rationale or goal reads as empty, which the rules treat alike,
 * and when an item was created is given for proposals.
 */
function expected(item: CheckItem): CheckItem {
  return { ...item, rationale: item.rationale ?? '', goal: item.goal ?? '', createdAt: item.status === 'proposed' ? item.createdAt : null };
}

// Text where reading a page as one text could go wrong: empty strings, the prefix of a rank,
// text beyond ASCII, digits, quotes; and, in hostile rows only, the separator itself and values
// that are not integers, which make the page be read again as rows.
const TRICKY = ['\u001e', '-', '', ' ', 'a', 'Z', '0', '7', '.', 'é', '😀', 'テ', '\n', 'NULL', "'"];
const textOf = (parts: readonly string[]) => fc.array(fc.constantFrom(...parts), { maxLength: 6 }).map((p) => p.join(''));
const plain = textOf(TRICKY);
const hostile = textOf([...TRICKY, '\u001f']);
const integerValue = fc.oneof(fc.constantFrom(null, 1, 8, 21, -3, 0), fc.integer());
const realValue = fc.double({ noNaN: true });
const anyValue = fc.oneof(integerValue, realValue, hostile, fc.constant(Buffer.from('5')));
/** Rows of one kind each: plain ones, text holding the separator, real values among integers, anything. */
type Kind = 'plain' | 'separator' | 'real' | 'any';
const KINDS: readonly Kind[] = ['plain', 'separator', 'real', 'any'];
const rare = <T,>(usual: fc.Arbitrary<T>, other: fc.Arbitrary<T>) => fc.oneof({ arbitrary: usual, weight: 200 }, { arbitrary: other, weight: 1 });
const row = (number: number, kind: Kind) => {
  const text = kind === 'separator' || kind === 'any' ? rare(plain, hostile) : plain;
  return fc.record({
    number: fc.constant(number),
    title: text,
    value: kind === 'real' ? rare(integerValue, realValue) : kind === 'any' ? rare(integerValue, anyValue) : integerValue,
    rationale: fc.option(text, { nil: null }),
    goal: fc.option(text, { nil: null }),
    status: fc.constantFrom('proposed', 'ready', 'in-progress', 'done', 'dropped'),
    rank: fc.option(text, { nil: null }),
    createdAt: fc.constantFrom('2026-01-05T09:00:00.000Z', 'x', ''),
  });
};

describe("the items as ordo check reads them (a page at a time, as one text)", () => {
  it('are what the rows hold, whatever the text and whichever type a value has', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        // Numbers with gaps, over several pages.
        fc
          .tuple(fc.uniqueArray(fc.integer({ min: 1, max: 3000 }), { minLength: 1, maxLength: 1300, size: 'max' }), fc.constantFrom(...KINDS))
          .chain(([numbers, kind]) => fc.tuple(...numbers.map((n) => row(n, kind)))),
        async (rows) => {
          const path = join(dir, `backlog-${run++}.db`);
          // Ranks are unique while the index stands.
          const seen = new Set<string>();
          const unique = rows.map((r) => (r.rank === null || seen.has(r.rank) ? { ...r, rank: null } : (seen.add(r.rank), r)));
          await build(path, unique);
          await withStore(path, 'read', (store) =>
            store.transaction(() => {
              const read = [...store.items.forCheck()];
              const numbers = unique.map((r) => r.number).sort((a, b) => a - b);
              expect(read.map((i) => i.number)).toEqual(numbers);
              expect(read).toEqual(store.items.forCheckAgain(numbers).map(expected));
            }),
          );
        },
      ),
      { numRuns: 40, endOnFailure: true },
    );
  });

  it('reads again as rows each page whose text cannot carry its values exactly, and only that page', async () => {
    const path = join(dir, 'backlog.db');
    // A page of 500 clean items, then a page for each case where the text would lose something.
    const odd: Partial<Row>[] = [
      { title: 'Retry\u001fpayment' },
      { title: 'Retry\u001fpayment', rank: null },
      { rationale: 'Shoppers\u001fask' },
      { value: Buffer.from('5') },
      { value: 'lots' },
      { value: '' },
      { value: 5.5 },
      { value: Number.POSITIVE_INFINITY },
      { rank: '' },
      { title: null },
    ];
    const rows: Row[] = [];
    const clean = (number: number): Row => ({ number, title: `Item ${number}`, value: 8, rationale: 'Shoppers ask for it', goal: 'G1', status: 'ready', rank: `a${number.toString(36)}`, createdAt: 'x' });
    for (let n = 1; n <= 500 * (odd.length + 1); n++) rows.push(clean(n));
    odd.forEach((o, i) => Object.assign(rows[500 * (i + 1) + 250]!, o));
    await build(path, rows);
    await withStore(path, 'read', (store) =>
      store.transaction(() => {
        const read = [...store.items.forCheck()];
        const plainly = store.items.forCheckAgain(rows.map((r) => r.number)).map(expected);
        expect(read).toEqual(plainly);
        odd.forEach((o, i) => expect(read[500 * (i + 1) + 250]).toMatchObject(o));
      }),
    );
  });

  it('reads a backlog of several pages where every page can be read as text alike', async () => {
    const path = join(dir, 'backlog.db');
    const rows = Array.from({ length: 1234 }, (_, i): Row => ({
      number: i * 3 + 1,
      title: `Item ${i}`,
      value: i % 7 === 0 ? null : 8,
      rationale: i % 11 === 0 ? null : `Shoppers in segment ${i} ask for it`,
      goal: i % 13 === 0 ? null : 'G1',
      status: i % 5 === 0 ? 'proposed' : 'ready',
      rank: i % 5 === 0 ? null : `a${i.toString(36)}`,
      createdAt: `2026-01-05T09:00:${String(i % 60).padStart(2, '0')}.000Z`,
    }));
    await build(path, rows);
    await withStore(path, 'read', (store) =>
      store.transaction(() => {
        const read = [...store.items.forCheck()];
        expect(read).toHaveLength(1234);
        expect(read).toEqual(store.items.forCheckAgain(rows.map((r) => r.number)).map(expected));
      }),
    );
  });
});
