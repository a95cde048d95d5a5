/**
 * `ordo sign`: the Product Owner reviews how the backlog differs from what the signed
 * decisions produce (after a change made without ordo, or decisions made on two machines)
 * and signs the whole state as a checkpoint that replay starts from.
 */
import { orderChanges } from '../core/signature.js';
import { requirePermission } from '../core/roles.js';
import { UsageError } from '../errors.js';
import { formatKey, readBacklog, writeBacklog } from './backlog.js';
import type { Context } from './context.js';
import { legacyAnalysis, requireSigningKey } from './signing.js';
import { verifyTrust } from './verify.js';

export interface ChangedItem {
  key: string;
  title: string;
  /** Position in the order the signed decisions produce (null: not in it). */
  from: number | null;
  /** Position in the current order (null: it left the order). */
  to: number | null;
}

export interface SignPreview {
  ownerKey: string;
  /** The latest signed state, or null when the backlog was never signed. */
  latest: { at: string } | null;
  ranked: number;
  entered: ChangedItem[];
  left: ChangedItem[];
  moved: ChangedItem[];
  /** Problems `ordo verify` reports now, which signing resolves or leaves. */
  problems: string[];
}

async function requireOwnerKey(ctx: Context): Promise<string> {
  const config = await ctx.config({ fresh: true });
  if (config.ownerKey === null) {
    throw new UsageError(
      'ordo.yml sets no owner-key, so there is nothing to sign the backlog with.',
      'The Product Owner makes a key with `ordo key generate` and puts the printed public key in ordo.yml as owner-key:.',
    );
  }
  requirePermission('order', ctx.identity(), config, 'sign the backlog');
  requireSigningKey(ctx, config);
  return config.ownerKey;
}

/** What signing would change; checks first that the caller may sign and holds the key. */
export async function previewSignature(_input: object, ctx: Context): Promise<SignPreview> {
  const ownerKey = await requireOwnerKey(ctx);
  return readBacklog(ctx, (r) => {
    const current = r.store.items.rankedNumbers();
    const result = verifyTrust(r);
    // Before its first signed state, a backlog an older ordo signed is compared with that signature.
    const legacy = result.decisions.checkpoint === null ? legacyAnalysis(r)?.latest : undefined;
    const signed = result.decisions.expected ?? legacy?.sequence ?? [];
    const changes = orderChanges(signed, current);
    const describe = (n: number, from: number | null, to: number | null): ChangedItem => ({
      key: formatKey(r.config, n),
      title: r.store.items.get(n)?.title ?? '',
      from,
      to,
    });
    return {
      ownerKey,
      latest: result.signed.checkpoint ? { at: result.signed.checkpoint.at } : legacy ? { at: legacy.at } : null,
      ranked: current.length,
      entered: changes.entered.map((c) => describe(c.number, null, c.position)),
      left: changes.left.map((c) => describe(c.number, c.position, null)),
      moved: changes.moved.map((c) => describe(c.number, c.from, c.to)),
      problems: result.violations.map((v) => v.message),
    };
  });
}

export interface SignResult {
  at: string;
  ranked: number;
  items: number;
  key: string;
}

/** Signs the whole backlog (every item's status and the order) with the Product Owner's key. */
export async function signOrder(_input: object, ctx: Context): Promise<SignResult> {
  const key = await requireOwnerKey(ctx);
  return writeBacklog(ctx, 'sign', (w) => {
    w.checkpoint();
    return { at: w.at, ranked: w.store.items.rankedCount(), items: w.store.items.count(), key };
  });
}
