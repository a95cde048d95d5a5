/**
 * `ordo sign`: the Product Owner reviews the current order against the last signature
 * (when owner-key was first set, or after a change made without ordo) and signs it.
 */
import { analyseSignatures, orderChanges } from '../core/signature.js';
import { requirePermission } from '../core/roles.js';
import { UsageError } from '../errors.js';
import { formatKey, readBacklog, writeBacklog } from './backlog.js';
import type { Context } from './context.js';
import { appendSignature, requireSigningKey } from './signing.js';

export interface ChangedItem {
  key: string;
  title: string;
  /** Position in the signed order (null: it was not in it). */
  from: number | null;
  /** Position in the current order (null: it left the order). */
  to: number | null;
}

export interface SignPreview {
  ownerKey: string;
  /** The latest valid signature, or null when the order was never signed. */
  latest: { counter: number; at: string } | null;
  ranked: number;
  entered: ChangedItem[];
  left: ChangedItem[];
  moved: ChangedItem[];
  /** Problems `ordo verify` reports now, which signing resolves or leaves. */
  problems: string[];
}

/** What signing would change; checks first that the caller may sign and holds the key. */
export async function previewSignature(_input: object, ctx: Context): Promise<SignPreview> {
  const config = await ctx.config();
  if (config.ownerKey === null) {
    throw new UsageError(
      'ordo.yml sets no owner-key, so there is nothing to sign the order with.',
      'The Product Owner makes a key with `ordo key generate` and puts the printed public key in ordo.yml as owner-key:.',
    );
  }
  requirePermission('order', ctx.identity(), config, 'sign the order');
  requireSigningKey(ctx, config);
  const ownerKey = config.ownerKey;
  return readBacklog(ctx, (r) => {
    const current = [...r.store.items.ranked()];
    const events = r.store.events.chain();
    const analysis = analyseSignatures({
      ownerKey,
      owner: config.owner,
      severity: 'error',
      ranked: current.map((i) => i.number),
      signatures: r.store.signatures.all(),
      events,
      formatKey: (n) => formatKey(config, n),
    });
    const signed = analysis.latest?.sequence ?? [];
    const changes = orderChanges(signed, current.map((i) => i.number));
    const describe = (n: number, from: number | null, to: number | null): ChangedItem => ({
      key: formatKey(config, n),
      title: r.store.items.get(n)?.title ?? '',
      from,
      to,
    });
    return {
      ownerKey,
      latest: analysis.latest && { counter: analysis.latest.counter, at: analysis.latest.at },
      ranked: current.length,
      entered: changes.entered.map((c) => describe(c.number, null, c.position)),
      left: changes.left.map((c) => describe(c.number, c.position, null)),
      moved: changes.moved.map((c) => describe(c.number, c.from, c.to)),
      problems: analysis.violations.map((v) => v.message),
    };
  });
}

export interface SignResult {
  counter: number;
  at: string;
  ranked: number;
  key: string;
}

/** Signs the current order with the Product Owner's key. */
export async function signOrder(_input: object, ctx: Context): Promise<SignResult> {
  const config = await ctx.config();
  if (config.ownerKey === null) throw new UsageError('ordo.yml sets no owner-key, so there is nothing to sign the order with.');
  requirePermission('order', ctx.identity(), config, 'sign the order');
  requireSigningKey(ctx, config);
  return writeBacklog(ctx, 'sign', (w) => {
    const payload = appendSignature(w, 'order');
    return { counter: payload.counter, at: payload.at, ranked: payload.sequence.length, key: payload.key };
  });
}
