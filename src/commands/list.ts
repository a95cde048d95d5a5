/** Reading the order: `ordo list` and `ordo next`. */
import { FINISHED_STATUSES, isRanked } from '../core/lifecycle.js';
import { validateStatus, validateType } from '../core/item-fields.js';
import { sameIdentity } from '../core/roles.js';
import type { Item, ItemStatus, PlacedItem } from '../core/types.js';
import { UsageError } from '../errors.js';
import { formatKey, readBacklog, requireGoal, type Reader } from './backlog.js';
import type { Context } from './context.js';
import { pendingProposals, type ProposalView } from './proposals.js';

export interface ListInput {
  status?: string;
  goal?: string;
  type?: string;
  all?: boolean;
  limit?: number;
  /** Only items started by this identity; `mine` means the caller's. */
  assignee?: string;
  mine?: boolean;
}

export interface ListResult {
  items: PlacedItem[];
  /** How many items matched before --limit cut the list. Null when the scan stopped early. */
  matched: number | null;
  /** With --all: the move proposals waiting for the Product Owner, oldest first. */
  proposals?: ProposalView[];
}

type Filter = (item: Item) => boolean;

function buildFilter(r: Reader, input: { goal?: string; type?: string }): Filter {
  const goalId = input.goal === undefined ? undefined : requireGoal(r, input.goal).id.toLowerCase();
  const type = input.type === undefined ? undefined : validateType(input.type);
  return (item) => (goalId === undefined || item.goal?.toLowerCase() === goalId) && (type === undefined || item.type === type);
}

/** The assignee filter of --mine / --assignee ID, or null when neither is given. */
function assigneeFilter(ctx: Context, input: { assignee?: string; mine?: boolean }): Filter | null {
  if (input.mine && input.assignee !== undefined) throw new UsageError('Give --mine or --assignee ID, not both.', 'For example: ordo list --assignee carol@example.com');
  const who = input.mine ? ctx.identity().id : input.assignee?.trim();
  if (who === undefined) return null;
  if (who === '') throw new UsageError('--assignee needs an identity.', 'For example: --assignee carol@example.com');
  return (item) => item.assignee !== null && sameIdentity(item.assignee, who);
}

/** Walks the order from the top, numbering positions, until `limit` items matched. */
function scanOrder(r: Reader, keep: Filter, limit: number): PlacedItem[] {
  const out: PlacedItem[] = [];
  if (limit <= 0) return out;
  let position = 0;
  for (const item of r.store.items.ranked()) {
    position += 1;
    if (!keep(item)) continue;
    out.push({ ...item, key: formatKey(r.config, item.number), position });
    if (out.length >= limit) break;
  }
  return out;
}

function unranked(r: Reader, statuses: readonly ItemStatus[], keep: Filter): PlacedItem[] {
  return r.store.items
    .withStatus(statuses)
    .filter(keep)
    .map((item) => ({ ...item, key: formatKey(r.config, item.number), position: null }));
}

function checkLimit(limit: number | undefined): number {
  if (limit === undefined) return Number.POSITIVE_INFINITY;
  if (!Number.isInteger(limit) || limit < 1) throw new UsageError(`--limit expects a whole number of 1 or more, got "${limit}".`, 'For example: --limit 10');
  return limit;
}

export async function listItems(input: ListInput, ctx: Context): Promise<ListResult> {
  const limit = checkLimit(input.limit);
  const status = input.status === undefined ? undefined : validateStatus(input.status);
  const byAssignee = assigneeFilter(ctx, input);
  return readBacklog(ctx, (r) => {
    const base = buildFilter(r, input);
    const keep: Filter = byAssignee ? (i) => byAssignee(i) && base(i) : base;
    if (status !== undefined) {
      if (isRanked(status)) {
        const items = scanOrder(r, (i) => i.status === status && keep(i), limit);
        return { items, matched: null };
      }
      const items = unranked(r, [status], keep);
      return { items: items.slice(0, limit), matched: items.length };
    }
    if (!input.all) return { items: scanOrder(r, keep, limit), matched: null };
    const ranked = scanOrder(r, keep, limit);
    const rest = [...unranked(r, ['proposed'], keep), ...unranked(r, FINISHED_STATUSES, keep)];
    const items = [...ranked, ...rest].slice(0, limit);
    return { items, matched: null, proposals: pendingProposals(r) };
  });
}

export interface NextInput {
  count?: number;
  goal?: string;
  assignee?: string;
  mine?: boolean;
}

/** `ordo next`: the first N ready items in order. */
export async function nextItems(input: NextInput, ctx: Context): Promise<ListResult> {
  const count = input.count ?? 5;
  if (!Number.isInteger(count) || count < 1) throw new UsageError(`ordo next expects a whole number of 1 or more, got "${input.count}".`, 'For example: ordo next 3');
  const byAssignee = assigneeFilter(ctx, input);
  // Resolved only when a ready item has an assignee (rare): identity may ask git, which costs start-up time.
  const me = () => ctx.identity().id;
  return readBacklog(ctx, (r) => {
    const keep = buildFilter(r, input);
    // With --mine / --assignee: that person's items in order; otherwise ready items nobody else holds.
    const wanted: Filter = byAssignee ?? ((i) => i.status === 'ready' && (i.assignee === null || sameIdentity(i.assignee, me())));
    return { items: scanOrder(r, (i) => wanted(i) && keep(i), count), matched: null };
  });
}

/** What waits for the Product Owner: proposed items (oldest first) and pending move proposals. */
export async function listIntake(_input: object, ctx: Context): Promise<{ items: PlacedItem[]; proposals: ProposalView[] }> {
  return readBacklog(ctx, (r) => ({ items: unranked(r, ['proposed'], () => true), proposals: pendingProposals(r) }));
}
