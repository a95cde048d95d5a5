/** Validation of the fields a user gives an item, with messages that say how to fix them. */
import { UsageError } from '../errors.js';
import { parseDecimal, parseWhole } from './numbers.js';
import { identityProblem } from './roles.js';
import { ITEM_STATUSES, ITEM_TYPES, type Goal, type Item, type ItemStatus, type ItemType } from './types.js';

export const TITLE_MAX = 200;
export const TEXT_MAX = 10_000;
/** Estimates are points: 0 to this, decimals allowed (0.5). */
export const ESTIMATE_MAX = 1000;

/** A goal id: what `ordo goal add` accepts. */
export const GOAL_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/;
/** A goal's description, horizon and metric. */
export const GOAL_TEXT_MAX = 2000;

// The rules below are written once, as "what is wrong with this value" (null: nothing), and
// used twice: by add/edit, which throw a UsageError with a fix for the flag, and by
// validateIncomingItem, which lists every problem of a record arriving from a file.

const tooLong = (length: number, max: number) => `is ${length} characters long; the limit is ${max}`;

export function titleProblem(title: string): string | null {
  if (title.trim() === '') return 'must not be empty';
  return title.length > TITLE_MAX ? tooLong(title.length, TITLE_MAX) : null;
}

export function textProblem(text: string, max = TEXT_MAX): string | null {
  return text.length > max ? tooLong(text.length, max) : null;
}

export function valueProblem(value: number, scale: readonly number[]): string | null {
  return scale.includes(value) ? null : `${value} is not on the value scale (${scale.join(', ')})`;
}

export function estimateProblem(estimate: number): string | null {
  return Number.isFinite(estimate) && estimate >= 0 && estimate <= ESTIMATE_MAX ? null : `${estimate} is not a number of points from 0 to ${ESTIMATE_MAX}`;
}

const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T(?:[01]\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:\.\d{1,9})?)?(?:Z|[+-](?:[01]\d|2[0-3]):?[0-5]\d)$/;

/** The number written by `count` ASCII digits of `text` from `at` (the caller has matched them as digits). */
function digitsAt(text: string, at: number, count: number): number {
  let n = 0;
  for (let i = at; i < at + count; i++) n = n * 10 + text.charCodeAt(i) - 48;
  return n;
}

/**
 * An ISO 8601 date and time with its zone, as ordo writes them (2026-11-23T09:00:00.000Z), on a
 * day that exists. An import checks several per item: the date is read from fixed places of the
 * matched text, without building a Date.
 */
export function timestampProblem(text: string): string | null {
  let ok = TIMESTAMP.test(text) && !Number.isNaN(Date.parse(text));
  if (ok) {
    const year = digitsAt(text, 0, 4);
    const month = digitsAt(text, 5, 2);
    const day = digitsAt(text, 8, 2);
    const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
    const days = month === 2 ? (leap ? 29 : 28) : month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
    ok = month >= 1 && month <= 12 && day >= 1 && day <= days;
  }
  return ok ? null : `${JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text)} is not a date and time (e.g. 2026-11-23T09:00:00.000Z)`;
}

export function goalIdProblem(id: string): string | null {
  return GOAL_ID.test(id) ? null : `${JSON.stringify(id)} cannot be a goal id (letters, digits, dots, dashes or underscores, at most 40)`;
}

export interface FieldProblem {
  field: string;
  message: string;
}

/** An item as it arrives from outside (an export file, another tracker), its fields already of the right types. */
export type IncomingItem = Omit<Item, 'number' | 'rank' | 'labels' | 'dependsOn' | 'criteria' | 'assignee'> & { number?: number; rank?: string | null; labels?: readonly string[]; dependsOn?: readonly number[]; criteria?: readonly string[]; assignee?: string | null };

export interface IncomingRules {
  scale: readonly number[];
  /** Goal ids (lower case) an item may name; unchecked when absent. */
  goals?: ReadonlySet<string>;
  /** Where those goals are, for messages: "this file", "this backlog" (the default). */
  goalsIn?: string;
}

/**
 * Everything `ordo add` and `ordo edit` require of an item's fields, checked on an item that
 * arrives from a file instead (ordo import, the importers from other trackers): each problem
 * names its field. An import validates exactly what the commands validate, so nothing can
 * enter the backlog through a file that could not be typed.
 */
export function validateIncomingItem(item: IncomingItem, rules: IncomingRules): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const check = (field: string, problem: string | null) => {
    if (problem) problems.push({ field, message: problem });
  };
  check('title', titleProblem(item.title));
  if (!(ITEM_TYPES as readonly string[]).includes(item.type)) check('type', `${JSON.stringify(item.type)} is not an item type (${ITEM_TYPES.join(', ')})`);
  if (!(ITEM_STATUSES as readonly string[]).includes(item.status)) check('status', `${JSON.stringify(item.status)} is not a status (${ITEM_STATUSES.join(', ')})`);
  if (item.value !== null) check('value', valueProblem(item.value, rules.scale));
  if (item.estimate !== null) check('estimate', estimateProblem(item.estimate));
  if (item.goal !== null && rules.goals && !rules.goals.has(item.goal.toLowerCase())) check('goal', `${JSON.stringify(item.goal)} is not a goal in ${rules.goalsIn ?? 'this backlog'}`);
  if (item.rationale !== null) check('rationale', textProblem(item.rationale));
  if (item.description !== null) check('description', textProblem(item.description));
  if (item.reason !== null) check('reason', textProblem(item.reason));
  const creator = identityProblem(item.createdBy);
  if (creator) check('createdBy', `is not an identity: it ${creator}`);
  for (const field of ['createdAt', 'updatedAt', 'startedAt', 'doneAt', 'closedAt'] as const) {
    const at = item[field];
    if (at !== null) check(field, timestampProblem(at));
  }
  return problems;
}

/** The same for a roadmap goal: what `ordo goal add` and `goal edit` require. */
export function validateIncomingGoal(goal: Goal): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const check = (field: string, problem: string | null) => {
    if (problem) problems.push({ field, message: problem });
  };
  check('id', goalIdProblem(goal.id));
  check('title', goal.title.trim() === '' ? 'must not be empty' : textProblem(goal.title, TITLE_MAX));
  if (goal.description !== null) check('description', textProblem(goal.description, GOAL_TEXT_MAX));
  if (goal.horizon !== null) check('horizon', textProblem(goal.horizon, GOAL_TEXT_MAX));
  if (goal.metric !== null) check('metric', textProblem(goal.metric, GOAL_TEXT_MAX));
  check('createdAt', timestampProblem(goal.createdAt));
  check('updatedAt', timestampProblem(goal.updatedAt));
  return problems;
}

export function validateTitle(title: string | undefined): string {
  const t = (title ?? '').trim();
  if (!t) throw new UsageError('An item needs a title.', 'Give it as the first argument: ordo add "Let shoppers save their card"');
  const problem = titleProblem(t);
  if (problem) throw new UsageError(`The title ${problem}.`, 'Shorten it and put the detail in --desc.');
  return t;
}


/** Business value: a whole number on the configured scale. */
export function validateValue(raw: string | number | undefined, scale: readonly number[]): number {
  const allowed = scale.join(', ');
  if (raw === undefined || String(raw).trim() === '') {
    throw new UsageError(`Business value is required (--value); allowed values: ${allowed}.`, 'For example: --value 8');
  }
  const n = typeof raw === 'number' ? raw : parseWhole(raw);
  if (n === null || valueProblem(n, scale) !== null) {
    throw new UsageError(`Business value ${String(raw)} is not on the value scale; allowed values: ${allowed}.`, 'Pick the nearest value on the scale, or change `value.scale` in ordo.yml.');
  }
  return n;
}

export function validateRationale(why: string | undefined): string {
  const t = (why ?? '').trim();
  if (!t) {
    throw new UsageError(
      'A value rationale is required (--why): why does this item matter?',
      'For example: --why "Card declines on mobile cost us about 2% of orders a week"',
    );
  }
  const problem = textProblem(t);
  if (problem) throw new UsageError(`The rationale ${problem}.`, 'Say why it matters in a few sentences; put the detail in --desc.');
  return t;
}

export function validateGoalRef(goal: string | undefined): string {
  const t = (goal ?? '').trim();
  if (!t) throw new UsageError('A roadmap goal is required (--goal): which goal does this item serve?', '`ordo goal list` shows the goals, e.g. --goal G1');
  return t;
}

export function validateType(type: string | undefined): ItemType {
  const t = (type ?? 'story').trim().toLowerCase();
  if (!(ITEM_TYPES as readonly string[]).includes(t)) {
    throw new UsageError(`Unknown item type "${type}"; allowed types: ${ITEM_TYPES.join(', ')}.`, 'For example: --type bug');
  }
  return t as ItemType;
}

export function validateStatus(status: string): ItemStatus {
  const t = status.trim().toLowerCase();
  if (!(ITEM_STATUSES as readonly string[]).includes(t)) {
    throw new UsageError(`Unknown status "${status}"; statuses are: ${ITEM_STATUSES.join(', ')}.`, 'For example: --status in-progress');
  }
  return t as ItemStatus;
}

/** Estimate in points: a non-negative number, or null to clear it. */
export function validateEstimate(raw: string | number | undefined | null): number | null {
  if (raw === undefined || raw === null || raw === '' || raw === '-') return null;
  const n = typeof raw === 'number' ? raw : parseDecimal(raw, 0, ESTIMATE_MAX);
  if (n === null || estimateProblem(n) !== null) {
    throw new UsageError(`Estimate "${String(raw)}" is not a number of points from 0 to 1000.`, 'For example: --estimate 3');
  }
  return n;
}

export function validateDescription(desc: string | undefined): string | null {
  const t = (desc ?? '').trim();
  const problem = textProblem(t);
  if (problem) throw new UsageError(`The description ${problem}.`, 'Shorten it, and link to a document for the rest.');
  return t || null;
}

export function validateReason(reason: string | undefined, required: boolean, verb: string): string | null {
  const t = (reason ?? '').trim();
  if (!t && required) throw new UsageError(`A reason is required to ${verb} an item (--reason).`, `For example: --reason "Superseded by the new payment provider"`);
  const problem = textProblem(t);
  if (problem) throw new UsageError(`The reason ${problem}.`, 'Give the reason in a sentence or two.');
  return t || null;
}

export const CRITERIA_MAX = 50;

/** Acceptance criteria as given with repeated --criterion: each a line of text; `-` alone clears the list. */
export function validateCriteria(list: readonly string[] | undefined): string[] {
  const items = (list ?? []).map((c) => c.trim());
  if (items.length === 1 && items[0] === '-') return [];
  items.forEach((c, i) => {
    if (!c || c === '-') throw new UsageError(`Acceptance criterion ${i + 1} is empty.`, 'Give each --criterion a sentence a reviewer can check, e.g. --criterion "Declined cards show the bank\'s reason"');
    if (c.length > TITLE_MAX) throw new UsageError(`Acceptance criterion ${i + 1} is ${c.length} characters long; the limit is ${TITLE_MAX}.`, 'Split it into several --criterion options.');
  });
  if (items.length > CRITERIA_MAX) throw new UsageError(`${items.length} acceptance criteria given; the limit is ${CRITERIA_MAX}.`, 'Split the item into smaller ones.');
  return items;
}
