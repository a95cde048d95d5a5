/**
 * The Product Owner's signed order. With `owner-key` set, every change that puts an
 * item into the order or moves one is signed with the Product Owner's Ed25519 key: the
 * signature covers the whole ranked sequence, a counter that only grows, the time, the
 * owner, and the audit chain head. Verification here is pure: given the rows, it says
 * what does not add up, so `ordo verify` and `ordo check` report the same thing.
 */
import type { KeyObject } from 'node:crypto';
import { crypto } from './crypto.js';
import type { ChainedEvent } from './audit.js';
import { canonicalJson } from './audit.js';
import { sameIdentity } from './roles.js';
import type { Severity } from './rules.js';

export type SignatureKind = 'order' | 'handover';

/** What is signed. Stored as canonical JSON text; the signature covers exactly those bytes. */
export interface SignaturePayload {
  v: 1;
  kind: SignatureKind;
  counter: number;
  at: string;
  /** The Product Owner (owner: in ordo.yml) who signs. */
  owner: string;
  /** The signer's public key, `ed25519:BASE64`. */
  key: string;
  /** Item numbers holding a rank, in rank order. */
  sequence: number[];
  /** The audit trail when it was signed, including the event that records this signature. */
  events: { count: number; head: string | null };
  /** A handover: the owner and key that take over from this one. */
  to?: { owner: string; key: string };
}

/** A row of the order_signatures table. */
export interface SignatureRow {
  id: number;
  counter: number;
  kind: string;
  signedAt: string;
  signer: string;
  payload: string;
  signature: string;
}

export interface TrustViolation {
  rule: 'order-signed' | 'audit-trail';
  severity: Exclude<Severity, 'off'>;
  /** The item the violation is about, or null for the backlog as a whole. */
  key: string | null;
  message: string;
  fix: string;
}

const PREFIX = 'ed25519:';

/** Reads `ed25519:BASE64` (the raw 32-byte key); null when it is not one. */
export function parsePublicKey(text: string): KeyObject | null {
  if (!text.startsWith(PREFIX)) return null;
  const raw = Buffer.from(text.slice(PREFIX.length), 'base64');
  if (raw.length !== 32 || raw.toString('base64') !== text.slice(PREFIX.length)) return null;
  try {
    return crypto().createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: raw.toString('base64url') }, format: 'jwk' });
  } catch {
    return null;
  }
}

/** `ed25519:BASE64` for a public (or private) Ed25519 key. */
export function formatPublicKey(key: KeyObject): string {
  const publicKey = key.type === 'private' ? crypto().createPublicKey(key) : key;
  const jwk = publicKey.export({ format: 'jwk' });
  return PREFIX + Buffer.from(jwk.x!, 'base64url').toString('base64');
}

/** A short, file-name-safe name for a public key: the first 16 hex digits of its SHA-256. */
export function fingerprint(publicKey: string): string {
  return crypto().createHash('sha256').update(Buffer.from(publicKey.slice(PREFIX.length), 'base64')).digest('hex').slice(0, 16);
}

/** Signs a payload; returns the exact text that was signed and the signature (base64). */
export function signPayload(privateKey: KeyObject, payload: SignaturePayload): { text: string; signature: string } {
  const text = canonicalJson(payload);
  return { text, signature: crypto().sign(null, Buffer.from(text, 'utf8'), privateKey).toString('base64') };
}

export function verifyPayload(text: string, signature: string, publicKey: string): boolean {
  const key = parsePublicKey(publicKey);
  if (!key) return false;
  try {
    return crypto().verify(null, Buffer.from(text, 'utf8'), key, Buffer.from(signature, 'base64'));
  } catch {
    return false;
  }
}

export interface SignatureInput {
  ownerKey: string | null;
  owner: string;
  severity: Severity;
  /** Item numbers holding a rank, in rank order. */
  ranked: readonly number[];
  /** Rows of order_signatures in id order. */
  signatures: readonly SignatureRow[];
  /** The audit trail in id order. */
  events: readonly Pick<ChainedEvent, 'id' | 'hash' | 'action' | 'details'>[];
  formatKey: (n: number) => string;
}

export interface SignatureAnalysis {
  violations: TrustViolation[];
  /** The latest signature that verifies, in the chain of keys that leads to owner-key. */
  latest: SignaturePayload | null;
}

const SIGN_FIX = 'If the Product Owner made this change, they review and sign the order with `ordo sign`; otherwise restore .ordo/backlog.db from git.';

/**
 * The state of reading signature rows in id order: the latest accepted signature and the
 * owner and key it hands authority to. Only the latest signature must cover the current
 * audit chain (analyseSignatures checks that); older rows need only be valid signatures
 * in a growing, unbroken chain of keys. That is what lets a merge re-chain the trail and
 * the Product Owner sign once afterwards, instead of every older signature going stale.
 */
export interface SignatureWalk {
  latest: SignaturePayload | null;
  currentKey: string | null;
  currentOwner: string | null;
}

export function startSignatureWalk(): SignatureWalk {
  return { latest: null, currentKey: null, currentOwner: null };
}

const short = (key: string): string => `${key.slice(0, 20)}… (${fingerprint(key)})`;

/** Takes the next row: advances the walk and returns null, or says why the row is rejected. */
export function stepSignatureWalk(walk: SignatureWalk, row: Omit<SignatureRow, 'id'>): { message: string; fix: string } | null {
  let payload: SignaturePayload;
  try {
    payload = JSON.parse(row.payload) as SignaturePayload;
  } catch {
    return { message: `Order signature #${row.counter} cannot be read: its payload is not the text that was signed.`, fix: SIGN_FIX };
  }
  if (payload.counter !== row.counter || payload.key !== row.signer || payload.kind !== row.kind || payload.at !== row.signedAt) {
    return { message: `Order signature #${row.counter} does not match its signed payload (#${payload.counter}): the row was altered.`, fix: SIGN_FIX };
  }
  if (!verifyPayload(row.payload, row.signature, payload.key)) {
    return { message: `Order signature #${row.counter} is not a valid signature by ${short(payload.key)}: it was forged or altered.`, fix: SIGN_FIX };
  }
  if (walk.currentKey !== null && payload.key !== walk.currentKey) {
    return {
      message: `Order signature #${row.counter} was made with ${short(payload.key)}, but the Product Owner's key at that point was ${short(walk.currentKey)}, and no handover signed by that key names the new one.`,
      fix: 'A new Product Owner key takes over only through a handover signed with the previous key (`ordo key rotate`, `ordo owner transfer`).',
    };
  }
  if (walk.latest !== null && payload.counter <= walk.latest.counter) {
    return {
      message: `Order signature #${payload.counter} comes after #${walk.latest.counter}: the counter went backwards or repeats, so an older signature was replayed.`,
      fix: SIGN_FIX,
    };
  }
  walk.latest = payload;
  walk.currentKey = payload.kind === 'handover' && payload.to ? payload.to.key : payload.key;
  walk.currentOwner = payload.kind === 'handover' && payload.to ? payload.to.owner : payload.owner;
  return null;
}

/** The `order-signed` rule: the ranked order must be the one the Product Owner signed. */
export function verifyOrderSignatures(input: SignatureInput): TrustViolation[] {
  return analyseSignatures(input).violations;
}

export function analyseSignatures(input: SignatureInput): SignatureAnalysis {
  const violations: TrustViolation[] = [];
  if (input.ownerKey === null || input.severity === 'off') return { violations, latest: null };
  const severity = input.severity;
  const fail = (message: string, fix: string, key: string | null = null): void => {
    violations.push({ rule: 'order-signed', severity, key, message, fix });
  };
  const walk = startSignatureWalk();
  for (const row of input.signatures) {
    const rejected = stepSignatureWalk(walk, row);
    if (rejected) fail(rejected.message, rejected.fix);
  }
  const { latest, currentKey, currentOwner } = walk;

  // Every signature is also an audit event; one newer than the latest valid signature
  // means the newest signature was deleted or replaced by an older one.
  for (const e of input.events) {
    if (e.action !== 'order.sign') continue;
    const counter = Number(e.details.counter);
    if (latest === null || counter > latest.counter) {
      fail(
        `The audit trail records order signature #${counter} (event #${e.id}), but ${latest === null ? 'no valid signature is left' : `the latest valid signature is #${latest.counter}`}: a signature was deleted or replaced.`,
        SIGN_FIX,
      );
    }
  }

  if (latest === null) {
    if (input.ranked.length > 0 || input.signatures.length > 0) {
      fail(
        'owner-key is set in ordo.yml, but the order carries no valid signature by the Product Owner.',
        'The Product Owner reviews and signs the order with `ordo sign` on the machine that holds the key.',
      );
    }
    return { violations, latest };
  }

  if (currentKey !== input.ownerKey) {
    fail(
      `owner-key in ordo.yml is ${short(input.ownerKey)}, but the order is signed with ${short(currentKey!)}, and no handover signed by that key names the new one: owner-key was changed by hand.`,
      'Put back the previous owner-key; a key changes only through a handover signed with the previous key (`ordo key rotate`, `ordo owner transfer`).',
    );
  }
  if (currentOwner !== null && !sameIdentity(currentOwner, input.owner)) {
    fail(
      `owner: in ordo.yml names ${input.owner}, but the signed order names ${currentOwner} as the Product Owner: owner: was changed by hand.`,
      'Put back the previous owner:; ownership changes only through `ordo owner transfer`, signed by the previous owner.',
    );
  }

  const { count, head } = latest.events;
  if (count > input.events.length) {
    fail(
      `The audit trail was truncated: order signature #${latest.counter} covers ${count} events, only ${input.events.length} remain.`,
      'Restore .ordo/backlog.db from git.',
    );
  } else if (count > 0 && input.events[count - 1]!.hash !== head) {
    fail(
      `The audit trail up to order signature #${latest.counter} was changed: event ${count} no longer has the hash that was signed.`,
      'Restore .ordo/backlog.db from git; after a merge that combined two trails, the Product Owner signs again with `ordo sign`.',
    );
  }

  const signedAt = new Map(latest.sequence.map((n, i) => [n, i]));
  for (const n of input.ranked) {
    if (!signedAt.has(n)) {
      fail(`${input.formatKey(n)} holds a rank but is not in the order the Product Owner signed (#${latest.counter}): it entered the order without a signature.`, SIGN_FIX, input.formatKey(n));
    }
  }
  const kept = input.ranked.filter((n) => signedAt.has(n));
  for (let i = 0; i + 1 < kept.length; i++) {
    const a = kept[i]!;
    const b = kept[i + 1]!;
    if (signedAt.get(a)! > signedAt.get(b)!) {
      fail(
        `${input.formatKey(a)} is ranked above ${input.formatKey(b)}, but the Product Owner signed ${input.formatKey(b)} above ${input.formatKey(a)} (#${latest.counter}).`,
        SIGN_FIX,
        input.formatKey(a),
      );
    }
  }
  return { violations, latest };
}

/** The audit chain's verdict as violations of the `audit-trail` rule. */
export function auditViolations(broken: { id: number; message: string } | undefined, severity: Severity): TrustViolation[] {
  if (!broken || severity === 'off') return [];
  return [
    {
      rule: 'audit-trail',
      severity,
      key: null,
      message: `${broken.message[0]!.toUpperCase()}${broken.message.slice(1)}.`,
      fix: 'Audit events are never edited or deleted; restore .ordo/backlog.db from git.',
    },
  ];
}

export interface OrderChanges {
  entered: { number: number; position: number }[];
  left: { number: number; position: number }[];
  moved: { number: number; from: number; to: number }[];
}

/**
 * How the current order differs from a signed one: items that entered, left, or moved
 * relative to the others (the fewest items whose moves explain the difference).
 * Positions are 1-based, in the signed and the current sequence.
 */
export function orderChanges(signed: readonly number[], current: readonly number[]): OrderChanges {
  const was = new Map(signed.map((n, i) => [n, i]));
  const now = new Map(current.map((n, i) => [n, i]));
  const entered = current.filter((n) => !was.has(n)).map((n) => ({ number: n, position: now.get(n)! + 1 }));
  const left = signed.filter((n) => !now.has(n)).map((n) => ({ number: n, position: was.get(n)! + 1 }));
  const common = current.filter((n) => was.has(n));
  const stay = longestIncreasing(common.map((n) => was.get(n)!));
  const moved = common
    .filter((_, i) => !stay.has(i))
    .map((n) => ({ number: n, from: was.get(n)! + 1, to: now.get(n)! + 1 }));
  return { entered, left, moved };
}

/** Indexes of one longest strictly increasing subsequence (patience sorting). */
function longestIncreasing(values: readonly number[]): Set<number> {
  const tails: number[] = [];
  const prev: number[] = new Array<number>(values.length).fill(-1);
  for (let i = 0; i < values.length; i++) {
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (values[tails[mid]!]! < values[i]!) lo = mid + 1;
      else hi = mid;
    }
    if (lo > 0) prev[i] = tails[lo - 1]!;
    tails[lo] = i;
  }
  const keep = new Set<number>();
  for (let i = tails.length > 0 ? tails[tails.length - 1]! : -1; i >= 0; i = prev[i]!) keep.add(i);
  return keep;
}
