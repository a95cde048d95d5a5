/**
 * `ordo verify`: read-only proof that the trail is what ordo wrote and that the backlog is
 * what the Product Owner's signed decisions and the team's recorded actions produce.
 * `ordo check` runs the same function as its `audit-trail` and `order-signed` rules.
 * Both read ordo.yml itself, never the configuration cache: nothing outside ordo.yml and
 * the backlog decides what is verified.
 */
import { verifyChain } from '../core/audit.js';
import { ownerKeyRemoved, verifyDecisions, type DecisionReport } from '../core/decisions.js';
import { auditViolations, type TrustViolation } from '../core/signature.js';
import { requireIntegrity, type IntegrityScope } from '../store/database.js';
import { formatKey, readBacklog, type Reader } from './backlog.js';
import type { Context } from './context.js';
import { legacyKey } from './signing.js';

export interface VerifyResult {
  ok: boolean;
  violations: TrustViolation[];
  audit: { events: number; head: string | null; ok: boolean };
  /** The Product Owner's signed events, the latest signed state (checkpoint), and the key the signed history leads to. */
  signed: { events: number; checkpoint: { id: number; at: string; actor: string } | null; key: string | null };
  ownerKey: string | null;
}

/**
 * Both verdicts for an open backlog: the hash chain, then the signed decisions replayed.
 * `integrity`: how much of the file SQLite checks first (database.ts); `ordo verify` reads it all.
 * Null: the caller checks it itself (ordo check, on a thread of its own) and throws before the
 * verdict is used when the file is damaged.
 */
export function verifyTrust(r: Reader, integrity: IntegrityScope | null = 'full'): VerifyResult & { decisions: DecisionReport } {
  // Signatures prove nothing about a file whose pages are damaged: SQLite's check first.
  if (integrity !== null) requireIntegrity(r.store.db, r.store.path, integrity);
  const events = r.store.events.chain();
  const chain = verifyChain(events);
  const decisions = r.config.ownerKey === null ? unsignedVerdict(r) : verifyDecisions({
    ownerKey: r.config.ownerKey,
    owner: r.config.owner,
    severity: r.config.check.rules['order-signed'],
    events,
    items: r.store.items.identities(),
    ranked: r.store.items.rankedNumbers(),
    legacyKey: legacyKey(r.store),
    formatKey: (n) => formatKey(r.config, n),
  });
  const violations = [...auditViolations(chain.broken, r.config.check.rules['audit-trail']), ...decisions.violations];
  return {
    ok: !violations.some((v) => v.severity === 'error'),
    violations,
    audit: { events: chain.count, head: chain.head, ok: chain.ok },
    signed: { events: decisions.signed, checkpoint: decisions.checkpoint, key: decisions.key },
    ownerKey: r.config.ownerKey,
    decisions,
  };
}

/**
 * Without owner-key there is nothing to replay; only whether the backlog was ever signed
 * matters, and that two cheap lookups tell (no signature need be checked to see one is there).
 */
function unsignedVerdict(r: Reader): DecisionReport {
  const severity = r.config.check.rules['order-signed'];
  const sig = r.store.events.latestSigned()?.details.sig as { key?: unknown } | undefined;
  const key = typeof sig?.key === 'string' ? sig.key : legacyKey(r.store);
  return {
    violations: key !== null && severity !== 'off' ? [ownerKeyRemoved(key, severity)] : [],
    signed: 0,
    checkpoint: null,
    key,
    expected: null,
    divergent: 0,
    neverSigned: false,
  };
}

export async function verifyBacklog(_input: object, ctx: Context): Promise<VerifyResult> {
  await ctx.config({ fresh: true });
  const { decisions: _decisions, ...result } = await readBacklog(ctx, (r) => verifyTrust(r));
  return result;
}
