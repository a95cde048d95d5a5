/**
 * `ordo verify`: read-only proof that the trail and the order are what ordo wrote and
 * the Product Owner signed. `ordo check` runs the same two functions as its
 * `audit-trail` and `order-signed` rules.
 */
import { verifyChain } from '../core/audit.js';
import { analyseSignatures, auditViolations, type TrustViolation } from '../core/signature.js';
import { requireIntegrity } from '../store/database.js';
import { formatKey, readBacklog, type Reader } from './backlog.js';
import type { Context } from './context.js';

export interface VerifyResult {
  ok: boolean;
  violations: TrustViolation[];
  audit: { events: number; head: string | null; ok: boolean };
  signatures: { count: number; latest: { counter: number; at: string; owner: string; key: string } | null };
  ownerKey: string | null;
}

/** Both verdicts for an open backlog: the hash chain, then the signed order. */
export function verifyTrust(r: Reader): VerifyResult {
  // Signatures prove nothing about a file whose pages are damaged: SQLite's full check first.
  requireIntegrity(r.store.db, r.store.path);
  const events = r.store.events.chain();
  const chain = verifyChain(events);
  const signatures = r.store.signatures.all();
  const analysis = analyseSignatures({
    ownerKey: r.config.ownerKey,
    owner: r.config.owner,
    severity: r.config.check.rules['order-signed'],
    ranked: r.store.items.rankedNumbers(),
    signatures,
    events,
    formatKey: (n) => formatKey(r.config, n),
  });
  const violations = [...auditViolations(chain.broken, r.config.check.rules['audit-trail']), ...analysis.violations];
  const latest = analysis.latest;
  return {
    ok: !violations.some((v) => v.severity === 'error'),
    violations,
    audit: { events: chain.count, head: chain.head, ok: chain.ok },
    signatures: { count: signatures.length, latest: latest && { counter: latest.counter, at: latest.at, owner: latest.owner, key: latest.key } },
    ownerKey: r.config.ownerKey,
  };
}

export async function verifyBacklog(_input: object, ctx: Context): Promise<VerifyResult> {
  return readBacklog(ctx, verifyTrust);
}
