/** `ordo log`: the audit trail, oldest first, like `git log --reverse`. */
import { verifyChain, type ChainReport } from '../core/audit.js';
import { parsePosition } from '../core/numbers.js';
import { UsageError } from '../errors.js';
import { parseSince } from '../core/time.js';
import type { AuditEvent, EventFilter } from '../store/events.js';
import { readBacklog, requireItem } from './backlog.js';
import type { Context } from './context.js';

export interface LogInput {
  key?: string;
  since?: string;
  actor?: string;
  limit?: number | string;
}

export interface LogResult {
  events: AuditEvent[];
  /** The whole trail's hash chain, whatever the filter. */
  chain: ChainReport;
}

export async function auditLog(input: LogInput, ctx: Context): Promise<LogResult> {
  const filter: EventFilter = {};
  if (input.since !== undefined) filter.since = parseSince(input.since, ctx.now());
  if (input.actor !== undefined) {
    if (!input.actor.trim()) throw new UsageError('--actor needs an identity, e.g. --actor alice@example.com.');
    filter.actor = input.actor.trim();
  }
  if (input.limit !== undefined) filter.limit = typeof input.limit === 'number' ? input.limit : parsePosition(input.limit, '--limit');
  return readBacklog(ctx, (r) => {
    if (input.key !== undefined) filter.item = requireItem(r, input.key).number;
    return { events: r.store.events.find(filter), chain: verifyChain(r.store.events.chain()) };
  });
}
