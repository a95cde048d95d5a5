/**
 * The Product Owner's signed decisions, and the replay that proves the backlog is what
 * they and the team's unsigned actions produce.
 *
 * With `owner-key` set, every event the Product Owner writes carries a signature over its
 * own content (never over its place in the audit chain), naming items by their uid (never
 * by their number). Every write transaction also records its effects on items' status and
 * place in the order in its last event. A sync may therefore re-chain the trail, put the
 * Product Owner's events after a teammate's and renumber items: every signature still
 * verifies, and replaying the effects in trail order still gives the merged backlog.
 *
 * A checkpoint (`ordo sign`, an import, or the first signed write of a backlog) signs the
 * whole state: replay starts at the latest one. Verification is pure: events and items in,
 * violations out, so `ordo verify` and `ordo check` report the same thing.
 */
import type { KeyObject } from 'node:crypto';
import { canonicalJson, sha256, type ChainedEvent, type EventContent } from './audit.js';
import { crypto } from './crypto.js';
import { RANKED_STATUSES } from './lifecycle.js';
import { sameIdentity } from './roles.js';
import type { Severity } from './rules.js';
import { fingerprint, orderChanges, verifyPayload, type TrustViolation } from './signature.js';
import type { ItemStatus } from './types.js';

/** What one write did to one item: its status from → to, and, when it was placed, the item just above it (null: the top). */
export interface ItemEffect {
  /** The item's uid. */
  u: string;
  /** Its number when written: only to name it in messages (a sync may renumber it). */
  n: number;
  f: ItemStatus | null;
  t: ItemStatus;
  a?: string | null;
}

/** The signature an event carries in `details.sig`. */
export interface EventSignature {
  v: 2;
  /** The signer's public key, `ed25519:BASE64`. */
  key: string;
  /** The uid of the event's item (null when it names none): what the event is about, renumbering or not. */
  item: string | null;
  /** The digest of the signature of the signer's previous signed event: the order of decisions. */
  prev: string | null;
  value: string;
}

/** A checkpoint's `details.state`: every item's status, and the order. */
export interface CheckpointState {
  order: string[];
  /** [uid, status, number when signed] for every item. */
  items: [string, ItemStatus, number][];
}

/** Event actions that record a handover: the signer's key passes to `details.toKey`. */
export const HANDOVER_ACTIONS: readonly string[] = ['owner.transfer', 'owner.key-rotate'];
export const CHECKPOINT_ACTION = 'order.sign';

/** Actions only the Product Owner takes: unsigned, they are forgeries once signing has begun. */
const OWNER_ACTIONS = new Set(['triage', 'accept', 'reject', 'drop', 'reopen', 'move', 'reorder', 'move.apply', 'move.decline', 'owner.transfer', 'owner.key-rotate', 'import', CHECKPOINT_ACTION]);
const isOwnerAction = (action: string) => OWNER_ACTIONS.has(action) || action.startsWith('release.') || action.startsWith('sprint.');

/** Events a sync writes into the merged trail (as whoever syncs): notes, never decisions. */
const SYNC_NOTES = new Set(['sync.merge']);

/** Effects anyone on the team makes without a signature: a proposal, starting and finishing work. */
const TEAM_EFFECTS = new Set(['null>proposed', 'ready>in-progress', 'in-progress>done']);
const RANKED = new Set<ItemStatus>(RANKED_STATUSES);

const PREFIX = 'ed25519:';

export function sigDigest(value: string): string {
  return sha256(value).slice(0, 16);
}

/** The exact text a signed event's signature covers. */
export function signedText(e: EventContent, sig: Omit<EventSignature, 'value'>): string {
  const { sig: _sig, ...details } = e.details;
  return canonicalJson({ v: sig.v, at: e.at, actor: e.actor, source: e.source, command: e.command, action: e.action, item: sig.item, goal: e.goal, details, key: sig.key, prev: sig.prev });
}

export function signEvent(privateKey: KeyObject, publicKey: string, e: EventContent, item: string | null, prev: string | null): EventSignature {
  const head = { v: 2 as const, key: publicKey, item, prev };
  const value = crypto().sign(null, Buffer.from(signedText(e, head), 'utf8'), privateKey).toString('base64');
  return { ...head, value };
}

function readSignature(details: Record<string, unknown>): EventSignature | null | 'malformed' {
  const s = details.sig as Partial<EventSignature> | undefined;
  if (s === undefined) return null;
  if (
    typeof s !== 'object' ||
    s === null ||
    s.v !== 2 ||
    typeof s.key !== 'string' ||
    !s.key.startsWith(PREFIX) ||
    typeof s.value !== 'string' ||
    !(s.item === null || typeof s.item === 'string') ||
    !(s.prev === null || typeof s.prev === 'string')
  ) {
    return 'malformed';
  }
  return s as EventSignature;
}

export interface CurrentItem {
  number: number;
  uid: string;
  status: ItemStatus;
}

export interface DecisionInput {
  ownerKey: string | null;
  owner: string;
  severity: Severity;
  /** The audit trail in id order. */
  events: readonly ChainedEvent[];
  /** Every item, by number. */
  items: readonly CurrentItem[];
  /** The ranked items' numbers, in rank order. */
  ranked: readonly number[];
  /** The key an older ordo's order signatures lead to (order_signatures), if any. */
  legacyKey: string | null;
  formatKey: (n: number) => string;
}

export interface DecisionReport {
  violations: TrustViolation[];
  /** Events the Product Owner signed. */
  signed: number;
  /** The latest valid checkpoint. */
  checkpoint: { id: number; at: string; actor: string } | null;
  /** The key the signed history hands authority to (null: never signed). */
  key: string | null;
  /** The order the decisions produce, as item numbers (null: nothing to replay). */
  expected: number[] | null;
  /** Violations that are only the backlog differing from the replay (no forgery evidence). */
  divergent: number;
  /** True when owner-key is set and items exist but nothing was ever signed: one violation says so. */
  neverSigned: boolean;
}

const SIGN_FIX = 'Restore .ordo/backlog.db from the backlog branch; if the Product Owner made this change, they review and sign the backlog with `ordo sign`.';
const short = (key: string): string => `${key.slice(0, 20)}… (${fingerprint(key)})`;

/** A doubly linked sequence of uids: items leave and re-enter it in O(1), and stay as tombstones when they leave the order. */
class Sequence {
  private readonly next = new Map<string | null, string | null>([[null, null]]);
  private readonly prev = new Map<string, string | null>();
  has(u: string): boolean {
    return this.prev.has(u);
  }
  private remove(u: string): void {
    if (!this.prev.has(u)) return;
    const p = this.prev.get(u)!;
    const n = this.next.get(u)!;
    this.next.set(p, n);
    if (n !== null) this.prev.set(n, p);
    this.prev.delete(u);
    this.next.delete(u);
  }
  /** Puts u directly after `after` (null: first); an anchor that is not in the sequence puts it last. */
  place(u: string, after: string | null): void {
    this.remove(u);
    let anchor = after;
    if (anchor !== null && !this.prev.has(anchor)) anchor = this.last();
    const n = this.next.get(anchor) ?? null;
    this.next.set(anchor, u);
    this.next.set(u, n);
    this.prev.set(u, anchor);
    if (n !== null) this.prev.set(n, u);
  }
  last(): string | null {
    let u: string | null = null;
    for (const x of this) u = x;
    return u;
  }
  *[Symbol.iterator](): Generator<string> {
    for (let u = this.next.get(null) ?? null; u !== null; u = this.next.get(u) ?? null) yield u;
  }
}

/**
 * Verifies every signature in the trail, follows the Product Owner's key through signed
 * handovers, and replays the decisions since the latest checkpoint against the backlog.
 */
export function verifyDecisions(input: DecisionInput): DecisionReport {
  const violations: TrustViolation[] = [];
  const report: DecisionReport = { violations, signed: 0, checkpoint: null, key: input.legacyKey, expected: null, divergent: 0, neverSigned: false };
  if (input.severity === 'off') return report;
  const severity = input.severity;
  const fail = (message: string, fix: string, key: string | null = null): void => {
    violations.push({ rule: 'order-signed', severity, key, message, fix });
  };
  const byNumber = new Map(input.items.map((i) => [i.number, i]));
  const keyOf = (n: number | null | undefined) => (n === null || n === undefined ? 'the backlog' : input.formatKey(n));

  // Pass 1: every signature, the chain of keys, and the latest checkpoint.
  const sigs = new Map<number, EventSignature>();
  const seen = new Set<string>();
  let currentKey = input.legacyKey;
  let checkpoint: { index: number; state: CheckpointState } | null = null;
  input.events.forEach((e, index) => {
    const sig = readSignature(e.details);
    if (sig === null) return;
    if (sig === 'malformed') {
      fail(`Audit event #${e.id} (${e.action}) carries a signature that cannot be read: it was altered.`, SIGN_FIX, e.item === null ? null : keyOf(e.item));
      return;
    }
    if (!verifyPayload(signedText(e, sig), sig.value, sig.key)) {
      fail(`Audit event #${e.id} (${e.action} ${keyOf(e.item)} by ${e.actor}) is not validly signed by ${short(sig.key)}: it was forged or altered after it was signed.`, SIGN_FIX, e.item === null ? null : keyOf(e.item));
      return;
    }
    if (e.item !== null) {
      const item = byNumber.get(e.item);
      if (item && item.uid !== sig.item) {
        fail(`Audit event #${e.id} (${e.action}) names ${keyOf(e.item)}, but the Product Owner signed it for another item: the event was moved onto ${keyOf(e.item)}.`, SIGN_FIX, keyOf(e.item));
        return;
      }
    }
    if (currentKey !== null && sig.key !== currentKey) {
      fail(
        `Audit event #${e.id} (${e.action}) is signed with ${short(sig.key)}, but the Product Owner's key at that point was ${short(currentKey)}, and no handover signed by that key names the new one.`,
        'A new Product Owner key takes over only through a handover signed with the previous key (`ordo key rotate`, `ordo owner transfer`).',
      );
      return;
    }
    if (seen.has(sig.value)) {
      fail(`Audit event #${e.id} (${e.action} ${keyOf(e.item)}) is a signed decision that appears twice: an older decision was replayed.`, SIGN_FIX, e.item === null ? null : keyOf(e.item));
      return;
    }
    seen.add(sig.value);
    sigs.set(index, sig);
    report.signed++;
    currentKey = sig.key;
    const toKey = e.details.toKey;
    if (HANDOVER_ACTIONS.includes(e.action) && typeof toKey === 'string') currentKey = toKey;
    const state = e.details.state as CheckpointState | undefined;
    if (e.action === CHECKPOINT_ACTION && state && Array.isArray(state.order) && Array.isArray(state.items)) checkpoint = { index, state };
  });
  report.key = currentKey;

  // A backlog once signed stays signed: owner-key goes away or changes only by a signed handover.
  if (input.ownerKey === null) {
    if (currentKey !== null) violations.push(ownerKeyRemoved(currentKey, severity));
    return report;
  }
  if (currentKey !== null) {
    const owner = input.events.reduce((o, e) => ownerAfter(e, o), input.owner);
    if (!sameIdentity(owner, input.owner)) {
      fail(
        `owner: in ordo.yml names ${input.owner}, but the signed history makes ${owner} the Product Owner: owner: was changed by hand.`,
        `Put back \`owner: ${owner}\`; the role changes hands only through \`ordo owner transfer\`, signed by the Product Owner.`,
      );
    }
  }
  if (currentKey !== null && currentKey !== input.ownerKey) {
    fail(
      `owner-key in ordo.yml is ${short(input.ownerKey)}, but the backlog is signed with ${short(currentKey)}, and no handover signed by that key names the new one: owner-key was changed by hand.`,
      `Put back \`owner-key: ${currentKey}\`; a key changes only through a handover signed with the previous key (\`ordo key rotate\`, \`ordo owner transfer\`).`,
    );
  }
  const cp = checkpoint as { index: number; state: CheckpointState } | null;
  if (cp === null) {
    if (input.items.length > 0 || report.signed > 0) {
      report.neverSigned = true;
      fail(
        input.legacyKey !== null
          ? "The backlog's order was signed by an earlier version of ordo, which signed the order alone; nothing yet proves the state of every item."
          : "owner-key is set in ordo.yml, but the backlog carries no state signed by the Product Owner: nothing it holds can be proven to be the Product Owner's.",
        'The Product Owner reviews and signs the backlog once with `ordo sign` on the machine that holds the key; every later decision is signed as it is made.',
      );
    }
    return report;
  }
  const start = input.events[cp.index]!;
  report.checkpoint = { id: start.id, at: start.at, actor: start.actor };

  // Pass 2: replay from the checkpoint.
  const status = new Map<string, ItemStatus>();
  /** Item uid and person whose unsigned status change lost against the published one. */
  const superseded = new Set<string>();
  const lastNumber = new Map<string, number>();
  const seq = new Sequence();
  for (const [u, s, n] of cp.state.items) {
    status.set(u, s);
    lastNumber.set(u, n);
  }
  let previous: string | null = null;
  for (const u of cp.state.order) {
    seq.place(u, previous);
    previous = u;
  }
  let owner = input.owner;
  for (let i = 0; i < cp.index; i++) {
    const e = input.events[i]!;
    owner = ownerAfter(e, owner);
  }
  // Each signed event names the signed event it followed. Two naming the same one is a fork
  // (decisions made on two machines, joined by a sync); naming none that came before means
  // a signed event was deleted or the trail rearranged.
  const digestAt = new Map<string, number>();
  let firstSigned = -1;
  for (const [index, sig] of sigs) {
    if (firstSigned === -1) firstSigned = index;
    digestAt.set(sigDigest(sig.value), index);
  }
  for (let i = cp.index + 1; i < input.events.length; i++) {
    const e = input.events[i]!;
    const sig = sigs.get(i);
    const claimed = readSignature(e.details) !== null;
    if (sig) {
      const before = sig.prev === null ? (i === firstSigned ? -1 : undefined) : digestAt.get(sig.prev);
      if (before === undefined || before >= i) {
        fail(
          `The Product Owner's signed decisions are out of sequence at audit event #${e.id} (${e.action}): the signed event it followed is ${before === undefined ? 'gone' : 'after it'}, so a signed event was deleted or the trail rearranged.`,
          'Restore .ordo/backlog.db from the backlog branch.',
          e.item === null ? null : keyOf(e.item),
        );
      }
    } else if (!claimed) {
      // Unsigned: only the team's own actions are allowed, and what a sync notes about a merge.
      if (SYNC_NOTES.has(e.action)) {
        // no decision: the losing values and changed keys of a merge, kept for `ordo log`
      } else if (sameIdentity(e.actor, owner)) {
        fail(`Audit event #${e.id} (${e.action} ${keyOf(e.item)}) claims to be the Product Owner's (${e.actor}) but is not signed: it was written without the key.`, SIGN_FIX, e.item === null ? null : keyOf(e.item));
      } else if (isOwnerAction(e.action)) {
        fail(`Audit event #${e.id} (${e.action} ${keyOf(e.item)} by ${e.actor}) is a Product Owner decision without the Product Owner's signature.`, SIGN_FIX, e.item === null ? null : keyOf(e.item));
      } else if (e.action === 'edit' && e.item !== null) {
        const item = byNumber.get(e.item);
        const was = item && status.get(item.uid);
        if (was !== undefined && was !== 'proposed') {
          fail(`Audit event #${e.id} edits ${keyOf(e.item)} (${was}) without the Product Owner's signature: only the Product Owner edits an item once it is triaged.`, SIGN_FIX, keyOf(e.item));
        }
      }
    }
    owner = ownerAfter(e, owner);
    // A sync that kept the published status over this clone's records it on the item: what
    // the clone's people do after it starts from the merged state again.
    if (SYNC_NOTES.has(e.action) && e.item !== null) {
      for (const [uid, n] of lastNumber) if (n === e.item) for (const k of [...superseded]) if (k.startsWith(`${uid}\n`)) superseded.delete(k);
    }
    const effects = e.details.effects;
    if (!Array.isArray(effects)) continue;
    for (const x of effects as ItemEffect[]) {
      if (typeof x !== 'object' || x === null || typeof x.u !== 'string') continue;
      if (!sig && !claimed && (!TEAM_EFFECTS.has(`${x.f}>${x.t}`) || x.a !== undefined)) {
        fail(
          `${keyOf(x.n)} went from ${x.f ?? 'nothing'} to ${x.t}${x.a !== undefined ? ' and took a place in the order' : ''} by ${e.actor} (audit event #${e.id}) without the Product Owner's signature.`,
          SIGN_FIX,
          keyOf(x.n),
        );
      }
      lastNumber.set(x.u, x.n);
      const now = status.get(x.u);
      // A status change applies to the status it was made from; when a sync kept the other
      // side's change instead, the replay keeps it too, and with it everything the same person
      // built on the change that lost (a start that lost takes its done along), as the merge does.
      const mine = `${x.u}\n${e.actor}`;
      const applies = (now === undefined && x.f === null) || (now !== undefined && now === x.f);
      if (!sig && superseded.has(mine)) continue;
      if (applies) status.set(x.u, x.t);
      else if (!sig) superseded.add(mine);
      if (x.a !== undefined) seq.place(x.u, x.a);
    }
  }

  // Compare with the backlog.
  const diverge = (message: string, key: string) => {
    report.divergent++;
    fail(message, SIGN_FIX, key);
  };
  const current = new Map<string, CurrentItem>();
  for (const item of input.items) {
    const twin = current.get(item.uid);
    if (twin) {
      fail(`${keyOf(item.number)} and ${keyOf(twin.number)} are one item (uid ${item.uid}) twice: a row was copied without ordo.`, SIGN_FIX, keyOf(item.number));
      continue;
    }
    current.set(item.uid, item);
    const expected = status.get(item.uid);
    if (expected === undefined) {
      fail(`${keyOf(item.number)} (${item.status}) was not made by any recorded decision: it was inserted without ordo.`, SIGN_FIX, keyOf(item.number));
    } else if (expected !== item.status) {
      diverge(`${keyOf(item.number)} is ${item.status}, but the signed decisions and the team's recorded actions leave it ${expected}: its status was changed without a decision.`, keyOf(item.number));
    }
  }
  for (const [u, s] of status) {
    if (!current.has(u)) {
      const n = lastNumber.get(u);
      fail(`${n === undefined ? `The item ${u}` : keyOf(n)} (${s}) has vanished from the backlog: it was deleted without ordo.`, SIGN_FIX, n === undefined ? null : keyOf(n));
    }
  }
  const uidToNumber = new Map(input.items.map((i) => [i.uid, i.number]));
  const expectedOrder: number[] = [];
  for (const u of seq) {
    const n = uidToNumber.get(u);
    if (n !== undefined && RANKED.has(status.get(u)!) && RANKED.has(current.get(u)!.status)) expectedOrder.push(n);
  }
  report.expected = expectedOrder;
  const expectedSet = new Set(expectedOrder);
  const actual = input.ranked.filter((n) => expectedSet.has(n));
  const changes = orderChanges(expectedOrder, actual);
  for (const m of changes.moved) {
    diverge(`${keyOf(m.number)} is at position ${m.to} of the order, but the signed decisions put it at position ${m.from}: the order was changed without a signed decision.`, keyOf(m.number));
  }
  const rankedSet = new Set(input.ranked);
  for (const n of expectedOrder) {
    if (!rankedSet.has(n)) diverge(`${keyOf(n)} is ${byNumber.get(n)!.status} but has no place in the order the signed decisions give it.`, keyOf(n));
  }
  for (const n of input.ranked) {
    const item = byNumber.get(n);
    if (item && !expectedSet.has(n) && status.get(item.uid) === item.status) {
      diverge(`${keyOf(n)} holds a place in the order that no signed decision gave it.`, keyOf(n));
    }
  }
  return report;
}

/** A backlog once signed stays signed: owner-key goes away only by hand, and that is reported. */
export function ownerKeyRemoved(key: string, severity: Exclude<Severity, 'off'>): TrustViolation {
  return {
    rule: 'order-signed',
    severity,
    key: null,
    message: `This backlog is signed by the Product Owner (key ${short(key)}), but ordo.yml has no owner-key: the line was removed by hand, so nothing the backlog holds is checked any more.`,
    fix: `Put back \`owner-key: ${key}\` in ordo.yml; a key changes only through a handover signed with the previous one (\`ordo key rotate\`, \`ordo owner transfer\`).`,
  };
}

function ownerAfter(e: EventContent, owner: string): string {
  if (e.action === 'owner.set' && typeof e.details.owner === 'string') return e.details.owner;
  if (e.action === 'owner.transfer' && typeof e.details.to === 'string') return e.details.to;
  return owner;
}
