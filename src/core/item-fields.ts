/** Validation of the fields a user gives an item, with messages that say how to fix them. */
import { UsageError } from '../errors.js';
import { parseDecimal, parseWhole } from './numbers.js';
import { ITEM_STATUSES, ITEM_TYPES, type ItemStatus, type ItemType } from './types.js';

export const TITLE_MAX = 200;
export const TEXT_MAX = 10_000;
/** Estimates are points: 0 to this, decimals allowed (0.5). */
export const ESTIMATE_MAX = 1000;

export function validateTitle(title: string | undefined): string {
  const t = (title ?? '').trim();
  if (!t) throw new UsageError('An item needs a title.', 'Give it as the first argument: ordo add "Let shoppers save their card"');
  if (t.length > TITLE_MAX) {
    throw new UsageError(`The title is ${t.length} characters long; the limit is ${TITLE_MAX}.`, 'Shorten it and put the detail in --desc.');
  }
  return t;
}

/** Business value: a whole number on the configured scale. */
export function validateValue(raw: string | number | undefined, scale: readonly number[]): number {
  const allowed = scale.join(', ');
  if (raw === undefined || String(raw).trim() === '') {
    throw new UsageError(`Business value is required (--value); allowed values: ${allowed}.`, 'For example: --value 8');
  }
  const n = typeof raw === 'number' ? raw : parseWhole(raw);
  if (n === null || !scale.includes(n)) {
    const shown = n === null ? `"${String(raw)}"` : String(n);
    throw new UsageError(`Business value ${shown} is not on the value scale; allowed values: ${allowed}.`, 'Pick the nearest value on the scale, or change `value.scale` in ordo.yml.');
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
  if (t.length > TEXT_MAX) throw new UsageError(`The rationale is ${t.length} characters long; the limit is ${TEXT_MAX}.`, 'Say why it matters in a few sentences; put the detail in --desc.');
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
  const n = typeof raw === 'number' ? (Number.isFinite(raw) && raw >= 0 && raw <= ESTIMATE_MAX ? raw : null) : parseDecimal(raw, 0, ESTIMATE_MAX);
  if (n === null) {
    throw new UsageError(`Estimate "${String(raw)}" is not a number of points from 0 to 1000.`, 'For example: --estimate 3');
  }
  return n;
}

export function validateDescription(desc: string | undefined): string | null {
  const t = (desc ?? '').trim();
  if (t.length > TEXT_MAX) throw new UsageError(`The description is ${t.length} characters long; the limit is ${TEXT_MAX}.`, 'Shorten it, and link to a document for the rest.');
  return t || null;
}

export function validateReason(reason: string | undefined, required: boolean, verb: string): string | null {
  const t = (reason ?? '').trim();
  if (!t && required) throw new UsageError(`A reason is required to ${verb} an item (--reason).`, `For example: --reason "Superseded by the new payment provider"`);
  if (t.length > TEXT_MAX) throw new UsageError(`The reason is ${t.length} characters long; the limit is ${TEXT_MAX}.`, 'Give the reason in a sentence or two.');
  return t || null;
}
