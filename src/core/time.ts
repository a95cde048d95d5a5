/** Times as people say them ("3 days ago", "in 2 weeks") and as they write them in --since. */
import { UsageError } from '../errors.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const WEEK = 7 * DAY;

const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;

/** "just now", "5 minutes ago", "yesterday", "3 weeks ago", "in 2 days": `then` seen from `now`. */
export function relativeTime(then: string | Date, now: Date): string {
  const t = typeof then === 'string' ? new Date(then) : then;
  if (Number.isNaN(t.getTime())) return String(then);
  const diff = now.getTime() - t.getTime();
  const ms = Math.abs(diff);
  let text: string;
  if (ms < 45_000) return 'just now';
  if (ms < HOUR) text = plural(Math.max(1, Math.round(ms / MINUTE)), 'minute');
  else if (ms < DAY) text = plural(Math.round(ms / HOUR), 'hour');
  else if (ms < 2 * DAY && diff > 0) return 'yesterday';
  else if (ms < 2 * DAY) return 'tomorrow';
  else if (ms < 14 * DAY) text = plural(Math.round(ms / DAY), 'day');
  else if (ms < 60 * DAY) text = plural(Math.round(ms / WEEK), 'week');
  else if (ms < 365 * DAY) text = plural(Math.round(ms / (30 * DAY)), 'month');
  else text = plural(Math.round(ms / (365 * DAY)), 'year');
  return diff >= 0 ? `${text} ago` : `in ${text}`;
}

const SINCE_FORMS = 'today, yesterday, a span back from now (3h, 7d, 2w), a date (2026-11-01) or a date and time (2026-11-01T09:00:00Z)';

/** A --since value as an ISO instant (UTC): `today`, `yesterday`, `3h`, `7d`, `2w`, a date, or an ISO datetime. */
export function parseSince(text: string, now: Date, flag = '--since'): string {
  const t = text.trim().toLowerCase();
  const startOfDay = (d: Date) => Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
  let at: number;
  const span = /^(\d{1,6})\s*(h|d|w)$/.exec(t);
  if (t === 'today') at = startOfDay(now);
  else if (t === 'yesterday') at = startOfDay(now) - DAY;
  else if (span) at = now.getTime() - Number(span[1]) * { h: HOUR, d: DAY, w: WEEK }[span[2] as 'h' | 'd' | 'w'];
  else if (/^\d{4}-\d{2}-\d{2}$/.test(t)) at = Date.parse(`${t}T00:00:00Z`);
  else if (/^\d{4}-\d{2}-\d{2}t\d{2}:\d{2}(:\d{2}(\.\d+)?)?(z|[+-]\d{2}:?\d{2})?$/.test(t)) at = Date.parse(/(z|[+-]\d{2}:?\d{2})$/.test(t) ? t.toUpperCase() : `${t.toUpperCase()}Z`);
  else at = NaN;
  if (Number.isNaN(at)) throw new UsageError(`${flag} "${text}" is not a time ordo understands.`, `Use ${SINCE_FORMS}; dates and times without a zone are UTC.`);
  return new Date(at).toISOString();
}
