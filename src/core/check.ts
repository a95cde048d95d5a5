/**
 * The rules `ordo check` runs (DESIGN.md section 6), as pure functions: backlog data and
 * thresholds in, violations out. Every rule is a single pass over the items with Maps and
 * Sets, so checking 100,000 items costs milliseconds, not minutes.
 */
import { FINISHED_STATUSES, RANKED_STATUSES } from './lifecycle.js';
import { isValidRankKey } from './ranking.js';
import { analyseRationale, type RationaleProblem } from './rationale.js';
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

/** The fields of an item the rules read. */
export type CheckItem = Pick<Item, 'number' | 'title' | 'status' | 'value' | 'rationale' | 'goal' | 'rank' | 'createdAt'>;

export interface CheckData {
  /** Read once, in one pass: a stream of rows does (the rules keep only what they report). */
  items: Iterable<CheckItem>;
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
  /** Numbers of items that have no acceptance criteria. */
  withoutCriteria: ReadonlySet<number>;
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
}

export type CheckedItem = Pick<Item, 'number' | 'title' | 'status'>;

export interface CheckReport {
  /** Item key prefix: a checked item's key is `${prefix}-${number}`. */
  prefix: string;
  ok: boolean;
  strict: boolean;
  violations: Violation[];
  /** Items the rules looked at: every open item, plus any other item a rule flagged. */
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
  // Most rationales are unique: arrays only for those that are not.
  const firstWithRationale = new Map<string, number>();
  const sharedRationales = new Map<string, number[]>();
  const byRank = new Map<string, number>();
  const checked: CheckedItem[] = [];

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
    if (dependent?.has(item.number) && item.rank !== null && RANKED.has(item.status)) rankOf.set(item.number, item.rank);
    if (wantsCriteria) {
      if (inSprint.has(item.number)) sprintStatus.set(item.number, item.status);
      if (criteriaTop > 0 && item.rank !== null && RANKED.has(item.status) && (top.length < criteriaTop || item.rank < top[top.length - 1]!.rank)) {
        let at = top.length;
        while (at > 0 && top[at - 1]!.rank > item.rank) at--;
        top.splice(at, 0, { number: item.number, rank: item.rank });
        if (top.length > criteriaTop) top.pop();
      }
    }
    const key = `${s.prefix}-${item.number}`;
    const open = !FINISHED.has(item.status);
    const ranked = RANKED.has(item.status);
    const before = found.length;

    if (open && (on('value-rationale') || on('rationale-duplicate'))) {
      const { problem, normalised } = analyseRationale(item.rationale, item.title, s.rationaleMinWords);
      if (problem && on('value-rationale')) {
        const { message, fix } = describeRationale(key, problem);
        add(item.number, 'value-rationale', key, message, fix);
      }
      // Empty and placeholder rationales are value-rationale's business, not reported twice.
      if ((problem === null || problem.kind === 'too-short') && on('rationale-duplicate')) {
        const first = firstWithRationale.get(normalised);
        if (first === undefined) firstWithRationale.set(normalised, item.number);
        else {
          const same = sharedRationales.get(normalised);
          if (same) same.push(item.number);
          else sharedRationales.set(normalised, [first, item.number]);
        }
      }
    }
    if (open && on('value-on-scale')) {
      if (item.value === null) {
        add(item.number, 'value-on-scale', key, `${key} has no business value`, `Give it a value on the scale (${allowed}): ordo edit ${key} --value N`);
      } else if (!scale.has(item.value)) {
        add(
          item.number,
          'value-on-scale',
          key,
          `${key}'s business value ${item.value} is not on the value scale (${allowed})`,
          `Pick the nearest value on the scale: ordo edit ${key} --value N, or change value.scale in ordo.yml`,
        );
      }
    }
    const goalId = item.goal?.trim() ?? '';
    const goal = goalId === '' ? undefined : goals.get(goalId.toLowerCase());
    if (open && on('goal-link')) {
      if (goalId === '') {
        add(item.number, 'goal-link', key, `${key} serves no roadmap goal`, `Link it to a goal: ordo edit ${key} --goal G (ordo goal list shows them)`);
      } else if (!goal) {
        add(
          item.number,
          'goal-link',
          key,
          `${key} serves roadmap goal ${quote(goalId)}, which does not exist`,
          `Link it to an existing goal: ordo edit ${key} --goal G, or add the goal with ordo goal add`,
        );
      }
    }
    if (ranked && goal && goal.status !== 'active' && on('goal-active')) {
      add(
        item.number,
        'goal-active',
        key,
        `${key} is still in the order but its goal ${goal.id} is ${goal.status}`,
        `Move it to an active goal (ordo edit ${key} --goal G), finish it, or drop it (ordo drop ${key} --reason TEXT)`,
      );
    }
    if (item.status === 'proposed' && on('stale-proposal')) {
      const created = Date.parse(item.createdAt);
      if (Number.isFinite(created) && created < staleBefore) {
        const days = Math.floor((s.now.getTime() - created) / DAY_MS);
        add(
          item.number,
          'stale-proposal',
          key,
          `${key} has waited in the intake for ${days} days (more than ${s.staleProposalDays})`,
          `The Product Owner decides it: ordo triage ${key} --accept, or ordo triage ${key} --reject --reason TEXT`,
        );
      }
    }
    if (on('order-integrity')) {
      if (item.rank !== null) {
        if (!ranked) {
          add(
            item.number,
            'order-integrity',
            key,
            `${key} is ${item.status} but still holds rank key ${quote(item.rank)} in the order`,
            `Restore .ordo/backlog.db from git (git checkout -- .ordo/backlog.db); ordo clears the rank when an item leaves the order`,
          );
        } else if (!isValidRankKey(item.rank)) {
          add(
            item.number,
            'order-integrity',
            key,
            `${key} has the malformed rank key ${quote(item.rank)}`,
            `Restore .ordo/backlog.db from git, or have the Product Owner place it again: ordo move ${key} --bottom`,
          );
        }
        const twin = byRank.get(item.rank);
        if (twin === undefined) byRank.set(item.rank, item.number);
        else {
          add(
            item.number,
            'order-integrity',
            key,
            `${key} has the same rank key ${quote(item.rank)} as ${keyOf(twin)}, so their order is undefined`,
            `Have the Product Owner move one of them: ordo move ${key} --after ${keyOf(twin)}`,
          );
        }
      } else if (ranked) {
        add(
          item.number,
          'order-integrity',
          key,
          `${key} is ${item.status} but has no place in the order`,
          `Restore .ordo/backlog.db from git, or drop it (ordo drop ${key} --reason TEXT) and add it again`,
        );
      }
    }
    if (open || found.length > before) checked.push({ number: item.number, title: item.title, status: item.status });
  }

  for (const numbers of sharedRationales.values()) {
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
    for (const [n, where] of [...wanted].sort((a, b) => a[0] - b[0])) {
      if (!planning.withoutCriteria.has(n)) continue;
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
    summary: { items: checked.length, errors, warnings, failing, rules: severities },
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
