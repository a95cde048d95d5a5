/** Reading the order: `ordo list` and `ordo next`. */
import { isSatisfied } from '../core/dependencies.js';
import { parseLabels } from '../core/labels.js';
import { FINISHED_STATUSES, isRanked } from '../core/lifecycle.js';
import { validateStatus, validateType } from '../core/item-fields.js';
import { searchQuery } from '../core/search.js';
import { sameIdentity } from '../core/roles.js';
import type { Item, ItemStatus, PlacedItem } from '../core/types.js';
import { UsageError } from '../errors.js';
import { parseSince } from '../core/time.js';
import { formatKey, readBacklog, requireGoal, type Reader } from './backlog.js';
import type { Context } from './context.js';
import { pendingProposals, type ProposalView } from './proposals.js';

/** A filter flag's values: repeated flags and comma-separated lists both mean "any of these". */
export type Many = string | readonly string[];

export interface ListInput {
  status?: Many;
  goal?: Many;
  type?: Many;
  label?: Many;
  /** Words to find in title, description and rationale. */
  search?: string;
  /** Only items waiting on a dependency that is not done / only items nothing blocks. */
  blocked?: boolean;
  unblocked?: boolean;
  all?: boolean;
  limit?: number;
  /** Only items created or changed since then (see parseSince). */
  since?: string;
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
  /** `next`: ready items left out because a dependency is not done. */
  blocked?: number;
}

type Filter = (item: Item) => boolean;

/** Every value of a filter flag, split at commas; undefined when the flag was not given. */
export function values(flag: Many | undefined): string[] | undefined {
  if (flag === undefined) return undefined;
  const list = (typeof flag === 'string' ? [flag] : flag).flatMap((v) => v.split(',')).map((v) => v.trim()).filter((v) => v !== '');
  return list;
}

/** The numbers of the items an item waits on: its dependencies that are not done. */
function blockers(r: Reader, item: Item): number[] {
  if (item.dependsOn.length === 0) return [];
  const statuses = r.store.items.statusesOf(item.dependsOn);
  return item.dependsOn.filter((n) => !isSatisfied(statuses.get(n)));
}

function withBlockers(r: Reader, item: Item, position: number | null): PlacedItem {
  const blockedBy = blockers(r, item);
  return { ...item, key: formatKey(r.config, item.number), position, ...(blockedBy.length > 0 ? { blockedBy } : {}) };
}

function buildFilter(r: Reader, input: ListInput, since?: string): Filter {
  const goals = values(input.goal)?.map((g) => requireGoal(r, g).id.toLowerCase());
  const types = values(input.type)?.map((t) => validateType(t));
  const labels = input.label === undefined ? undefined : new Set(parseLabels(values(input.label)!).map((l) => l.toLowerCase()));
  if (input.blocked && input.unblocked) throw new UsageError('--blocked and --unblocked exclude each other.', 'Give one of them, or neither for both.');
  const tests: Filter[] = [];
  if (since !== undefined) tests.push((i) => i.updatedAt >= since);
  if (goals) tests.push((i) => i.goal !== null && goals.includes(i.goal.toLowerCase()));
  if (types) tests.push((i) => types.includes(i.type));
  if (labels) tests.push((i) => i.labels.some((l) => labels.has(l.toLowerCase())));
  if (input.blocked) tests.push((i) => blockers(r, i).length > 0);
  if (input.unblocked) tests.push((i) => blockers(r, i).length === 0);
  return (item) => tests.every((t) => t(item));
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
    out.push(withBlockers(r, item, position));
    if (out.length >= limit) break;
  }
  return out;
}

/** Past this many hits, walking the order from the top (until the page is full) is cheaper than looking each hit up. */
const FEW_CANDIDATES = 5000;

/**
 * The same walk over a known set of candidates (a search's hits): only candidates are read,
 * and positions are counted in the rank index between one hit and the next, so a search
 * costs what it finds rather than the size of the backlog.
 */
function scanCandidates(r: Reader, candidates: ReadonlySet<number>, keep: Filter, limit: number): PlacedItem[] {
  const out: PlacedItem[] = [];
  if (limit <= 0 || candidates.size === 0) return out;
  if (candidates.size <= FEW_CANDIDATES) {
    const items = r.store.items;
    const hits = [...candidates].flatMap((n) => {
      const ref = items.ref(n);
      return ref && ref.rank !== null ? [{ number: n, rank: ref.rank }] : [];
    });
    hits.sort((a, b) => (a.rank < b.rank ? -1 : a.rank > b.rank ? 1 : 0));
    let counted: { rank: string; position: number } | null = null;
    for (const hit of hits) {
      const item = items.get(hit.number)!;
      if (!keep(item)) continue;
      const position: number = counted === null ? items.positionOf(hit.rank) : counted.position + items.rankedBetween(counted.rank, hit.rank);
      counted = { rank: hit.rank, position };
      out.push(withBlockers(r, item, position));
      if (out.length >= limit) break;
    }
    return out;
  }
  // Numbers only, lazily: a common word's first page is found near the top of the order.
  let position = 0;
  for (const n of r.store.items.rankedNumbersInOrder()) {
    position += 1;
    if (!candidates.has(n)) continue;
    const item = r.store.items.get(n)!;
    if (keep(item)) out.push(withBlockers(r, item, position));
    if (out.length >= limit) break;
  }
  return out;
}

function unranked(r: Reader, statuses: readonly ItemStatus[], keep: Filter, candidates: ReadonlySet<number> | null): PlacedItem[] {
  const items = candidates ? [...candidates].sort((a, b) => a - b).map((n) => r.store.items.get(n)!).filter((i) => i.rank === null && statuses.includes(i.status)) : r.store.items.withStatus(statuses);
  return items.filter(keep).map((item) => withBlockers(r, item, null));
}

function checkLimit(limit: number | undefined): number {
  if (limit === undefined) return Number.POSITIVE_INFINITY;
  if (!Number.isInteger(limit) || limit < 1) throw new UsageError(`--limit expects a whole number of 1 or more, got "${limit}".`, 'For example: --limit 10');
  return limit;
}

export async function listItems(input: ListInput, ctx: Context): Promise<ListResult> {
  const limit = checkLimit(input.limit);
  const statuses = values(input.status)?.map(validateStatus);
  const byAssignee = assigneeFilter(ctx, input);
  const since = input.since === undefined ? undefined : parseSince(input.since, ctx.now());
  const match = input.search === undefined ? undefined : searchQuery(input.search);
  return readBacklog(ctx, (r) => {
    const base = buildFilter(r, input, since);
    const keep: Filter = byAssignee ? (i) => byAssignee(i) && base(i) : base;
    const candidates = match === undefined ? null : r.store.items.search(match);
    const ranked = (filter: Filter) => (candidates ? scanCandidates(r, candidates, filter, limit) : scanOrder(r, filter, limit));
    if (statuses !== undefined) {
      const wanted = new Set(statuses);
      const rankedStatuses = statuses.filter(isRanked);
      const items = rankedStatuses.length > 0 ? ranked((i) => wanted.has(i.status) && keep(i)) : [];
      const rest = statuses.filter((s) => !isRanked(s));
      if (rest.length === 0) return { items, matched: null };
      const others = unranked(r, rest, keep, candidates);
      const all = [...items, ...others];
      return { items: all.slice(0, limit), matched: rankedStatuses.length > 0 && items.length >= limit ? null : all.length };
    }
    if (!input.all) return { items: ranked(keep), matched: null };
    const rest = [...unranked(r, ['proposed'], keep, candidates), ...unranked(r, FINISHED_STATUSES, keep, candidates)];
    const items = [...ranked(keep), ...rest].slice(0, limit);
    return { items, matched: null, proposals: pendingProposals(r) };
  });
}

export interface NextInput {
  count?: number;
  goal?: Many;
  label?: Many;
  type?: Many;
  /** Also the ready items a dependency still blocks, marked with what blocks them. */
  all?: boolean;
  assignee?: string;
  mine?: boolean;
}

/** `ordo next`: the first N ready items in order that nothing blocks. */
export async function nextItems(input: NextInput, ctx: Context): Promise<ListResult> {
  const count = input.count ?? 5;
  if (!Number.isInteger(count) || count < 1) throw new UsageError(`ordo next expects a whole number of 1 or more, got "${input.count}".`, 'For example: ordo next 3');
  const byAssignee = assigneeFilter(ctx, input);
  // Resolved only when a ready item has an assignee (rare): identity may ask git, which costs start-up time.
  const me = () => ctx.identity().id;
  return readBacklog(ctx, (r) => {
    const keep = buildFilter(r, { goal: input.goal, label: input.label, type: input.type });
    // With --mine / --assignee: that person's items in order; otherwise ready items nobody else holds.
    const wanted: Filter = byAssignee ?? ((i) => i.status === 'ready' && (i.assignee === null || sameIdentity(i.assignee, me())));
    let blocked = 0;
    const items = scanOrder(
      r,
      (i) => {
        if (!wanted(i) || !keep(i)) return false;
        if (byAssignee || input.all || blockers(r, i).length === 0) return true;
        blocked += 1;
        return false;
      },
      count,
    );
    return { items, matched: null, blocked };
  });
}

/** What waits for the Product Owner: proposed items (oldest first) and pending move proposals. */
export async function listIntake(_input: object, ctx: Context): Promise<{ items: PlacedItem[]; proposals: ProposalView[] }> {
  return readBacklog(ctx, (r) => ({ items: unranked(r, ['proposed'], () => true, null), proposals: pendingProposals(r) }));
}
