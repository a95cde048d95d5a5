/**
 * The audit trail's hash chain. Each event's hash covers the previous event's hash and
 * the event's own canonical content, so editing, deleting or inserting a row in the
 * middle breaks every link after it. Truncating the tail is caught by the order
 * signature, which covers the chain head and the number of events (signature.ts).
 */
import { sha256 as sha256Js } from '@noble/hashes/sha2';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils';
import { crypto } from './crypto.js';

/** The hash the first event chains onto. */
export const CHAIN_START = 'ordo-audit-v1';

/** What an event's hash covers: everything but its row id and its own hash. */
export interface EventContent {
  at: string;
  actor: string;
  source: string;
  command: string;
  action: string;
  item: number | null;
  goal: string | null;
  details: Record<string, unknown>;
}

export interface ChainedEvent extends EventContent {
  id: number;
  /** Null for a row written without ordo (e.g. inserted with sqlite3). */
  hash: string | null;
}

/** JSON with object keys sorted at every level, so equal data always gives equal text. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
        .map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

/**
 * Below this many hashes in a run, SHA-256 is computed in JavaScript: loading node:crypto costs
 * a few milliseconds, more than a writing command's few hashes take. Past it (verifying or merging
 * a long trail) the native one is faster, so the run switches to it. Both give the same digest.
 */
export const NATIVE_AFTER = 512;
let hashed = 0;

/** The SHA-256 of a text's UTF-8 bytes, as hex. */
export function sha256(text: string): string {
  hashed += 1;
  if (hashed <= NATIVE_AFTER) return bytesToHex(sha256Js(utf8ToBytes(text)));
  return crypto().createHash('sha256').update(text, 'utf8').digest('hex');
}

/** The hash of an event that follows `previous` (null: the first event). */
export function chainHash(previous: string | null, e: EventContent): string {
  const content = canonicalJson([e.at, e.actor, e.source, e.command, e.action, e.item, e.goal, e.details]);
  return sha256(`${previous ?? CHAIN_START}\n${content}`);
}

export interface ChainReport {
  ok: boolean;
  /** Events checked. */
  count: number;
  /** Hash of the last event, null for an empty trail. */
  head: string | null;
  /** The first broken link. */
  broken?: { id: number; index: number; message: string };
}

/** Walks the trail in id order and reports the first event whose hash does not fit. */
export function verifyChain(events: readonly ChainedEvent[]): ChainReport {
  let previous: string | null = null;
  for (let i = 0; i < events.length; i++) {
    const e = events[i]!;
    const expected = chainHash(previous, e);
    if (e.hash !== expected) {
      return { ok: false, count: events.length, head: events[events.length - 1]?.hash ?? null, broken: { id: e.id, index: i, message: describeBreak(events, i, previous) } };
    }
    previous = e.hash;
  }
  return { ok: true, count: events.length, head: previous };
}

function describeBreak(events: readonly ChainedEvent[], i: number, previous: string | null): string {
  const e = events[i]!;
  if (e.hash === null) return `audit event #${e.id} has no hash: it was written without ordo`;
  const before = events[i - 1];
  const gap = before !== undefined && e.id !== before.id + 1 ? ` (events #${before.id + 1}-#${e.id - 1} are missing)` : '';
  // The stored hash still fits its successor: the row's content changed after it was written.
  const next = events[i + 1];
  if (next && next.hash === chainHash(e.hash, next) && gap === '') {
    return `audit event #${e.id} (${e.action}) was edited after it was written`;
  }
  if (chainHash(null, e) === e.hash && previous !== null) {
    return `audit event #${e.id} starts a new chain: the events before it do not belong to its history`;
  }
  return `the audit trail breaks at event #${e.id} (${e.action}): an event before it was deleted or inserted, or it was edited${gap}`;
}
