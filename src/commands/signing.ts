/**
 * Signing the Product Owner's order. writeBacklog calls `signIfOrderChanged` at the end
 * of every write transaction, so every command that gives an item a rank (move, add by
 * the Product Owner, triage, reorder, import, ...) is signed without code of its own.
 *
 * A handover (a new key, or a new Product Owner) is a signature of kind 'handover' made
 * with the outgoing key and naming the incoming owner and key. `ordo owner transfer`
 * calls `signHandover(w, { owner, key })` inside its writeBacklog transaction, before it
 * rewrites owner: (and owner-key:) in ordo.yml; `ordo key rotate` does the same for a key.
 */
import type { KeyObject } from 'node:crypto';
import type { Config } from '../config/load.js';
import { keyFile, loadPrivateKey } from '../config/keys.js';
import { fingerprint, parsePublicKey, signPayload, type SignatureKind, type SignaturePayload } from '../core/signature.js';
import { PermissionError, UsageError } from '../errors.js';
import type { Store } from '../store/store.js';
import type { Context } from './context.js';

/**
 * The Product Owner's private key for the configured owner-key: null when no owner-key
 * is configured; exit 3 when one is and this machine does not hold its private key.
 * Ordering commands call it before they write; writeBacklog relies on it too.
 */
export function requireSigningKey(ctx: Pick<Context, 'env'>, config: Pick<Config, 'ownerKey'>): KeyObject | null {
  if (config.ownerKey === null) return null;
  const key = loadPrivateKey(ctx.env, config.ownerKey);
  if (key) return key;
  throw missingKey(ctx, config.ownerKey);
}

function missingKey(ctx: Pick<Context, 'env'>, ownerKey: string): PermissionError {
  return new PermissionError(
    'SIGNING_KEY_MISSING',
    `This ordering change must be signed with the Product Owner's key (${ownerKey.slice(0, 20)}…, fingerprint ${fingerprint(ownerKey)}), which is not on this machine (looked for ${keyFile(ctx.env, ownerKey)}).`,
    'Run the command where the Product Owner keeps that key. A different key takes over only through a handover signed with this one (`ordo key rotate`, `ordo owner transfer`).',
  );
}

/** What a signature needs to know about the running command. */
export interface SigningScope {
  store: Store;
  config: Config;
  identity: { id: string; source: string };
  at: string;
  command: string;
  /** Loads the signing key on first use (exit 3 when it is missing). */
  signingKey(): KeyObject;
}

/**
 * Appends a signature of the current order: first the audit event that records it,
 * then the signature, which covers the trail up to and including that event.
 */
export function appendSignature(s: SigningScope, kind: SignatureKind, to?: { owner: string; key: string }): SignaturePayload {
  const key = s.signingKey();
  const ownerKey = s.config.ownerKey!;
  const counter = s.store.signatures.nextCounter();
  const sequence = s.store.items.rankedNumbers();
  s.store.events.append({
    at: s.at,
    actor: s.identity.id,
    source: s.identity.source,
    command: s.command,
    action: 'order.sign',
    item: null,
    goal: null,
    details: { counter, kind, key: fingerprint(ownerKey), ranked: sequence.length, ...(to ? { to: { owner: to.owner, key: fingerprint(to.key) } } : {}) },
  });
  const payload: SignaturePayload = {
    v: 1,
    kind,
    counter,
    at: s.at,
    owner: s.config.owner,
    key: ownerKey,
    sequence,
    events: { count: s.store.events.count(), head: s.store.events.head() },
    ...(to ? { to } : {}),
  };
  const { text, signature } = signPayload(key, payload);
  s.store.signatures.append({ counter, kind, signedAt: s.at, signer: ownerKey, payload: text, signature });
  s.store.orderChanged = false;
  return payload;
}

/** Called by writeBacklog as its transaction ends: signs when the order changed and owner-key is set. */
export function signIfOrderChanged(s: SigningScope): void {
  if (s.store.orderChanged && s.config.ownerKey !== null) appendSignature(s, 'order');
}

/**
 * Hands the Product Owner's authority to another owner and/or key, signed with the
 * current key. Call it inside the writeBacklog transaction that records the change,
 * then write the new owner:/owner-key: to ordo.yml once the transaction has committed.
 * Without owner-key configured there is nothing to sign and it returns null.
 */
export function signHandover(s: SigningScope, to: { owner: string; key: string }): SignaturePayload | null {
  if (s.config.ownerKey === null) return null;
  if (!parsePublicKey(to.key)) {
    throw new UsageError(`"${to.key}" is not an Ed25519 public key.`, 'The new key looks like ed25519:BASE64, as `ordo key generate` prints it.');
  }
  return appendSignature(s, 'handover', to);
}

export function missingSigningKey(ctx: Pick<Context, 'env'>, ownerKey: string): PermissionError {
  return missingKey(ctx, ownerKey);
}
