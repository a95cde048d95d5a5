/**
 * Shared steps of every command that touches the backlog: open it for reading or
 * writing as one transaction, look up items and goals, place items in the order,
 * and record what changed.
 */
import type { KeyObject } from 'node:crypto';
import { existsSync } from 'node:fs';
import { databasePath, type Config } from '../config/load.js';
import { planPlacement, targetPosition, type Placement } from '../core/ranking.js';
import { parseWhole } from '../core/numbers.js';
import type { Goal, Identity, Item, PlacedItem } from '../core/types.js';
import { ConflictError, NotFoundError, UsageError } from '../errors.js';
import { Store } from '../store/store.js';
import type { Context } from './context.js';
import type { PendingEvent } from './signing.js';
import { requireWritableVersion, warnOutsideVersionPin } from './version-pin.js';

export interface Reader {
  config: Config;
  store: Store;
}

export interface Writer extends Reader {
  identity: Identity;
  /** The command's timestamp, the same for every row it writes. */
  at: string;
  /** The command's name as the audit trail records it. */
  command: string;
  /** Records an event; events are written (and, for the Product Owner, signed) as the transaction ends. */
  record(action: string, target: { item?: number; goal?: string }, details?: Record<string, unknown>): void;
  /** Ends the transaction with a signed checkpoint of the whole backlog (`ordo sign`, import); a no-op without owner-key. */
  checkpoint(): void;
  /** The Product Owner's key when this command's events are signed; null otherwise. */
  key: KeyObject | null;
}

/**
 * What a command that makes the Product Owner's decisions checks first: with owner-key set, the
 * key must be on this machine (exit 3, nothing written). The signing code loads only then.
 */
export async function ensureSigningKey(ctx: Context, config: Config): Promise<void> {
  if (config.ownerKey !== null) (await import('./signing.js')).requireSigningKey(ctx, config);
}

/** What this process did to the backlog: the CLI syncs after writes and warns readers of a stale copy. */
export const backlogUse = { read: false, written: false };

/**
 * A fresh clone has ordo.yml but no database yet: its first command takes the team's
 * backlog from the remote branch (the one time a reading command touches the network).
 */
async function ensureDatabase(ctx: Context, config: Config): Promise<string> {
  const file = databasePath(config.root);
  if (!existsSync(file)) (await import('../sync/sync.js')).fetchMissingBacklog(config, ctx.now());
  return file;
}

/** Runs `fn` against a read-only database; the file is left byte-identical. */
export async function readBacklog<T>(ctx: Context, fn: (r: Reader) => T): Promise<T> {
  const config = await ctx.config();
  warnOutsideVersionPin(config, ctx);
  const store = await Store.open(await ensureDatabase(ctx, config), { mode: 'read' });
  backlogUse.read = true;
  try {
    return store.transaction(() => fn({ config, store }));
  } finally {
    store.close();
  }
}

/**
 * Runs `fn` as one write transaction: everything it does is written, or nothing.
 * With owner-key set, an identity that is the Product Owner's must hold the key, or the
 * command fails with exit 3 before the backlog is opened; every event the Product Owner
 * writes is then signed, and every write's effects on items are recorded (signing.ts).
 */
export async function writeBacklog<T>(ctx: Context, command: string, fn: (w: Writer) => T): Promise<T> {
  const config = await ctx.config();
  requireWritableVersion(config);
  const identity = ctx.identity();
  // Signing: loaded only for a backlog with owner-key; without one, events are appended as they are.
  const signing = config.ownerKey === null ? null : await import('./signing.js');
  const key = signing?.ownerSigningKey(ctx, config, identity) ?? null;
  const at = ctx.now().toISOString();
  const store = await Store.open(await ensureDatabase(ctx, config), { mode: 'write', deferMigration: true });
  const pending: PendingEvent[] = [];
  let checkpoint = false;
  const writer: Writer = {
    config,
    store,
    identity,
    at,
    command,
    key,
    record(action, target, details = {}) {
      pending.push({ at, actor: identity.id, source: identity.source, command, action, item: target.item ?? null, goal: target.goal ?? null, details });
    },
    checkpoint() {
      checkpoint = true;
    },
  };
  try {
    // A full turn of the event loop first (through its poll phase, where signals are read: one
    // setImmediate may run before it), so a Ctrl-C that came while the command parsed and checked
    // its input is handled now: exit 130, nothing written. Inside the transaction SIGINT keeps its
    // default action (Store.transaction), and a signal still pending then would be lost.
    for (let turn = 0; turn < 2; turn++) await new Promise((resolve) => setImmediate(resolve));
    const result = store.transaction(() => {
      pending.length = 0;
      checkpoint = false;
      // The first signed write of a backlog starts with a checkpoint of what it found.
      const before = signing && key !== null && !signing.signingBegun(store) ? signing.checkpointEvent(writer) : null;
      const legacy = signing && before ? signing.legacyProblems(writer) : [];
      const result = fn(writer);
      store.items.keepPivotCentred();
      if (legacy.length > 0 && !checkpoint) {
        throw new ConflictError(
          'SIGNED_ORDER_CHANGED',
          `This backlog's order was signed by an earlier version of ordo, and it no longer matches that signature: ${legacy[0]}`,
          'Review the changes and sign the backlog once with `ordo sign`; from then on every decision is signed as it is made.',
        );
      }
      if (signing) signing.writeEvents(writer, pending, { checkpoint: checkpoint && key !== null, before });
      else for (const e of pending) store.events.append(e);
      return result;
    });
    backlogUse.written = true;
    return result;
  } finally {
    store.close();
  }
}

export function formatKey(config: Pick<Config, 'prefix'>, number: number): string {
  return `${config.prefix}-${number}`;
}

/** Accepts ORD-12, ord-12, #12 or 12. */
export function parseKey(config: Pick<Config, 'prefix'>, text: string): number {
  const t = text.trim();
  const m = /^(?:([A-Za-z][A-Za-z0-9]*)-|#)?([0-9]+)$/.exec(t);
  if (!m || (m[1] && m[1].toUpperCase() !== config.prefix) || /^0+$/.test(m[2]!)) {
    throw new UsageError(`"${text}" is not an item key.`, `Item keys here look like ${config.prefix}-12; \`ordo list\` shows them.`);
  }
  const n = parseWhole(m[2]!, 1);
  // Too large for any item this backlog can hold: say so with the key as typed, never as 1e+23.
  if (n === null) throw new NotFoundError('ITEM_NOT_FOUND', `No item ${t} in this backlog.`, '`ordo list --all` shows every item and its key.');
  return n;
}

/** Just the number, status and rank of an item: what ordering needs. */
export function requireRef(r: Reader, text: string): Pick<Item, 'number' | 'status' | 'rank'> {
  return r.store.items.ref(parseKey(r.config, text)) ?? requireItem(r, text);
}

export function requireItem(r: Reader, text: string): Item {
  const number = parseKey(r.config, text);
  const item = r.store.items.get(number);
  if (!item) {
    throw new NotFoundError(
      'ITEM_NOT_FOUND',
      `No item ${formatKey(r.config, number)} in this backlog.`,
      '`ordo list --all` shows every item and its key.',
    );
  }
  return item;
}

export function requireGoal(r: Reader, id: string): Goal {
  const goal = r.store.goals.get(id.trim());
  if (!goal) {
    const known = r.store.goals.list().map((g) => g.id);
    throw new NotFoundError(
      'GOAL_NOT_FOUND',
      `No roadmap goal "${id}".`,
      known.length > 0
        ? `Known goals: ${known.join(', ')}. \`ordo goal list\` shows them.`
        : 'There are no goals yet: a Product Manager or the Product Owner adds one with `ordo goal add ID TITLE`.',
    );
  }
  return goal;
}

export function place(r: Reader, item: Item): PlacedItem {
  return {
    ...item,
    key: formatKey(r.config, item.number),
    position: item.rank === null ? null : r.store.items.positionOf(item.rank),
  };
}

/**
 * Puts an item at `placement` in the order (it may be in the order already, or
 * entering it) and returns its new position. Writes one row, or a window of rows
 * when the rank keys around the spot are too long.
 */
export function placeInOrder(w: Writer, item: Item, placement: Placement): number {
  return w.store.items.positionOf(rankInOrder(w, item, placement));
}

/**
 * The placement itself, returning the item's new rank key. Relative placements (before,
 * after) touch only the rows next to the spot, so a move costs a few indexed lookups and
 * one write whatever the size of the backlog; counting positions is left to callers that show them.
 */
export function rankInOrder(w: Writer, item: Pick<Item, 'number' | 'rank'>, placement: Placement): string {
  return rankInGap(w, item, gapFor(w, item, placement));
}

/** Where a placement puts an item: the rank key just below the spot (null: the end of the order). */
export function gapFor(w: Writer, item: Pick<Item, 'number' | 'rank'>, placement: Placement): string | null {
  const items = w.store.items;
  let upper: string | null;
  if (placement.kind === 'before' || placement.kind === 'after') {
    const anchor = requireRef(w, placement.key);
    const anchorKey = formatKey(w.config, anchor.number);
    if (anchor.number === item.number) {
      throw new UsageError(`Cannot place ${anchorKey} ${placement.kind} itself.`, 'Name a different item to place it next to.');
    }
    if (anchor.rank === null) {
      throw new UsageError(
        `${anchorKey} is not in the order (it is ${anchor.status}), so nothing can be placed ${placement.kind} it.`,
        '`ordo list` shows the ranked items.',
      );
    }
    upper = placement.kind === 'before' ? anchor.rank : (items.rankedBelow(anchor.rank, item.number)?.rank ?? null);
  } else if (placement.kind === 'top') {
    upper = items.rankedAt(0, item.number)?.rank ?? null;
  } else if (placement.kind === 'bottom') {
    upper = null;
  } else {
    // Only positions relative to the item or counted from the top need counting.
    const current = item.rank === null ? null : items.positionOf(item.rank);
    const others = items.rankedCount() - (item.rank === null ? 0 : 1);
    const target = targetPosition(placement, current, others)!;
    upper = items.rankedAt(target - 1, item.number)?.rank ?? null;
  }
  return upper;
}

/** Gives an item a rank key just above `upper` (null: at the end), returning the key. */
export function rankInGap(w: Writer, item: Pick<Item, 'number' | 'rank'>, upper: string | null): string {
  const items = w.store.items;
  // The key just above the gap; the one just below it is `upper` itself.
  const above = items.rankAbove(upper, item.number);
  // Already between the same neighbours: write nothing. (Rank keys are ASCII, so JavaScript's
  // string order is SQLite's BINARY order.)
  if (item.rank !== null && (above === null || above < item.rank) && (upper === null || item.rank < upper)) return item.rank;
  const plan = planPlacement({ ...items.gapAbove(upper, item.number), bounds: { above, below: upper } });
  if (plan.rekey.length === 0) {
    // The new key lies strictly between two other items' keys, so it cannot collide: one write.
    items.setRank(item.number, plan.key);
    return plan.key;
  }
  // Free every key being replaced first, so no new key collides with an old one in the unique index.
  items.setRank(item.number, null);
  for (const { number } of plan.rekey) items.setRank(number, null);
  for (const { number, rank } of plan.rekey) items.setRank(number, rank);
  items.setRank(item.number, plan.key);
  return plan.key;
}

/** The fields a new item is given; everything it has not done yet starts empty. */
export type NewItemFields = Pick<Item, 'title' | 'description' | 'type' | 'value' | 'rationale' | 'goal' | 'estimate' | 'status'>;

/** A new item's row, created by the command's identity at the command's time, not yet ranked. */
export function newItemRow(w: Writer, fields: NewItemFields): Omit<Item, 'number'> {
  return { labels: [], dependsOn: [], criteria: [], assignee: null, ...fields, rank: null, createdBy: w.identity.id, createdAt: w.at, updatedAt: w.at, startedAt: null, doneAt: null, closedAt: null, reason: null };
}
