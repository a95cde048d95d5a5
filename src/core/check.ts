/**
 * The rules `ordo check` runs (DESIGN.md section 6), as pure functions: backlog data and
 * thresholds in, violations out. Every rule is a single pass over the items with Maps and
 * Sets, so checking 100,000 items costs milliseconds, not minutes.
 */
import { FirstByKey } from './first-by-key.js';
import { FINISHED_STATUSES, RANKED_STATUSES } from './lifecycle.js';
import { isValidRankKey } from './ranking.js';
import { analyseRationale, normaliseText, type RationaleProblem } from './rationale.js';
import { sameIdentity } from './roles.js';
import { RULE_IDS, type RuleId, type Severity } from './rules.js';
import type { Goal, Item, ItemStatus } from './types.js';

/** Rules `ordo check` reports. `order-signed` and `audit-trail` are verified in core/signature.ts and passed in. */
export const CHECKED_RULES: readonly RuleId[] = RULE_IDS;

export type ReportedSeverity = Exclude<Severity, 'off'>;

export interface Violation {
  rule: RuleId;
  severity: ReportedSeverity;
  /** The item's key; null for rules about the backlog as a whole. */
  key: string | null;
  message: string;
  /** One line saying how to fix it. */
  fix: string;
}

/** The latest recorded change of Product Owner in the audit trail. */
export interface OwnerRecord {
  owner: string;
  action: 'owner.set' | 'owner.transfer';
  at: string;
  actor: string;
}

/** The fields of an item the rules read. `createdAt` only stale-proposal reads: null is fine for any item not proposed. */
export type CheckItem = Pick<Item, 'number' | 'title' | 'status' | 'value' | 'rationale' | 'goal' | 'rank'> & { createdAt: string | null };

export interface CheckData {
  /** Read once, in one pass: a stream of rows does (the rules keep only what they report). */
  items: Iterable<CheckItem>;
  /** About how many items there are, when a stream can tell: tables for them are sized once. */
  expectedItems?: number;
  /**
   * The items with these numbers again, after `items` has passed: for the few a rule looks at
   * twice (rationales that may be the same, titles of items reported at the end). Needed when
   * `items` is a stream; an array is looked up in.
   */
  reread?: (numbers: readonly number[]) => Iterable<CheckItem>;
  /**
   * Every rank key more than one item holds, when the store can tell (an index does it in
   * milliseconds): then only these are remembered while the items stream by. Absent, every
   * rank key is.
   */
  sharedRanks?: ReadonlySet<string>;
  goals: readonly Goal[];
  /** Null when the audit trail records no owner at all. */
  ownerRecord: OwnerRecord | null;
  /** Violations found by verifiers outside this module (the signed order, the audit chain). */
  verified?: readonly Violation[];
  /** Dependencies between items: `item` needs `needs` done first. */
  dependencies?: readonly { item: number; needs: number }[];
  /** What the planning rules read; absent, they find nothing. */
  planning?: PlanningCheckData;
}

export interface PlanningCheckData {
  /** The running sprint's id and items, if a sprint runs. */
  sprint: { id: string; items: readonly number[] } | null;
  /** Of these items, the ones that have no acceptance criteria (asked once, for the few the rule looks at). */
  withoutCriteria: (numbers: readonly number[]) => ReadonlySet<number>;
  /** Planned releases whose forecast misses the target date. */
  releasesAtRisk: readonly { id: string; name: string; date: string; outlook: string; why: string }[];
}

export interface CheckSettings {
  prefix: string;
  /** The Product Owner named in ordo.yml. */
  owner: string;
  scale: readonly number[];
  rationaleMinWords: number;
  staleProposalDays: number;
  /** acceptance-criteria: how many items from the top of the order need criteria (default 10). */
  criteriaTop?: number;
  rules: Record<RuleId, Severity>;
  now: Date;
  /** Warnings fail too. */
  strict: boolean;
  /**
   * List every checked item in the report (a JUnit report has a test case for each); false:
   * only the items a rule flagged, the summary still counting them all. Default true.
   */
  listChecked?: boolean;
}

export type CheckedItem = Pick<Item, 'number' | 'title' | 'status'>;

export interface CheckReport {
  /** Item key prefix: a checked item's key is `${prefix}-${number}`. */
  prefix: string;
  ok: boolean;
  strict: boolean;
  violations: Violation[];
  /**
   * Items the rules looked at: every open item, plus any other item a rule flagged. Only the
   * flagged ones when the settings said not to list them all (`listChecked`); `summary.items`
   * counts them all either way.
   */
  checked: CheckedItem[];
  summary: {
    items: number;
    errors: number;
    warnings: number;
    /** Violations that fail the check: errors, and warnings too under --strict. */
    failing: number;
    rules: Partial<Record<RuleId, Severity>>;
  };
}

const DAY_MS = 86_400_000;
const RANKED = new Set<ItemStatus>(RANKED_STATUSES);
const FINISHED = new Set<ItemStatus>(FINISHED_STATUSES);
const RULE_ORDER = new Map(RULE_IDS.map((r, i) => [r, i]));

/** Shortens backlog text quoted in a message. */
function quote(text: string, max = 40): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return `"${oneLine.length > max ? `${oneLine.slice(0, max - 1)}…` : oneLine}"`;
}

function describeRationale(key: string, p: RationaleProblem): { message: string; fix: string } {
  const fix = (min: number) =>
    `Say why ${key} matters${min > 0 ? ` in at least ${min} words` : ''}: ordo edit ${key} --why "who gains what, and how much"`;
  switch (p.kind) {
    case 'missing':
      return { message: `${key} has no value rationale`, fix: fix(0) };
    case 'placeholder':
      return { message: `${key} has a placeholder for its value rationale (${quote(p.text)}), not a reason`, fix: fix(0) };
    case 'title-repeated':
      return { message: `${key}'s value rationale only repeats its title`, fix: fix(0) };
    case 'too-short':
      return {
        message: `${key}'s value rationale has ${p.words} word${p.words === 1 ? '' : 's'}; at least ${p.min} are required`,
        fix: fix(p.min),
      };
  }
}

/**
 * A string to keep after the stream has passed, as a string of its own. Read from a page of
 * rows joined into one text, a title is a part of that text and keeps the whole page alive; V8
 * copies a joined string into a new one before it takes a part of it.
 */
function ownCopy(text: string): string {
  return ` ${text}`.slice(1);
}

/** How to read items again: the caller's way for a stream, a look-up for an array. */
function rereading(data: CheckData): (numbers: readonly number[]) => Iterable<CheckItem> {
  if (data.reread) return data.reread;
  const items = data.items;
  if (!Array.isArray(items)) throw new Error('runChecks: items given as a stream need data.reread');
  return (numbers) => {
    const wanted = new Set(numbers);
    return (items as readonly CheckItem[]).filter((i) => wanted.has(i.number));
  };
}

/** Runs every enabled rule over the backlog. */
export function runChecks(data: CheckData, s: CheckSettings): CheckReport {
  const severities = Object.fromEntries(CHECKED_RULES.map((r) => [r, s.rules[r]])) as Record<RuleId, Severity>;
  const on = (rule: RuleId) => severities[rule] !== 'off';
  const found: { order: number; v: Violation }[] = [];
  const add = (order: number, rule: RuleId, key: string | null, message: string, fix: string) => {
    const severity = severities[rule];
    if (severity === 'off' || severity === undefined) return;
    found.push({ order, v: { rule, severity, key, message, fix } });
  };

  const goals = new Map(data.goals.map((g) => [g.id.toLowerCase(), g]));
  const scale = new Set(s.scale);
  const allowed = s.scale.join(', ');
  const staleBefore = s.now.getTime() - s.staleProposalDays * DAY_MS;
  const keyOf = (n: number) => `${s.prefix}-${n}`;
  // A violation of an item in the stream: its key is built only for the items a rule flags, not
  // for each of 100,000 items.
  const flag = (n: number, rule: RuleId, say: (key: string) => readonly [message: string, fix: string]) => {
    const key = keyOf(n);
    const [message, fix] = say(key);
    add(n, rule, key, message, fix);
  };
  // rationale-duplicate: the first item for each hash of a normalised rationale (rationale.ts),
  // and the items whose hash met another's, compared by their text once the stream has passed.
  // Nothing else of a rationale is kept: at 100,000 items, keeping each text costs more than
  // reading the few that meet again.
  const firstWithHash = new FirstByKey(data.expectedItems ?? (Array.isArray(data.items) ? data.items.length : 0));
  const hashesMet = new Map<number, number[]>();
  const byRank = new Map<string, number>();
  const sharedRanks = data.sharedRanks;
  // Which rules run, decided once rather than per item.
  const onRationale = on('value-rationale');
  const onDuplicate = on('rationale-duplicate');
  const onScale = on('value-on-scale');
  const onGoalLink = on('goal-link');
  const onGoalActive = on('goal-active');
  const onStale = on('stale-proposal');
  const onOrder = on('order-integrity');
  // Items name a handful of goals: each distinct spelling is looked up once.
  const goalOf = new Map<string, { id: string; goal: Goal | undefined }>();
  const checked: CheckedItem[] = [];
  const listChecked = s.listChecked ?? true;
  let checkedCount = 0;

  // The items are read once (they may be a stream of rows): keep the ranks dependencies need.
  const dependent = on('order-dependency') && data.dependencies && data.dependencies.length > 0 ? new Set(data.dependencies.flatMap((d) => [d.item, d.needs])) : null;
  const rankOf = new Map<number, string>();
  // For acceptance-criteria: the first N of the order (a small list kept sorted) and the sprint's items.
  const planning = data.planning;
  const criteriaTop = s.criteriaTop ?? 10;
  const wantsCriteria = planning !== undefined && on('acceptance-criteria');
  const inSprint = new Set(planning?.sprint?.items ?? []);
  const top: { number: number; rank: string }[] = [];
  const sprintStatus = new Map<number, ItemStatus>();
  for (const item of data.items) {
    const open = !FINISHED.has(item.status);
    const ranked = RANKED.has(item.status);
    if (ranked && item.rank !== null && dependent?.has(item.number)) rankOf.set(item.number, item.rank);
    if (wantsCriteria) {
      if (inSprint.has(item.number)) sprintStatus.set(item.number, item.status);
      if (criteriaTop > 0 && item.rank !== null && ranked && (top.length < criteriaTop || item.rank < top[top.length - 1]!.rank)) {
        let at = top.length;
        while (at > 0 && top[at - 1]!.rank > item.rank) at--;
        top.splice(at, 0, { number: item.number, rank: item.rank });
        if (top.length > criteriaTop) top.pop();
      }
    }
    const before = found.length;

    if (open && (onRationale || onDuplicate)) {
      const { problem, hash } = analyseRationale(item.rationale, item.title, s.rationaleMinWords);
      if (problem && onRationale) {
        flag(item.number, 'value-rationale', (key) => {
          const { message, fix } = describeRationale(key, problem);
          return [message, fix];
        });
      }
      // Empty and placeholder rationales are value-rationale's business, not reported twice.
      if ((problem === null || problem.kind === 'too-short') && onDuplicate) {
        const first = firstWithHash.firstOrSet(hash, item.number);
        if (first !== undefined) {
          const met = hashesMet.get(hash);
          if (met) met.push(item.number);
          else hashesMet.set(hash, [first, item.number]);
        }
      }
    }
    if (open && onScale) {
      if (item.value === null) {
        flag(item.number, 'value-on-scale', (key) => [
          `${key} has no business value`,
          `Give it a value on the scale (${allowed}): ordo edit ${key} --value N`,
        ]);
      } else if (!scale.has(item.value)) {
        flag(item.number, 'value-on-scale', (key) => [
          `${key}'s business value ${item.value} is not on the value scale (${allowed})`,
          `Pick the nearest value on the scale: ordo edit ${key} --value N, or change value.scale in ordo.yml`,
        ]);
      }
    }
    let linked = item.goal === null ? undefined : goalOf.get(item.goal);
    if (linked === undefined) {
      const id = item.goal?.trim() ?? '';
      linked = { id, goal: id === '' ? undefined : goals.get(id.toLowerCase()) };
      if (item.goal !== null) goalOf.set(item.goal, linked);
    }
    const { id: goalId, goal } = linked;
    if (open && onGoalLink) {
      if (goalId === '') {
        flag(item.number, 'goal-link', (key) => [
          `${key} serves no roadmap goal`,
          `Link it to a goal: ordo edit ${key} --goal G (ordo goal list shows them)`,
        ]);
      } else if (!goal) {
        flag(item.number, 'goal-link', (key) => [
          `${key} serves roadmap goal ${quote(goalId)}, which does not exist`,
          `Link it to an existing goal: ordo edit ${key} --goal G, or add the goal with ordo goal add`,
        ]);
      }
    }
    if (ranked && goal && goal.status !== 'active' && onGoalActive) {
      flag(item.number, 'goal-active', (key) => [
        `${key} is still in the order but its goal ${goal.id} is ${goal.status}`,
        `Move it to an active goal (ordo edit ${key} --goal G), finish it, or drop it (ordo drop ${key} --reason TEXT)`,
      ]);
    }
    if (item.status === 'proposed' && onStale) {
      const created = item.createdAt === null ? Number.NaN : Date.parse(item.createdAt);
      if (Number.isFinite(created) && created < staleBefore) {
        const days = Math.floor((s.now.getTime() - created) / DAY_MS);
        flag(item.number, 'stale-proposal', (key) => [
          `${key} has waited in the intake for ${days} days (more than ${s.staleProposalDays})`,
          `The Product Owner decides it: ordo triage ${key} --accept, or ordo triage ${key} --reject --reason TEXT`,
        ]);
      }
    }
    const rank = item.rank;
    if (onOrder) {
      if (rank !== null) {
        if (!ranked) {
          flag(item.number, 'order-integrity', (key) => [
            `${key} is ${item.status} but still holds rank key ${quote(rank)} in the order`,
            `Restore .ordo/backlog.db from git (git checkout -- .ordo/backlog.db); ordo clears the rank when an item leaves the order`,
          ]);
        } else if (!isValidRankKey(rank)) {
          flag(item.number, 'order-integrity', (key) => [
            `${key} has the malformed rank key ${quote(rank)}`,
            `Restore .ordo/backlog.db from git, or have the Product Owner place it again: ordo move ${key} --bottom`,
          ]);
        }
        // Only rank keys that may have a twin are remembered.
        if (sharedRanks === undefined || sharedRanks.has(rank)) {
          const twin = byRank.get(rank);
          if (twin === undefined) byRank.set(rank, item.number);
          else {
            flag(item.number, 'order-integrity', (key) => [
              `${key} has the same rank key ${quote(rank)} as ${keyOf(twin)}, so their order is undefined`,
              `Have the Product Owner move one of them: ordo move ${key} --after ${keyOf(twin)}`,
            ]);
          }
        }
      } else if (ranked) {
        flag(item.number, 'order-integrity', (key) => [
          `${key} is ${item.status} but has no place in the order`,
          `Restore .ordo/backlog.db from git, or drop it (ordo drop ${key} --reason TEXT) and add it again`,
        ]);
      }
    }
    if (open || found.length > before) {
      checkedCount += 1;
      if (listChecked) checked.push({ number: item.number, title: item.title, status: item.status });
      else if (found.length > before) checked.push({ number: item.number, title: ownCopy(item.title), status: item.status });
    }
  }

  const reread = rereading(data);
  const sharedRationales: number[][] = [];
  if (hashesMet.size > 0) {
    // Items whose hashes met share a rationale only if their normalised texts are the same.
    const rationaleOf = new Map<number, string>();
    for (const i of reread([...hashesMet.values()].flat())) rationaleOf.set(i.number, normaliseText(i.rationale ?? ''));
    for (const numbers of hashesMet.values()) {
      const byText = new Map<string, number[]>();
      for (const n of numbers) {
        const text = rationaleOf.get(n);
        if (text === undefined) continue;
        const same = byText.get(text);
        if (same) same.push(n);
        else byText.set(text, [n]);
      }
      for (const same of byText.values()) if (same.length > 1) sharedRationales.push(same);
    }
  }
  for (const numbers of sharedRationales) {
    const keys = numbers.map(keyOf);
    numbers.forEach((n, i) => {
      // Name a few of the others, never all: a group can hold thousands of items.
      const others = keys.slice(0, 4).filter((k) => k !== keys[i]).slice(0, 3);
      const more = keys.length - 1 - others.length;
      add(
        n,
        'rationale-duplicate',
        keys[i]!,
        `${keys[i]} has the same value rationale as ${others.join(', ')}${more > 0 ? ` and ${more} more` : ''}`,
        `Say why this item matters on its own (ordo edit ${keys[i]} --why TEXT), or merge the duplicates`,
      );
    });
  }

  if (on('order-dependency') && data.dependencies && data.dependencies.length > 0) {
    // An item ranked above what it needs is an inversion the Product Owner should see.
    for (const { item, needs } of data.dependencies) {
      const mine = rankOf.get(item);
      const theirs = rankOf.get(needs);
      if (mine === undefined || theirs === undefined || !(mine < theirs)) continue;
      add(
        item,
        'order-dependency',
        keyOf(item),
        `${keyOf(item)} is ranked above ${keyOf(needs)}, which it depends on`,
        `The Product Owner moves one of them: ordo move ${keyOf(item)} --after ${keyOf(needs)}, or ordo move ${keyOf(needs)} --before ${keyOf(item)}`,
      );
    }
  }

  if (on('owner-handover')) {
    const record = data.ownerRecord;
    if (!record || !sameIdentity(record.owner, s.owner)) {
      add(
        -1,
        'owner-handover',
        null,
        `ordo.yml names ${s.owner} as Product Owner but no recorded handover made ${s.owner} the owner`,
        record
          ? `Put owner: ${record.owner} back in ordo.yml (recorded ${record.at} by ${record.actor}); to hand the role over, the Product Owner runs ordo owner transfer ${s.owner}`
          : `Restore owner: in ordo.yml from git; a backlog from before the audit trail can set check.rules.owner-handover: off`,
      );
    }
  }

  if (planning && wantsCriteria) {
    const wanted = new Map<number, string>();
    for (const i of top) wanted.set(i.number, `among the first ${criteriaTop} in the order`);
    for (const n of inSprint) {
      const status = sprintStatus.get(n);
      if (status !== undefined && (RANKED.has(status) || status === 'done')) wanted.set(n, `in sprint ${planning.sprint!.id}`);
    }
    const without = wanted.size > 0 ? planning.withoutCriteria([...wanted.keys()]) : new Set<number>();
    for (const [n, where] of [...wanted].sort((a, b) => a[0] - b[0])) {
      if (!without.has(n)) continue;
      add(n, 'acceptance-criteria', keyOf(n), `${keyOf(n)} is ${where} but has no acceptance criteria`, `Say what must hold for the Product Owner to accept it: ordo edit ${keyOf(n)} --criterion TEXT [--criterion TEXT ...]`);
    }
  }
  if (planning && on('release-at-risk')) {
    for (const r of planning.releasesAtRisk) {
      add(-1, 'release-at-risk', null, `Release ${r.id} ("${r.name}", target ${r.date}) is ${r.outlook}: ${r.why}`, `The Product Owner moves the date (ordo release edit ${r.id} --date DATE) or cuts content (ordo release plan ${r.id} --remove KEY)`);
    }
  }

  for (const v of data.verified ?? []) {
    const number = v.key === null ? -1 : Number(v.key.slice(s.prefix.length + 1));
    add(Number.isFinite(number) ? number : -1, v.rule, v.key, v.message, v.fix);
  }

  if (!listChecked) {
    // Items reported after the stream had passed (duplicates, dependencies, criteria, trust) were
    // looked at like the rest: the open ones are listed too, with their titles, as in a full list.
    const listed = new Set(checked.map((c) => c.number));
    const later = [...new Set(found.filter((f) => f.order >= 0 && !listed.has(f.order)).map((f) => f.order))];
    if (later.length > 0) for (const i of reread(later)) if (!FINISHED.has(i.status)) checked.push({ number: i.number, title: i.title, status: i.status });
  }

  found.sort((a, b) => a.order - b.order || RULE_ORDER.get(a.v.rule)! - RULE_ORDER.get(b.v.rule)!);
  const violations = found.map((f) => f.v);
  const errors = violations.filter((v) => v.severity === 'error').length;
  const warnings = violations.length - errors;
  const failing = errors + (s.strict ? warnings : 0);
  return {
    prefix: s.prefix,
    ok: failing === 0,
    strict: s.strict,
    violations,
    checked,
    summary: { items: checkedCount, errors, warnings, failing, rules: severities },
  };
}

/** The rules an item's own fields decide: `add`, `edit` and `triage` apply them as the item is written. */
export const FIELD_RULES = ['value-rationale', 'value-on-scale', 'goal-link', 'goal-active'] as const satisfies readonly RuleId[];
export type FieldRule = (typeof FIELD_RULES)[number];

/**
 * The field rules on one item, exactly as `ordo check` runs them (same messages, same fixes,
 * the configured severities), limited to `rules`; rules set to off report nothing.
 */
export function checkItemFields(
  item: CheckItem,
  goals: readonly Goal[],
  s: Pick<CheckSettings, 'prefix' | 'owner' | 'scale' | 'rationaleMinWords' | 'staleProposalDays' | 'rules' | 'now'>,
  rules: readonly FieldRule[] = FIELD_RULES,
): Violation[] {
  const only = Object.fromEntries(RULE_IDS.map((r) => [r, (rules as readonly RuleId[]).includes(r) ? s.rules[r] : 'off'])) as Record<RuleId, Severity>;
  return runChecks({ items: [item], goals, ownerRecord: null }, { ...s, rules: only, strict: false }).violations;
}
