/**
 * Signing the Product Owner's decisions (core/decisions.ts). writeBacklog hands every
 * event a command records to `writeEvents` as its transaction ends: the transaction's
 * effects on items are attached to its last event, and when the Product Owner writes with
 * `owner-key` set, every event is signed. No command signs on its own, so a new command
 * cannot forget to.
 *
 * A handover (a new key, or a new Product Owner) is the Product Owner's signed event
 * `owner.transfer` or `owner.key-rotate` whose details name the incoming key (`toKey`).
 */
import type { KeyObject } from 'node:crypto';
import type { Config } from '../config/load.js';
import { keyFile, loadPrivateKey } from '../config/keys.js';
import { CHECKPOINT_ACTION, sigDigest, signEvent, verifyDecisions, type CheckpointState, type EventSignature, type ItemEffect } from '../core/decisions.js';
import { sameIdentity } from '../core/roles.js';
import { analyseSignatures, type SignatureAnalysis, fingerprint, parsePublicKey, startSignatureWalk, stepSignatureWalk } from '../core/signature.js';
import type { Identity } from '../core/types.js';
import { PermissionError, UsageError } from '../errors.js';
import type { AuditEvent } from '../store/events.js';
import type { Store } from '../store/store.js';
import { legacyUid, rankedItems, type Snapshot } from '../core/snapshot.js';
import type { Context } from './context.js';

/**
 * The Product Owner's private key for the configured owner-key: null when no owner-key
 * is configured; exit 3 when one is and this machine does not hold its private key.
 */
export function requireSigningKey(ctx: Pick<Context, 'env'>, config: Pick<Config, 'ownerKey'>): KeyObject | null {
  if (config.ownerKey === null) return null;
  const key = loadPrivateKey(ctx.env, config.ownerKey);
  if (key) return key;
  throw missingSigningKey(ctx, config.ownerKey);
}

function missingSigningKey(ctx: Pick<Context, 'env'>, ownerKey: string): PermissionError {
  return new PermissionError(
    'SIGNING_KEY_MISSING',
    `The Product Owner's decisions must be signed with their key (${ownerKey.slice(0, 20)}…, fingerprint ${fingerprint(ownerKey)}), which is not on this machine (looked for ${keyFile(ctx.env, ownerKey)}).`,
    'Run the command where the Product Owner keeps that key. A different key takes over only through a handover signed with this one (`ordo key rotate`, `ordo owner transfer`).',
  );
}

/**
 * What every writing command checks before it opens the backlog: when the identity is the
 * Product Owner and owner-key is set, the key must be here (exit 3 otherwise, nothing
 * written). Returns the key to sign with, or null when nothing is signed.
 */
export function ownerSigningKey(ctx: Pick<Context, 'env'>, config: Pick<Config, 'ownerKey' | 'owner'>, identity: Identity): KeyObject | null {
  if (config.ownerKey === null || !sameIdentity(identity.id, config.owner)) return null;
  return requireSigningKey(ctx, config);
}

export type PendingEvent = Omit<AuditEvent, 'id' | 'hash'>;

/** What signing needs to know about the running command. */
export interface SigningScope {
  store: Store;
  config: Config;
  identity: { id: string; source: string };
  at: string;
  command: string;
  /** The Product Owner's key; null when this command's events are not signed. */
  key: KeyObject | null;
}

/** Every item's status and the order, by uid: what a checkpoint signs. */
function checkpointState(store: Store): CheckpointState {
  const items = store.items.identities();
  const order = items.filter((i) => i.rank !== null).sort((a, b) => (a.rank! < b.rank! ? -1 : a.rank! > b.rank! ? 1 : 0));
  return { order: order.map((i) => i.uid), items: items.map((i) => [i.uid, i.status, i.number]) };
}

export function checkpointEvent(s: SigningScope): PendingEvent {
  const state = checkpointState(s.store);
  return {
    at: s.at,
    actor: s.identity.id,
    source: s.identity.source,
    command: s.command,
    action: CHECKPOINT_ACTION,
    item: null,
    goal: null,
    details: { ranked: state.order.length, items: state.items.length, state },
  };
}

/** What the transaction did to each item it wrote, placed items top to bottom. */
function transactionEffects(store: Store): ItemEffect[] {
  const out: (ItemEffect & { rank: string | null })[] = [];
  for (const [n, before] of store.touched) {
    const after = store.items.state(n);
    if (!after) continue;
    const placed = after.rank !== null && (before === null || before.rank !== after.rank);
    if (!placed && before !== null && before.status === after.status) continue;
    const effect: ItemEffect & { rank: string | null } = { u: after.uid, n, f: before?.status ?? null, t: after.status, rank: placed ? after.rank : null };
    if (placed) effect.a = store.items.uidAbove(after.rank!);
    out.push(effect);
  }
  // Unplaced first, then placed ones in their final order: replaying each after the item
  // now above it rebuilds the final order whatever moved.
  out.sort((x, y) => (x.rank === null ? (y.rank === null ? 0 : -1) : y.rank === null ? 1 : x.rank < y.rank ? -1 : x.rank > y.rank ? 1 : 0));
  return out.map(({ rank: _rank, ...e }) => e);
}

/** The value of the latest signature in the trail: what the next signed event follows. */
function latestSignature(store: Store): string | null {
  const sig = store.events.latestSigned()?.details.sig as EventSignature | undefined;
  return typeof sig?.value === 'string' ? sig.value : null;
}

/**
 * Appends the events a transaction recorded: the effects go into the last one (or a
 * `state` event when none was recorded), and with the Product Owner's key every event is
 * signed. `checkpoint` appends a signed checkpoint of the state after them; `before`, one
 * of the state before them (the first signed write of a backlog).
 */
export function writeEvents(s: SigningScope, pending: PendingEvent[], options: { checkpoint: boolean; before: PendingEvent | null }): void {
  const events = [...pending];
  if (s.config.ownerKey !== null && !s.store.replaced && !options.checkpoint) {
    const effects = transactionEffects(s.store);
    if (effects.length > 0) {
      if (events.length === 0) events.push({ at: s.at, actor: s.identity.id, source: s.identity.source, command: s.command, action: 'state', item: null, goal: null, details: {} });
      const last = events[events.length - 1]!;
      events[events.length - 1] = { ...last, details: { ...last.details, effects } };
    }
  }
  // A checkpoint of the state before the transaction means nothing once it replaced the backlog (import, sync).
  const all = [...(options.before && !options.checkpoint && !s.store.replaced ? [options.before] : []), ...events];
  if (s.key !== null && options.checkpoint) all.push(checkpointEvent(s));
  if (s.key === null) {
    for (const e of all) s.store.events.append(e);
    return;
  }
  const publicKey = s.config.ownerKey!;
  let prev = latestSignature(s.store);
  for (const e of all) {
    // Signed as the details will read back from the database's JSON text.
    const details = JSON.parse(JSON.stringify(e.details)) as Record<string, unknown>;
    const item = e.item === null ? null : (s.store.items.state(e.item)?.uid ?? null);
    const sig = signEvent(s.key, publicKey, { ...e, details }, item, prev === null ? null : sigDigest(prev));
    s.store.events.append({ ...e, details: { ...details, sig } });
    prev = sig.value;
  }
}

/**
 * True once the Product Owner has signed anything here. The first signed write starts with
 * a checkpoint (and an import ends with one), so that means replay has somewhere to start;
 * asking for the latest signed event is cheap, where searching the trail for a checkpoint is not.
 */
export function signingBegun(store: Store): boolean {
  return store.events.latestSigned() !== undefined;
}

/**
 * What an older ordo's order signatures (order_signatures) say is wrong with the backlog
 * now. Before its first signed state, a backlog signed that way is checked by those rules,
 * so that the first checkpoint never seals a change they catch.
 */
export function legacyProblems(s: Pick<SigningScope, 'store' | 'config'>): string[] {
  return legacyAnalysis(s)?.violations.map((v) => v.message) ?? [];
}

/** The older ordo's verdict on its order signatures; null when there are none. */
export function legacyAnalysis(s: Pick<SigningScope, 'store' | 'config'>): SignatureAnalysis | null {
  const signatures = s.store.signatures.all();
  if (signatures.length === 0 || s.config.ownerKey === null) return null;
  return analyseSignatures({
    ownerKey: s.config.ownerKey,
    owner: s.config.owner,
    severity: 'error',
    ranked: s.store.items.rankedNumbers(),
    signatures,
    events: s.store.events.chain(),
    formatKey: (n) => `${s.config.prefix}-${n}`,
  });
}

/** The key the order signatures of an older ordo (order_signatures) hand authority to. */
export function legacyKey(store: Store): string | null {
  const walk = startSignatureWalk();
  for (const row of store.signatures.all()) stepSignatureWalk(walk, row);
  return walk.currentKey;
}

/** The new key of a handover, checked: it must be an Ed25519 public key. */
export function handoverKey(key: string): string {
  if (!parsePublicKey(key)) {
    throw new UsageError(`"${key}" is not an Ed25519 public key.`, 'The new key looks like ed25519:BASE64, as `ordo key generate` prints it.');
  }
  return key;
}

/** The Product Owner's decisions replayed against a backlog given as a snapshot (one side of a sync). */
function snapshotReport(snapshot: Snapshot, config: Config) {
  const walk = startSignatureWalk();
  for (const row of snapshot.signatures ?? []) stepSignatureWalk(walk, row);
  return verifyDecisions({
    ownerKey: config.ownerKey,
    owner: config.owner,
    severity: 'error',
    events: snapshot.events.map((e, i) => ({ ...e, id: i + 1, hash: null })),
    items: snapshot.items.map((i) => ({ number: i.number, uid: i.uid ?? legacyUid(i.number, i.createdAt, i.createdBy), status: i.status })),
    ranked: rankedItems(snapshot.items).map((i) => i.number),
    legacyKey: walk.currentKey,
    formatKey: (n) => `${config.prefix}-${n}`,
  });
}

/**
 * For `ordo sync`, after it wrote the merged backlog, inside its transaction, given the two
 * sides it merged. Almost always it signs nothing: signatures survive the merge and the
 * replay gives the merged backlog. It differs only where the merge kept the published side
 * over a decision of the Product Owner's (a drop of an item a teammate started meanwhile,
 * moves made on two of the Product Owner's machines at once, or a signed state (`ordo sign`,
 * an import, the first signed write) made offline, which did not see what the merge puts
 * before it): merges made on the Product Owner's machine, with the key. Then, when both sides verified on their own and the merged
 * backlog differs from the replay only in status or order (nothing forged, nothing unsigned),
 * it signs the merged backlog (a checkpoint) and returns the differences it signed, for the
 * sync to report. Without the key, or when anything else is wrong, it writes nothing and
 * returns null: `ordo verify` then names the problem.
 */
export function resignIfNeeded(s: SigningScope, sides: { published: Snapshot; local: Snapshot }): string[] | null {
  if (s.key === null || s.config.ownerKey === null) return null;
  const report = verifyDecisions({
    ownerKey: s.config.ownerKey,
    owner: s.config.owner,
    severity: 'error',
    events: s.store.events.chain(),
    items: s.store.items.identities(),
    ranked: s.store.items.rankedNumbers(),
    legacyKey: legacyKey(s.store),
    formatKey: (n) => `${s.config.prefix}-${n}`,
  });
  if (report.violations.length === 0 || report.divergent !== report.violations.length) return null;
  // A difference that either side already had is not the merge's: it is reported, never signed.
  // A side never signed at all has nothing to forge (the first signed write signs what it finds).
  const clean = (side: Snapshot) => {
    const r = snapshotReport(side, s.config);
    return r.violations.length === (r.neverSigned ? 1 : 0);
  };
  if (!clean(sides.published) || !clean(sides.local)) return null;
  writeEvents(s, [], { checkpoint: true, before: null });
  return report.violations.map((v) => v.message);
}
