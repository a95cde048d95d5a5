/**
 * The Product Owner's planning: `ordo release ...` and `ordo sprint ...`. Every change is one
 * transaction through writeBacklog with its audit event; the views come from core/planning.ts.
 */
import type { PlanningCheckData } from '../core/check.js';
import { isRanked } from '../core/lifecycle.js';
import {
  addDays,
  DEFAULT_SPRINT_DAYS,
  parseDay,
  parseLength,
  sprintVelocity,
  viewRelease,
  viewSprint,
  type ReleaseView,
  type SprintView,
} from '../core/planning.js';
import { requirePermission } from '../core/roles.js';
import type { Item, Release, Sprint } from '../core/types.js';
import { ConflictError, NotFoundError, UsageError } from '../errors.js';
import { formatKey, rankInOrder, readBacklog, requireItem, writeBacklog, type Reader, type Writer } from './backlog.js';
import type { Context } from './context.js';
import { requireSigningKey } from './signing.js';
import { checkWhole, readSnapshot } from './snapshot.js';

const PLAN_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/;
const NAME_MAX = 200;

function requireDay(text: string | undefined, flag: string): string {
  const day = text === undefined ? null : parseDay(text);
  if (day === null) throw new UsageError(`${flag} expects a date as YYYY-MM-DD, got "${text ?? ''}".`, `For example: ${flag} 2027-03-31`);
  return day;
}

function requireText(text: string | undefined, what: string, example: string): string {
  const t = (text ?? '').trim();
  if (!t) throw new UsageError(`${what} is required.`, `For example: ${example}`);
  if (t.length > NAME_MAX) throw new UsageError(`${what} is ${t.length} characters long; the limit is ${NAME_MAX}.`, 'Say it in one line.');
  return t;
}

export function requireRelease(r: Reader, id: string): Release {
  const release = r.store.releases.get(id.trim());
  if (!release) {
    const known = r.store.releases.list().map((x) => x.id);
    throw new NotFoundError(
      'RELEASE_NOT_FOUND',
      `No release "${id}".`,
      known.length > 0 ? `Known releases: ${known.join(', ')}. \`ordo release list\` shows them.` : 'There are no releases yet: the Product Owner adds one with `ordo release add ID NAME --date YYYY-MM-DD`.',
    );
  }
  return release;
}

function requirePlanned(release: Release): void {
  if (release.status === 'shipped') {
    throw new ConflictError('RELEASE_SHIPPED', `Release ${release.id} shipped on ${release.shippedAt?.slice(0, 10)}; its content and date are history now.`, 'Plan the work that follows in a new release: `ordo release add ID NAME --date DATE`.');
  }
}

export interface ReleaseResult {
  view: ReleaseView;
}

export interface ForecastOptions {
  seed?: number;
  trials?: number;
}

function forecastOptions(input: ForecastOptions): { seed?: number; trials?: number } {
  return {
    seed: input.seed === undefined ? undefined : checkWhole(input.seed, 1, '--seed', 0, 2 ** 32 - 1),
    trials: input.trials === undefined ? undefined : checkWhole(input.trials, 10_000, '--trials', 1, 1_000_000),
  };
}

function releaseView(r: Reader, release: Release, now: Date, options: ForecastOptions = {}): ReleaseView {
  return viewRelease(release, readSnapshot(r).items, now, options);
}

/** `ordo release add ID NAME --date DATE` */
export async function addRelease(input: { id: string; name?: string; date?: string }, ctx: Context): Promise<ReleaseResult> {
  const config = await ctx.config();
  const id = input.id.trim();
  if (!PLAN_ID.test(id)) throw new UsageError(`"${input.id}" cannot be a release id.`, 'Use a short id of letters, digits, dots, dashes or underscores, e.g. R1 or 2027.1.');
  const name = requireText(input.name, 'A release name', 'ordo release add R1 "Spring launch" --date 2027-03-31');
  const date = requireDay(input.date, '--date');
  requirePermission('plan', ctx.identity(), config, 'plan releases');
  const now = ctx.now();
  return writeBacklog(ctx, 'release add', (w) => {
    const existing = w.store.releases.get(id);
    if (existing) throw new ConflictError('RELEASE_EXISTS', `Release ${existing.id} already exists ("${existing.name}").`, `Choose another id, or change it with \`ordo release edit ${existing.id}\`.`);
    const release: Release = { id, name, date, status: 'planned', items: [], shippedAt: null, createdAt: w.at, updatedAt: w.at };
    w.store.releases.put(release);
    w.record('release.add', {}, { release: id, name, date });
    return { view: releaseView(w, release, now) };
  });
}

/** `ordo release edit ID [--name NAME] [--date DATE]` */
export async function editRelease(input: { id: string; name?: string; date?: string }, ctx: Context): Promise<ReleaseResult & { changes: Record<string, { from: unknown; to: unknown }> }> {
  const config = await ctx.config();
  const patch: Partial<Release> = {};
  if (input.name !== undefined) patch.name = requireText(input.name, 'A release name', 'ordo release edit R1 --name "Spring launch"');
  if (input.date !== undefined) patch.date = requireDay(input.date, '--date');
  if (Object.keys(patch).length === 0) throw new UsageError('Nothing to change: give --name or --date.', `For example: ordo release edit ${input.id} --date 2027-04-15`);
  requirePermission('plan', ctx.identity(), config, 'plan releases');
  const now = ctx.now();
  return writeBacklog(ctx, 'release edit', (w) => {
    const release = requireRelease(w, input.id);
    requirePlanned(release);
    const changes: Record<string, { from: unknown; to: unknown }> = {};
    for (const [f, to] of Object.entries(patch) as [keyof Release, unknown][]) if (release[f] !== to) changes[f] = { from: release[f], to };
    const updated = { ...release, ...patch, updatedAt: Object.keys(changes).length > 0 ? w.at : release.updatedAt };
    if (Object.keys(changes).length > 0) {
      w.store.releases.put(updated);
      w.record('release.edit', {}, { release: release.id, changes });
    }
    return { view: releaseView(w, updated, now), changes };
  });
}

export interface PlanInput {
  id: string;
  through?: string;
  add?: string[];
  remove?: string[];
}

/** `ordo release plan ID --through KEY | --add KEY... | --remove KEY...`: the Product Owner decides what a release holds. */
export async function planRelease(input: PlanInput, ctx: Context): Promise<ReleaseResult & { added: string[]; removed: string[] }> {
  const config = await ctx.config();
  const add = input.add ?? [];
  const remove = input.remove ?? [];
  if (input.through === undefined && add.length === 0 && remove.length === 0) {
    throw new UsageError('Say what the release holds: --through KEY (a cut of the order), --add KEY... or --remove KEY...', `For example: ordo release plan ${input.id} --through ORD-12`);
  }
  requirePermission('plan', ctx.identity(), config, 'plan releases');
  const now = ctx.now();
  return writeBacklog(ctx, 'release plan', (w) => {
    const release = requireRelease(w, input.id);
    requirePlanned(release);
    let items = [...release.items];
    if (input.through !== undefined) {
      const last = requireItem(w, input.through);
      if (last.rank === null) {
        throw new ConflictError('NOT_RANKED', `${formatKey(config, last.number)} is ${last.status}, not in the order, so it cannot end a cut of the order.`, '`ordo list` shows the ranked items; name one of them.');
      }
      const cut: number[] = [];
      for (const item of w.store.items.ranked()) {
        cut.push(item.number);
        if (item.number === last.number) break;
      }
      // Delivered items already in the release stay: a cut replaces the open part.
      items = [...items.filter((n) => !cut.includes(n) && !isOpen(w.store.items.get(n))), ...cut];
    }
    const added: string[] = [];
    for (const k of add) {
      const item = requireItem(w, k);
      const key = formatKey(config, item.number);
      if (item.status === 'proposed' || item.status === 'rejected' || item.status === 'dropped') {
        throw new ConflictError('NOT_PLANNABLE', `${key} is ${item.status}; a release holds items in the order or delivered.`, item.status === 'proposed' ? `Triage it first: ordo triage ${key} --accept` : `Bring it back first: ordo reopen ${key}`);
      }
      if (!items.includes(item.number)) {
        items.push(item.number);
        added.push(key);
      }
    }
    const removed: string[] = [];
    for (const k of remove) {
      const item = requireItem(w, k);
      const key = formatKey(config, item.number);
      if (!items.includes(item.number)) throw new ConflictError('NOT_IN_RELEASE', `${key} is not in release ${release.id}.`, `\`ordo release show ${release.id}\` lists what it holds.`);
      items = items.filter((n) => n !== item.number);
      removed.push(key);
    }
    const updated: Release = { ...release, items, updatedAt: w.at };
    w.store.releases.put(updated);
    w.record('release.plan', {}, {
      release: release.id,
      ...(input.through !== undefined ? { through: formatKey(config, requireItem(w, input.through).number) } : {}),
      ...(added.length > 0 ? { added } : {}),
      ...(removed.length > 0 ? { removed } : {}),
      items,
    });
    return { view: releaseView(w, updated, now), added, removed };
  });
}

function isOpen(item: Item | undefined): boolean {
  return item !== undefined && isRanked(item.status);
}

export async function listReleases(input: ForecastOptions, ctx: Context): Promise<{ releases: ReleaseView[] }> {
  const options = forecastOptions(input);
  const now = ctx.now();
  return readBacklog(ctx, (r) => {
    const { items } = readSnapshot(r);
    return { releases: r.store.releases.list().map((rel) => viewRelease(rel, items, now, options)) };
  });
}

export async function showRelease(input: ForecastOptions & { id: string }, ctx: Context): Promise<ReleaseResult> {
  const options = forecastOptions(input);
  const now = ctx.now();
  return readBacklog(ctx, (r) => ({ view: releaseView(r, requireRelease(r, input.id), now, options) }));
}

/** `ordo release ship ID`: the Product Owner declares the release delivered. */
export async function shipRelease(input: { id: string }, ctx: Context): Promise<ReleaseResult> {
  const config = await ctx.config();
  requirePermission('plan', ctx.identity(), config, 'ship releases');
  const now = ctx.now();
  return writeBacklog(ctx, 'release ship', (w) => {
    const release = requireRelease(w, input.id);
    requirePlanned(release);
    const shipped: Release = { ...release, status: 'shipped', shippedAt: w.at, updatedAt: w.at };
    const before = releaseView(w, release, now);
    w.store.releases.put(shipped);
    w.record('release.ship', {}, { release: release.id, items: release.items, open: before.count.total - before.count.done });
    return { view: releaseView(w, shipped, now) };
  });
}

/** What the planning rules of `ordo check` read: the running sprint, items without criteria, releases at risk. */
export function readPlanningCheck(r: Reader, now: Date): PlanningCheckData {
  const sprint = r.store.sprints.active();
  const planned = r.store.releases.list().filter((rel) => rel.status === 'planned');
  const items = planned.length > 0 ? readSnapshot(r).items : [];
  return {
    sprint: sprint ? { id: sprint.id, items: sprint.items } : null,
    withoutCriteria: (numbers) => new Set(r.store.items.withoutCriteria(numbers)),
    releasesAtRisk: planned
      .map((rel) => viewRelease(rel, items, now))
      .filter((v) => v.outlook === 'at risk' || v.outlook === 'late')
      .map((v) => ({ id: v.release.id, name: v.release.name, date: v.release.date, outlook: v.outlook, why: v.why })),
  };
}

// Sprints.

function requireSprint(r: Reader, id: string | undefined): Sprint {
  if (id !== undefined) {
    const sprint = r.store.sprints.get(id.trim());
    if (!sprint) throw new NotFoundError('SPRINT_NOT_FOUND', `No sprint "${id}".`, '`ordo sprint list` shows the sprints.');
    return sprint;
  }
  const sprint = r.store.sprints.active() ?? r.store.sprints.list().at(-1);
  if (!sprint) throw new NotFoundError('SPRINT_NOT_FOUND', 'There is no sprint yet.', 'The Product Owner starts one with `ordo sprint start --goal TEXT --top N`.');
  return sprint;
}

export interface SprintStartInput {
  goal?: string;
  length?: string;
  capacity?: string;
  top?: number;
  keys?: string[];
}

export interface SprintResult {
  view: SprintView;
  /** Points taken beyond the capacity; 0 when within it or without one. */
  overCapacity: number;
}

/** `ordo sprint start --goal TEXT [--length 14d] [--capacity POINTS] [--top N | KEY...]` */
export async function startSprint(input: SprintStartInput, ctx: Context): Promise<SprintResult> {
  const config = await ctx.config();
  const goal = requireText(input.goal, 'A Sprint Goal (--goal)', 'ordo sprint start --goal "Shoppers can pay with saved cards" --top 5');
  const days = input.length === undefined ? DEFAULT_SPRINT_DAYS : parseLength(input.length);
  if (days === null) throw new UsageError(`--length expects days or weeks from 1 day to 365, like 14d or 2w; got "${input.length}".`, 'For example: --length 14d');
  let capacity: number | null = null;
  if (input.capacity !== undefined) {
    capacity = Number(input.capacity.trim());
    if (input.capacity.trim() === '' || !Number.isFinite(capacity) || capacity <= 0 || capacity > 10_000) {
      throw new UsageError(`--capacity expects a number of points above 0, got "${input.capacity}".`, 'For example: --capacity 20');
    }
  }
  const keys = input.keys ?? [];
  if (input.top !== undefined && keys.length > 0) throw new UsageError('Give --top N or item keys, not both.', 'For example: ordo sprint start --goal TEXT --top 5');
  const top = input.top === undefined ? undefined : checkWhole(input.top, 5, '--top', 1, 1000);
  if (top === undefined && keys.length === 0 && capacity === null) {
    throw new UsageError('Say which items the sprint takes: --top N, item keys, or --capacity POINTS to fill it from the top of the order.', 'For example: ordo sprint start --goal "Saved cards" --top 5');
  }
  requirePermission('plan', ctx.identity(), config, 'start sprints');
  const now = ctx.now();
  return writeBacklog(ctx, 'sprint start', (w) => {
    const running = w.store.sprints.active();
    if (running) {
      throw new ConflictError('SPRINT_RUNNING', `Sprint ${running.id} ("${running.goal}") is still running, until ${running.end}; one sprint runs at a time.`, 'End it first: `ordo sprint end --goal-met yes|no`.');
    }
    let items: Item[];
    if (keys.length > 0) {
      items = keys.map((k) => {
        const item = requireItem(w, k);
        if (!isRanked(item.status)) {
          const key = formatKey(config, item.number);
          throw new ConflictError('NOT_RANKED', `${key} is ${item.status}; a sprint takes items from the order.`, '`ordo list` shows the ranked items.');
        }
        return item;
      });
      items = items.filter((i, n) => items.findIndex((j) => j.number === i.number) === n);
    } else {
      items = [];
      let sum = 0;
      for (const item of w.store.items.ranked()) {
        if (top !== undefined ? items.length >= top : sum + (item.estimate ?? 0) > capacity!) break;
        items.push(item);
        sum += item.estimate ?? 0;
      }
    }
    if (items.length === 0) throw new ConflictError('NOTHING_RANKED', 'The order is empty (or nothing fits the capacity), so the sprint would hold nothing.', 'Add items to the order first, or give a larger --capacity.');
    const numbers = [...w.store.sprints.list().map((s) => /^S(\d+)$/i.exec(s.id)?.[1]).map(Number).filter(Number.isFinite), 0];
    const id = `S${Math.max(...numbers) + 1}`;
    const start = now.toISOString().slice(0, 10);
    const sprint: Sprint = {
      id,
      goal,
      status: 'active',
      start,
      end: addDays(start, days - 1),
      capacity,
      items: items.map((i) => i.number),
      goalMet: null,
      velocity: null,
      endedAt: null,
      createdAt: w.at,
      updatedAt: w.at,
    };
    w.store.sprints.put(sprint);
    const points = items.reduce((s, i) => s + (i.estimate ?? 0), 0);
    w.record('sprint.start', {}, { sprint: id, goal, start, end: sprint.end, capacity, items: sprint.items, points });
    return { view: viewSprint(sprint, readSnapshot(w).items, now), overCapacity: capacity !== null && points > capacity ? points - capacity : 0 };
  });
}

export async function showSprint(input: { id?: string }, ctx: Context): Promise<SprintResult> {
  const now = ctx.now();
  return readBacklog(ctx, (r) => ({ view: viewSprint(requireSprint(r, input.id), readSnapshot(r).items, now), overCapacity: 0 }));
}

export async function listSprints(_input: object, ctx: Context): Promise<{ sprints: SprintView[] }> {
  const now = ctx.now();
  return readBacklog(ctx, (r) => {
    const { items } = readSnapshot(r);
    return { sprints: r.store.sprints.list().map((s) => viewSprint(s, items, now)) };
  });
}

export interface SprintEndResult extends SprintResult {
  /** Unfinished items put back at the top of the order, in their order. */
  returned: string[];
}

/** `ordo sprint end --goal-met yes|no`: records velocity and the goal's outcome; unfinished work returns to the top. */
export async function endSprint(input: { goalMet?: string }, ctx: Context): Promise<SprintEndResult> {
  const config = await ctx.config();
  const answer = input.goalMet?.trim().toLowerCase();
  if (answer !== 'yes' && answer !== 'no') {
    throw new UsageError(`--goal-met expects yes or no${input.goalMet === undefined ? '' : `, got "${input.goalMet}"`}: was the Sprint Goal met?`, 'For example: ordo sprint end --goal-met yes');
  }
  requirePermission('plan', ctx.identity(), config, 'end sprints');
  requireSigningKey(ctx, config);
  const now = ctx.now();
  return writeBacklog(ctx, 'sprint end', (w) => {
    const sprint = w.store.sprints.active();
    if (!sprint) throw new ConflictError('NO_SPRINT_RUNNING', 'No sprint is running.', 'Start one with `ordo sprint start --goal TEXT --top N`.');
    const all = w.store.items.all();
    const velocity = sprintVelocity(sprint, all);
    const byNumber = new Map(all.map((i) => [i.number, i]));
    const unfinished = sprint.items.map((n) => byNumber.get(n)).filter((i): i is Item => i !== undefined && isRanked(i.status) && i.rank !== null);
    returnToTop(w, unfinished);
    const ended: Sprint = { ...sprint, status: 'ended', goalMet: answer === 'yes', velocity, endedAt: w.at, updatedAt: w.at };
    w.store.sprints.put(ended);
    const returned = unfinished.map((i) => formatKey(config, i.number));
    w.record('sprint.end', {}, { sprint: sprint.id, goalMet: ended.goalMet, velocity, returned });
    return { view: viewSprint(ended, readSnapshot(w).items, now), overCapacity: 0, returned };
  });
}

/** Puts items at the top of the order, keeping their order among themselves. */
function returnToTop(w: Writer, items: readonly Item[]): void {
  for (let i = items.length - 1; i >= 0; i--) {
    const item = w.store.items.ref(items[i]!.number)!;
    rankInOrder(w, item, { kind: 'top' });
  }
}
