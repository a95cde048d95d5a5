/** Backlog items in SQLite: rows in, domain items out. */
import { closeSync, openSync, readSync } from 'node:fs';
import type { CheckItem } from '../core/check.js';
import type { GapView, RankedRef } from '../core/ranking.js';
import { ITEM_STATUSES, ITEM_TYPES, type Item, type ItemStatus, type ItemType } from '../core/types.js';
import { DataError } from '../errors.js';
import { crypto } from '../core/crypto.js';
import { legacyUid } from '../core/snapshot.js';
import { ORDER_STATS_TRIGGERS, orderStatsTriggersSql, RECOUNT_ORDER_SQL, SEARCH_TRIGGERS, searchTriggersSql } from './migrations.js';
import { readList } from './planning.js';
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
  uid: string | null;
  /** Labels joined by SEPARATOR; null when none. */
  labels_text?: string | null;
  /** Dependency numbers joined by commas; null when none. */
  depends_text?: string | null;
  criteria: string;
  assignee: string | null;
}

/** Item fields kept in tables of their own rather than columns of items. */
type RelationField = 'labels' | 'dependsOn';
type ColumnField = Exclude<keyof Item, RelationField>;

/** The unique index on rank as migration 1 created it (SQLite keeps the statement's text). */
export const RANK_INDEX_SQL = 'CREATE UNIQUE INDEX items_by_rank ON items(rank) WHERE rank IS NOT NULL';

/** Rows `forCheck` reads per call into the driver. */
const CHECK_PAGE_ROWS = 500;
/** The columns of an item the check rules read, as an array (cheaper than a named row). */
const CHECK_SELECT = 'SELECT number, title, status, value, rationale, goal, rank, created_at FROM items';
type CheckRow = [number, string, string, number | null, string | null, string | null, string | null, string];

function checkItem(r: CheckRow): CheckItem {
  return { number: r[0], title: r[1], status: knownStatus(r[0], r[2]), value: r[3], rationale: r[4], goal: r[5], rank: r[6], createdAt: r[7] };
}

/**
 * What the queries here join values with (char(31) in SQL): the labels of an item (no label
 * holds it, see core/labels.ts) and the fields of a page `forCheck` reads.
 */
const SEPARATOR = '\u001f';
/** The fields of one item in such a page (CHECK_PAGE). */
const CHECK_FIELDS = 7;
/**
 * A page of the items as the check rules read them, joined by SQLite into one text: number,
 * value, title, status, rationale, goal, rank, each item's fields after the last one's. One
 * text for 500 items costs the driver far less than 3,500 values (a value crossing into
 * JavaScript is the larger part of reading a row). A missing rationale or goal reads as empty
 * (the rules treat both alike); a missing rank reads as empty and any other rank is prefixed
 * with "-". Also: the page's last number, its size, and its greatest value, which tells whether
 * every value is a number (text and blobs sort above numbers in SQLite).
 */
const CHECK_PAGE = `SELECT group_concat(fields, char(31)), max(number), count(*), max(value) FROM (
  SELECT number, value, concat_ws(char(31), number, ifnull(value, ''), title, status, ifnull(rationale, ''), ifnull(goal, ''), ifnull('-' || rank, '')) AS fields
  FROM items WHERE number > ? ORDER BY number LIMIT ${CHECK_PAGE_ROWS})`;
type CheckPage = [text: string | null, last: number | null, count: number, maxValue: unknown];

/**
 * The items of a page read by CHECK_PAGE, or null when its text cannot say exactly what the
 * columns hold: a field holding the separator, a value that is not a number or is infinite.
 * The text is walked field by field rather than split: a part of it becomes a string of its own
 * only where the rules need one (title, rationale, goal, rank), numbers are read in place and a
 * status is one of ordo's own strings, which halves what the garbage collector has to clear.
 */
function decodeCheckPage(page: CheckPage, createdAt: ReadonlyMap<number, string>): CheckItem[] | null {
  const [text, , count, maxValue] = page;
  if (text === null || !(maxValue === null || typeof maxValue === 'number')) return null;
  const items: CheckItem[] = [];
  let unknown: { number: number; status: string } | null = null;
  let at = 0;
  // Where the field starting at `at` ends. Past the end of the text (a field missing) every
  // field is empty and `at` runs on beyond it, which the check after the last item sees.
  const end = () => {
    const stop = text.indexOf(SEPARATOR, at);
    return stop < 0 ? Math.max(at, text.length) : stop;
  };
  for (let n = 0; n < count; n++) {
    let stop = end();
    const number = integerAt(text, at, stop);
    at = stop + 1;
    stop = end();
    const value = at === stop ? null : integerAt(text, at, stop);
    at = stop + 1;
    stop = end();
    const title = text.slice(at, stop);
    at = stop + 1;
    stop = end();
    let status = statusAt(text, at, stop);
    if (status === null) {
      unknown ??= { number, status: text.slice(at, stop) };
      status = 'proposed';
    }
    at = stop + 1;
    stop = end();
    const rationale = text.slice(at, stop);
    at = stop + 1;
    stop = end();
    const goal = text.slice(at, stop);
    at = stop + 1;
    stop = end();
    // A rank is "-" and the key; an empty field is no rank.
    const rank = at === stop ? null : text.slice(at + 1, stop);
    at = stop + 1;
    if (Number.isNaN(number) || Number.isNaN(value)) return null;
    items.push({ number, title, status, value, rationale, goal, rank, createdAt: createdAt.get(number) ?? null });
  }
  // Every field read, and no more: a separator inside a field would leave text over, a field
  // missing (a title or status that is NULL) would have taken `at` further.
  if (at !== text.length + 1) return null;
  if (unknown) knownStatus(unknown.number, unknown.status);
  return items;
}

/** The integer (or other number) SQLite wrote from `from` to `to`: digits are read in place. */
function integerAt(text: string, from: number, to: number): number {
  if (to - from > 15 || to === from) return Number(text.slice(from, to));
  let n = 0;
  for (let i = from; i < to; i++) {
    const digit = text.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return Number(text.slice(from, to));
    n = n * 10 + digit;
  }
  return n;
}

/** The status written from `from` to `to`, as ordo's own string; null when it is none of them. */
function statusAt(text: string, from: number, to: number): ItemStatus | null {
  for (const status of ITEM_STATUSES) if (status.length === to - from && text.startsWith(status, from)) return status;
  return null;
}

/**
 * Every item query selects through this: the columns of items plus its labels and
 * dependencies, each looked up by primary key, so that lazily walking the order stays lazy.
 */
const ITEM_SELECT = `SELECT items.*,
  (SELECT group_concat(label, char(31) ORDER BY lower(label), label) FROM item_labels WHERE item = items.number) AS labels_text,
  (SELECT group_concat(needs, ',' ORDER BY needs) FROM item_dependencies WHERE item = items.number) AS depends_text
  FROM items`;

const COLUMNS: Record<ColumnField, keyof ItemRow> = {
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
  criteria: 'criteria',
  assignee: 'assignee',
  uid: 'uid',
};

/** Statement parameters for item fields: the criteria list as its JSON text. */
function toParams<T extends Partial<Item>>(item: T): Record<string, unknown> {
  return item.criteria === undefined ? item : { ...item, criteria: JSON.stringify(item.criteria) };
}

const KNOWN_STATUSES: ReadonlySet<string> = new Set(ITEM_STATUSES);
const KNOWN_TYPES: ReadonlySet<string> = new Set(ITEM_TYPES);

/** A status (and type) read from the file is checked where it becomes a domain value: a foreign value is damage, not a bug. */
function knownStatus(number: number, status: string): ItemStatus {
  if (!KNOWN_STATUSES.has(status)) {
    throw new DataError('DATABASE_DAMAGED', `Item ${number} in the database has status ${JSON.stringify(status)}, which is not an ordo status (${ITEM_STATUSES.join(', ')}).`, 'Restore .ordo/backlog.db from a backup; ordo will not guess what the status should be.');
  }
  return status as ItemStatus;
}

/**
 * A new item's uid: 8 random bytes as hex. They come from /dev/urandom where there is one, as
 * node:crypto would take them, without the milliseconds loading node:crypto costs a command.
 */
function newUid(): string {
  const bytes = Buffer.alloc(8);
  try {
    const fd = openSync('/dev/urandom', 'r');
    try {
      if (readSync(fd, bytes, 0, bytes.length, null) === bytes.length) return bytes.toString('hex');
    } finally {
      closeSync(fd);
    }
  } catch {
    // no /dev/urandom here (Windows): node:crypto below
  }
  return crypto().randomBytes(bytes.length).toString('hex');
}

/** Rank keys' characters in their sort order (ASCII: digits, then capitals, then small letters). */
const KEY_DIGITS = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/**
 * A rank key as a number in [0, 1) that grows with the key: its first characters read as
 * base-62 digits. Keys that share those characters get the same number; order is kept.
 */
function keyValue(rank: string): number {
  let value = 0;
  let scale = 1;
  for (let i = 0; i < Math.min(rank.length, 8); i++) {
    scale /= 64;
    value += (Math.max(0, KEY_DIGITS.indexOf(rank[i]!)) + 1) * scale;
  }
  return value;
}

/** The order's statistics row (migrations.ts ORDER_STATS_TRIGGERS). */
interface OrderStats {
  ranked: number;
  pivot: string | null;
  beforePivot: number;
}

function toItem(r: ItemRow): Item {
  if (!KNOWN_TYPES.has(r.type)) {
    throw new DataError('DATABASE_DAMAGED', `Item ${r.number} in the database has type ${JSON.stringify(r.type)}, which is not an ordo item type (${ITEM_TYPES.join(', ')}).`, 'Restore .ordo/backlog.db from a backup.');
  }
  return {
    number: r.number,
    title: r.title,
    description: r.description,
    type: r.type as ItemType,
    value: r.value,
    rationale: r.rationale,
    goal: r.goal,
    estimate: r.estimate,
    status: knownStatus(r.number, r.status),
    rank: r.rank,
    createdBy: r.created_by,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    startedAt: r.started_at,
    doneAt: r.done_at,
    closedAt: r.closed_at,
    reason: r.reason,
    uid: r.uid ?? legacyUid(r.number, r.created_at, r.created_by),
    labels: r.labels_text ? r.labels_text.split(SEPARATOR) : [],
    dependsOn: r.depends_text ? r.depends_text.split(',').map(Number) : [],
    criteria: readList(r.criteria, (c): c is string => typeof c === 'string'),
    assignee: r.assignee ?? null,
  };
}

const columnFields = Object.keys(COLUMNS) as ColumnField[];
const INSERT_SQL = `INSERT INTO items (${columnFields.map((c) => COLUMNS[c]).join(', ')}) VALUES (${columnFields.map(() => '?').join(', ')})`;

/**
 * An item's column values in the order of INSERT_SQL's columns, bound by position: an import of
 * 100,000 items copied each into parameter objects four times over, for a tenth of its time.
 * Items from code that predates acceptance criteria and assignees get the empty values.
 */
function insertValues(item: Item): unknown[] {
  const values: unknown[] = [];
  for (const field of columnFields) {
    if (field === 'criteria') values.push(JSON.stringify(item.criteria ?? []));
    else if (field === 'assignee') values.push(item.assignee ?? null);
    else if (field === 'uid') values.push(item.uid ?? legacyUid(item.number, item.createdAt, item.createdBy));
    else values.push(item[field]);
  }
  return values;
}

/** Just the columns of an item, for binding to INSERT and UPDATE. */
function columnValues(item: Partial<Item>): Partial<Omit<Item, RelationField>> {
  const { labels: _labels, dependsOn: _dependsOn, ...rest } = item;
  return rest;
}

export type NewItem = Omit<Item, 'number'>;

export class ItemRepo {
  constructor(
    private readonly sql: Statements,
    /**
     * Called before an item row is written (created: it did not exist before); the store
     * uses it to know what a transaction did to items (its effects, commands/signing.ts).
     */
    private readonly onTouch: (number: number, created: boolean) => void = () => {},
  ) {}

  get(number: number): Item | undefined {
    const row = this.sql.get(`${ITEM_SELECT} WHERE number = ?`).get(number) as ItemRow | undefined;
    return row && toItem(row);
  }

  /** Just what ordering needs to know about an item: cheaper than get() on the move path. */
  ref(number: number): Pick<Item, 'number' | 'status' | 'rank'> | undefined {
    const row = this.sql.get('SELECT number, status, rank FROM items WHERE number = ?').get(number) as Pick<Item, 'number' | 'status' | 'rank'> | undefined;
    return row && { ...row, status: knownStatus(row.number, row.status) };
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
    const number = this.maxNumber() + 1;
    this.insertExact({ ...item, number, uid: item.uid ?? newUid() });
    return number;
  }

  /** Inserts an item with the number it already has (import, merge). */
  insertExact(item: Item): void {
    this.onTouch(item.number, true);
    this.sql.get(INSERT_SQL).run(insertValues(item));
    if (item.labels.length > 0) this.setLabels(item.number, item.labels);
    if (item.dependsOn.length > 0) this.setDependencies(item.number, item.dependsOn);
  }

  clear(): void {
    this.onTouch(0, false);
    // The delete trigger drops each item's labels and dependencies with it.
    this.sql.get('DELETE FROM items').run();
  }

  /** Status, rank and uid of one item: what a transaction's effects compare. */
  state(number: number): { status: ItemStatus; rank: string | null; uid: string } | undefined {
    const row = this.sql.get('SELECT number, status, rank, uid, created_at, created_by FROM items WHERE number = ?').get(number) as
      | Pick<ItemRow, 'number' | 'status' | 'rank' | 'uid' | 'created_at' | 'created_by'>
      | undefined;
    return row && { status: row.status as ItemStatus, rank: row.rank, uid: row.uid ?? legacyUid(row.number, row.created_at, row.created_by) };
  }

  /** The uid of the ranked item just above a rank key; null at the top of the order. */
  uidAbove(rank: string): string | null {
    const row = this.sql.get('SELECT number, uid, created_at, created_by FROM items WHERE rank IS NOT NULL AND rank < ? ORDER BY rank DESC LIMIT 1').get(rank) as
      | Pick<ItemRow, 'number' | 'uid' | 'created_at' | 'created_by'>
      | undefined;
    return row ? (row.uid ?? legacyUid(row.number, row.created_at, row.created_by)) : null;
  }

  /** Every item's number, uid and status, and the ranked ones in order: what verification replays against. */
  identities(): { number: number; uid: string; status: ItemStatus; rank: string | null }[] {
    return (this.sql.get('SELECT number, uid, status, rank, created_at, created_by FROM items ORDER BY number').all() as Pick<ItemRow, 'number' | 'uid' | 'status' | 'rank' | 'created_at' | 'created_by'>[]).map((r) => ({
      number: r.number,
      uid: r.uid ?? legacyUid(r.number, r.created_at, r.created_by),
      status: r.status as ItemStatus,
      rank: r.rank,
    }));
  }

  /**
   * For bulk writes (import, merge): stops maintaining the search index and the order's
   * statistics row by row, and returns the function that rebuilds both in one pass and restores
   * their triggers. One pass over 100,000 items takes a fraction of the time 100,000 trigger runs take.
   */
  pauseIndexes(): () => void {
    for (const t of [...SEARCH_TRIGGERS, ...ORDER_STATS_TRIGGERS]) this.sql.db.exec(`DROP TRIGGER IF EXISTS ${t}`);
    return () => {
      this.sql.db.exec(searchTriggersSql());
      this.sql.db.exec("INSERT INTO items_fts(items_fts) VALUES ('rebuild')");
      this.sql.db.exec(orderStatsTriggersSql());
      this.sql.db.exec(RECOUNT_ORDER_SQL);
    };
  }

  /** Replaces an item's labels. */
  setLabels(number: number, labels: readonly string[]): void {
    this.sql.get('DELETE FROM item_labels WHERE item = ?').run(number);
    const add = this.sql.get('INSERT OR IGNORE INTO item_labels (item, label) VALUES (?, ?)');
    for (const label of labels) add.run(number, label);
  }

  /** Replaces the items an item depends on. */
  setDependencies(number: number, needs: readonly number[]): void {
    this.sql.get('DELETE FROM item_dependencies WHERE item = ?').run(number);
    const add = this.sql.get('INSERT OR IGNORE INTO item_dependencies (item, needs) VALUES (?, ?)');
    for (const n of needs) add.run(number, n);
  }

  /** Every dependency edge: item → the item it needs. */
  dependencyEdges(): { item: number; needs: number }[] {
    return this.sql.get('SELECT item, needs FROM item_dependencies ORDER BY item, needs').all() as { item: number; needs: number }[];
  }

  /** The items that depend on one item (its "needed by"), ascending. */
  dependents(number: number): number[] {
    return this.sql.get('SELECT item FROM item_dependencies WHERE needs = ? ORDER BY item').pluck().all(number) as number[];
  }

  /** Status of each of the given items that exists. */
  statusesOf(numbers: readonly number[]): Map<number, ItemStatus> {
    const out = new Map<number, ItemStatus>();
    const get = this.sql.get('SELECT status FROM items WHERE number = ?').pluck();
    for (const n of numbers) {
      const status = get.get(n) as ItemStatus | undefined;
      if (status !== undefined) out.set(n, status);
    }
    return out;
  }

  /**
   * Numbers of the items whose text matches a full-text query (FTS5 syntax, built by
   * core/search.ts from the user's words, never the user's text itself).
   */
  search(match: string): Set<number> {
    return new Set(this.sql.get('SELECT rowid FROM items_fts WHERE items_fts MATCH ?').pluck().all(match) as number[]);
  }

  count(): number {
    return (this.sql.get('SELECT COUNT(*) AS n FROM items').get() as { n: number }).n;
  }

  /** Writes the given fields of one item. */
  update(number: number, patch: Partial<Omit<Item, 'number'>>): void {
    if (patch.labels !== undefined) this.setLabels(number, patch.labels);
    if (patch.dependsOn !== undefined) this.setDependencies(number, patch.dependsOn);
    const fields = (Object.keys(columnValues(patch)) as ColumnField[]).filter((k) => k !== 'number').sort();
    if (fields.length === 0) return;
    this.onTouch(number, false);
    const set = fields.map((f) => `${COLUMNS[f]} = @${f}`).join(', ');
    this.sql.get(`UPDATE items SET ${set} WHERE number = @number`).run({ ...toParams(columnValues(patch)), number });
  }

  setRank(number: number, rank: string | null): void {
    this.onTouch(number, false);
    this.sql.get('UPDATE items SET rank = ? WHERE number = ?').run(rank, number);
  }

  /** 1-based position of a rank key in the order. */
  positionOf(rank: string): number {
    return this.countBefore(rank) + 1;
  }

  /** What the triggers keep of the order (migrations.ts), or null when the row is missing or does not add up. */
  private orderStats(): OrderStats | null {
    const row = this.sql.get('SELECT ranked, pivot, before_pivot FROM order_stats WHERE id = 1').get() as { ranked: unknown; pivot: unknown; before_pivot: unknown } | undefined;
    if (!row || !Number.isSafeInteger(row.ranked) || !Number.isSafeInteger(row.before_pivot)) return null;
    const ranked = row.ranked as number;
    const beforePivot = row.before_pivot as number;
    if (ranked < 0 || beforePivot < 0 || beforePivot > ranked || (row.pivot !== null && typeof row.pivot !== 'string')) return null;
    return { ranked, pivot: row.pivot as string | null, beforePivot };
  }

  /** How many ranked keys lie in [from, to) (null: open at that end), counting no further than `limit`. */
  private countRange(from: string | null, to: string | null, limit: number): number {
    const where = ['rank IS NOT NULL', ...(from !== null ? ['rank >= @from'] : []), ...(to !== null ? ['rank < @to'] : [])];
    return this.sql.get(`SELECT COUNT(*) FROM (SELECT 1 FROM items WHERE ${where.join(' AND ')} LIMIT @limit)`).pluck().get({ from, to, limit }) as number;
  }

  /**
   * How many ranked items have keys below `rank`. SQLite counts index entries one by one, so
   * the count starts from a point whose count is known: the top, the pivot or the bottom of the
   * order. Of the two around the key, it counts from the one the key's value says is nearer, up
   * to half the stretch between them; past that the key is nearer the other, and the count is
   * made from there. A count costs at most half the order, and about the distance to the nearer
   * point when the keys are spread as fractional indexing spreads them.
   */
  private countBefore(rank: string): number {
    const stats = this.orderStats();
    if (stats === null) return this.countRange(null, rank, Number.MAX_SAFE_INTEGER);
    const { ranked, pivot, beforePivot } = stats;
    const belowPivot = pivot !== null && rank < pivot;
    const low = pivot !== null && !belowPivot ? { key: pivot, before: beforePivot } : { key: null, before: 0 };
    const high = belowPivot ? { key: pivot, before: beforePivot } : { key: null, before: ranked };
    const half = Math.floor((high.before - low.before) / 2) + 1;
    const lowKey = low.key ?? this.firstRank();
    const highKey = high.key ?? this.lastRank();
    const nearLow = lowKey === null || highKey === null || keyValue(rank) - keyValue(lowKey) <= keyValue(highKey) - keyValue(rank);
    if (nearLow) {
      const fromLow = this.countRange(low.key, rank, half);
      if (fromLow < half) return low.before + fromLow;
      return high.before - this.countRange(rank, high.key, Number.MAX_SAFE_INTEGER);
    }
    const toHigh = this.countRange(rank, high.key, half);
    if (toHigh < half) return high.before - toHigh;
    return low.before + this.countRange(low.key, rank, Number.MAX_SAFE_INTEGER);
  }

  firstRank(): string | null {
    return (this.sql.get('SELECT rank FROM items WHERE rank IS NOT NULL ORDER BY rank LIMIT 1').pluck().get() as string | undefined) ?? null;
  }

  /**
   * Moves the pivot back to the middle of the order when changes have left it more than a
   * quarter of the order away: a recount, once in many writes. Writers call it before commit.
   */
  keepPivotCentred(): void {
    const stats = this.orderStats();
    if (stats !== null && Math.abs(stats.beforePivot - stats.ranked / 2) <= stats.ranked / 4 + 64 && (stats.pivot !== null || stats.ranked === 0)) return;
    this.sql.db.exec(RECOUNT_ORDER_SQL);
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

  /** How many ranked items have a rank key from `from` (inclusive) up to `to` (exclusive): counted in the index, no rows read. */
  rankedBetween(from: string, to: string): number {
    return this.rankedIn(from, to, true);
  }

  rankedCount(): number {
    return this.orderStats()?.ranked ?? (this.sql.get('SELECT COUNT(*) AS n FROM items WHERE rank IS NOT NULL').get() as { n: number }).n;
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

  /** The numbers of the ranked items in order, lazily: callers stop early once they have enough. */
  *rankedNumbersInOrder(): Generator<number> {
    yield* this.sql.get('SELECT number FROM items WHERE rank IS NOT NULL ORDER BY rank').pluck().iterate() as IterableIterator<number>;
  }

  /** Ranked items in order, lazily: callers stop early once they have enough. */
  *ranked(): Generator<Item> {
    for (const row of this.sql.get(`${ITEM_SELECT} WHERE rank IS NOT NULL ORDER BY rank`).iterate()) {
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
      this.sql.get(`${ITEM_SELECT} WHERE status IN (${placeholders}) AND rank IS NULL ORDER BY number`).all(...statuses) as ItemRow[]
    ).map(toItem);
  }

  all(): Item[] {
    return (this.sql.get(`${ITEM_SELECT} ORDER BY number`).all() as ItemRow[]).map(toItem);
  }

  /** Of these items, the numbers of the open ones that have no acceptance criteria (the acceptance-criteria rule). */
  withoutCriteria(numbers: readonly number[]): number[] {
    return this.sql
      .get("SELECT number FROM items WHERE number IN (SELECT value FROM json_each(?)) AND criteria = '[]' AND status IN ('ready', 'in-progress', 'done')")
      .pluck()
      .all(JSON.stringify(numbers)) as number[];
  }

  /**
   * Rank keys that more than one item holds. While the unique index on rank stands as the
   * migrations made it, none can be, provided SQLite's integrity check has found that index
   * sound (every row in it, UNIQUE held): the caller runs that check first. Without the index,
   * the keys are grouped.
   */
  sharedRanks(): string[] {
    const index = this.sql.get("SELECT sql FROM sqlite_schema WHERE type = 'index' AND name = 'items_by_rank' AND tbl_name = 'items'").pluck().get();
    if (index === RANK_INDEX_SQL) return [];
    return this.sql.get('SELECT rank FROM items WHERE rank IS NOT NULL GROUP BY rank HAVING COUNT(*) > 1').pluck().all() as string[];
  }

  /**
   * Every item with just the fields the check rules read, one at a time: memory stays flat in
   * the number of items. A page of them is read as one text (CHECK_PAGE), or, when that text
   * cannot be read back exactly, as rows. When an item was created is read for proposals
   * only, through the index on status: the one rule that reads it looks at nothing else.
   */
  *forCheck(): Generator<CheckItem> {
    const page = this.sql.get(CHECK_PAGE).raw(true);
    const proposals = this.sql.get("SELECT number, created_at FROM items WHERE status = 'proposed' AND number > ? AND number <= ?").raw(true);
    let after = Number.NEGATIVE_INFINITY;
    for (;;) {
      const read = page.get(after) as CheckPage;
      const [, last, count] = read;
      if (last === null) return;
      const createdAt = new Map(proposals.all(after, last) as [number, string][]);
      const items = decodeCheckPage(read, createdAt) ?? this.forCheckBetween(after, last);
      yield* items;
      if (count < CHECK_PAGE_ROWS) return;
      after = last;
    }
  }

  /** The items numbered above `after` up to `last`, read as rows, given as a page read as text gives them. */
  private forCheckBetween(after: number, last: number): CheckItem[] {
    const rows = this.sql.get(`${CHECK_SELECT} WHERE number > ? AND number <= ? ORDER BY number`).raw(true).all(after, last) as CheckRow[];
    return rows.map((r) => {
      const item = checkItem(r);
      return { ...item, rationale: item.rationale ?? '', goal: item.goal ?? '', createdAt: item.status === 'proposed' ? item.createdAt : null };
    });
  }

  /** The greatest item number, 0 when there are none: a bound on the number of items, read from the end of the table. */
  maxNumber(): number {
    return (this.sql.get('SELECT max(number) FROM items').pluck().get() as number | null) ?? 0;
  }

  /** The same fields of the items with these numbers, by number: what the check rules read again. */
  forCheckAgain(numbers: readonly number[]): CheckItem[] {
    const rows = this.sql.get(`${CHECK_SELECT} WHERE number IN (SELECT value FROM json_each(?)) ORDER BY number`).raw(true).all(JSON.stringify(numbers)) as CheckRow[];
    return rows.map(checkItem);
  }
}
