/** Backlog items in SQLite: rows in, domain items out. */
import type { CheckItem } from '../core/check.js';
import type { GapView, RankedRef } from '../core/ranking.js';
import type { Item, ItemStatus, ItemType } from '../core/types.js';
import type { Statements } from './store.js';

interface ItemRow {
  number: number;
  title: string;
  description: string | null;
  type: string;
  value: number | null;
  rationale: string | null;
  goal: string | null;
  estimate: number | null;
  status: string;
  rank: string | null;
  created_by: string;
  created_at: string;
  updated_at: string;
  started_at: string | null;
  done_at: string | null;
  closed_at: string | null;
  reason: string | null;
}

const COLUMNS: Record<keyof Item, keyof ItemRow> = {
  number: 'number',
  title: 'title',
  description: 'description',
  type: 'type',
  value: 'value',
  rationale: 'rationale',
  goal: 'goal',
  estimate: 'estimate',
  status: 'status',
  rank: 'rank',
  createdBy: 'created_by',
  createdAt: 'created_at',
  updatedAt: 'updated_at',
  startedAt: 'started_at',
  doneAt: 'done_at',
  closedAt: 'closed_at',
  reason: 'reason',
};

function toItem(r: ItemRow): Item {
  return {
    number: r.number,
    title: r.title,
    description: r.description,
    type: r.type as ItemType,
    value: r.value,
    rationale: r.rationale,
    goal: r.goal,
    estimate: r.estimate,
    status: r.status as ItemStatus,
    rank: r.rank,
    createdBy: r.created_by,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    startedAt: r.started_at,
    doneAt: r.done_at,
    closedAt: r.closed_at,
    reason: r.reason,
  };
}

export type NewItem = Omit<Item, 'number'>;

let INSERT_EXACT: string | undefined;

export class ItemRepo {
  /**
   * @param onRankWrite called whenever an item gets a rank (enters the order or moves);
   * the store uses it to know the transaction changed the order and must be signed.
   * Taking a rank away (done, dropped, ...) does not call it.
   */
  constructor(
    private readonly sql: Statements,
    private readonly onRankWrite: () => void = () => {},
  ) {}

  get(number: number): Item | undefined {
    const row = this.sql.get('SELECT * FROM items WHERE number = ?').get(number) as ItemRow | undefined;
    return row && toItem(row);
  }

  /** Just what ordering needs to know about an item: cheaper than get() on the move path. */
  ref(number: number): Pick<Item, 'number' | 'status' | 'rank'> | undefined {
    return this.sql.get('SELECT number, status, rank FROM items WHERE number = ?').get(number) as Pick<Item, 'number' | 'status' | 'rank'> | undefined;
  }

  /** The rank key just above `upper` (null: the end of the order), one item left out; null when none is. */
  rankAbove(upper: string | null, skip: number): string | null {
    const row = (
      upper === null
        ? this.sql.get('SELECT rank FROM items WHERE rank IS NOT NULL AND number != ? ORDER BY rank DESC LIMIT 1').get(skip)
        : this.sql.get('SELECT rank FROM items WHERE rank IS NOT NULL AND rank < ? AND number != ? ORDER BY rank DESC LIMIT 1').get(upper, skip)
    ) as { rank: string } | undefined;
    return row?.rank ?? null;
  }

  insert(item: NewItem): number {
    const number = (this.sql.get('SELECT COALESCE(MAX(number), 0) + 1 AS n FROM items').get() as { n: number }).n;
    const cols = Object.keys(COLUMNS) as (keyof Item)[];
    const row = { ...item, number } as Item;
    if (item.rank !== null) this.onRankWrite();
    this.sql
      .get(`INSERT INTO items (${cols.map((c) => COLUMNS[c]).join(', ')}) VALUES (${cols.map((c) => `@${c}`).join(', ')})`)
      .run(row);
    return number;
  }

  /** Inserts an item with the number it already has (import, merge). */
  insertExact(item: Item): void {
    // Built once: an import calls this for every row.
    INSERT_EXACT ??= `INSERT INTO items (${(Object.keys(COLUMNS) as (keyof Item)[]).map((c) => COLUMNS[c]).join(', ')}) VALUES (${Object.keys(COLUMNS).map((c) => `@${c}`).join(', ')})`;
    this.sql.get(INSERT_EXACT).run(item);
  }

  clear(): void {
    this.sql.get('DELETE FROM items').run();
  }

  count(): number {
    return (this.sql.get('SELECT COUNT(*) AS n FROM items').get() as { n: number }).n;
  }

  /** Writes the given fields of one item. */
  update(number: number, patch: Partial<Omit<Item, 'number'>>): void {
    const fields = (Object.keys(patch) as (keyof Item)[]).filter((k) => k !== 'number').sort();
    if (fields.length === 0) return;
    if (patch.rank !== undefined && patch.rank !== null) this.onRankWrite();
    const set = fields.map((f) => `${COLUMNS[f]} = @${f}`).join(', ');
    this.sql.get(`UPDATE items SET ${set} WHERE number = @number`).run({ ...patch, number });
  }

  setRank(number: number, rank: string | null): void {
    if (rank !== null) this.onRankWrite();
    this.sql.get('UPDATE items SET rank = ? WHERE number = ?').run(rank, number);
  }

  /** 1-based position of a rank key in the order. */
  positionOf(rank: string): number {
    return (this.sql.get('SELECT COUNT(*) AS n FROM items WHERE rank IS NOT NULL AND rank < ?').get(rank) as { n: number }).n + 1;
  }

  /**
   * How many ranked items have rank keys in a range (null: open at that end), counting only
   * that stretch of the order's index, not the whole order above it.
   */
  rankedIn(low: string | null, high: string | null, lowInclusive = false): number {
    const where = ['rank IS NOT NULL'];
    const args: string[] = [];
    if (low !== null) {
      where.push(lowInclusive ? 'rank >= ?' : 'rank > ?');
      args.push(low);
    }
    if (high !== null) {
      where.push('rank < ?');
      args.push(high);
    }
    return (this.sql.get(`SELECT COUNT(*) AS n FROM items WHERE ${where.join(' AND ')}`).get(...args) as { n: number }).n;
  }

  rankedCount(): number {
    return (this.sql.get('SELECT COUNT(*) AS n FROM items WHERE rank IS NOT NULL').get() as { n: number }).n;
  }

  /** The ranked item at a 0-based offset in the order, skipping one item (the one being moved). */
  rankedAt(offset: number, skip: number): RankedRef | undefined {
    return this.sql
      .get('SELECT number, rank FROM items WHERE rank IS NOT NULL AND number != ? ORDER BY rank LIMIT 1 OFFSET ?')
      .get(skip, offset) as RankedRef | undefined;
  }

  /** The first ranked item strictly below a rank key, skipping one item. */
  rankedBelow(rank: string, skip: number): RankedRef | undefined {
    return this.sql
      .get('SELECT number, rank FROM items WHERE rank IS NOT NULL AND rank > ? AND number != ? ORDER BY rank LIMIT 1')
      .get(rank, skip) as RankedRef | undefined;
  }

  lastRank(): string | null {
    const row = this.sql.get('SELECT rank FROM items WHERE rank IS NOT NULL ORDER BY rank DESC LIMIT 1').get() as
      | { rank: string }
      | undefined;
    return row?.rank ?? null;
  }

  /** The gap just above `upper` (null: the end of the order), the moving item left out. */
  gapAbove(upper: string | null, skip: number): GapView {
    return {
      before: (count) => {
        const rows = (
          upper === null
            ? this.sql.get('SELECT number, rank FROM items WHERE rank IS NOT NULL AND number != ? ORDER BY rank DESC LIMIT ?').all(skip, count)
            : this.sql
                .get('SELECT number, rank FROM items WHERE rank IS NOT NULL AND rank < ? AND number != ? ORDER BY rank DESC LIMIT ?')
                .all(upper, skip, count)
        ) as RankedRef[];
        return rows.reverse();
      },
      after: (count) =>
        upper === null
          ? []
          : (this.sql
              .get('SELECT number, rank FROM items WHERE rank IS NOT NULL AND rank >= ? AND number != ? ORDER BY rank LIMIT ?')
              .all(upper, skip, count) as RankedRef[]),
    };
  }

  /** The numbers of the ranked items, in order: what the signed order covers. */
  rankedNumbers(): number[] {
    return this.sql.get('SELECT number FROM items WHERE rank IS NOT NULL ORDER BY rank').pluck().all() as number[];
  }

  /** Ranked items in order, lazily: callers stop early once they have enough. */
  *ranked(): Generator<Item> {
    for (const row of this.sql.get('SELECT * FROM items WHERE rank IS NOT NULL ORDER BY rank').iterate()) {
      yield toItem(row as ItemRow);
    }
  }

  /** Items outside the order (any status), by number, lazily. */
  *unranked(): Generator<Item> {
    for (const row of this.sql.get('SELECT * FROM items WHERE rank IS NULL ORDER BY number').iterate()) yield toItem(row as ItemRow);
  }

  /** Unranked items with the given statuses, oldest first. */
  withStatus(statuses: readonly ItemStatus[]): Item[] {
    const placeholders = statuses.map(() => '?').join(', ');
    return (
      this.sql.get(`SELECT * FROM items WHERE status IN (${placeholders}) AND rank IS NULL ORDER BY number`).all(...statuses) as ItemRow[]
    ).map(toItem);
  }

  all(): Item[] {
    return (this.sql.get('SELECT * FROM items ORDER BY number').all() as ItemRow[]).map(toItem);
  }

  /**
   * Every item with just the fields the check rules read, one at a time: memory stays flat in
   * the number of items. Rows come back as arrays and are built into objects of one fixed
   * shape, cheaper than named rows.
   */
  *forCheck(): Generator<CheckItem> {
    const rows = this.sql.get('SELECT number, title, status, value, rationale, goal, rank, created_at FROM items ORDER BY number').raw(true).iterate() as IterableIterator<
      [number, string, ItemStatus, number | null, string | null, string | null, string | null, string]
    >;
    for (const r of rows) yield { number: r[0], title: r[1], status: r[2], value: r[3], rationale: r[4], goal: r[5], rank: r[6], createdAt: r[7] };
  }
}
