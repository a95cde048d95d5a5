/**
 * The replay of signed decisions (core/decisions.ts) on hand-made trails: what a sync does
 * to a trail (the Product Owner's events after a teammate's, items renumbered) keeps it
 * verifying; what a forger does does not.
 */
import { describe, expect, it } from 'vitest';
import { chainHash, type ChainedEvent, type EventContent } from '../../src/core/audit.js';
import { crypto } from '../../src/core/crypto.js';
import { signEvent, sigDigest, verifyDecisions, type CheckpointState, type ItemEffect } from '../../src/core/decisions.js';
import { formatPublicKey } from '../../src/core/signature.js';
import type { ItemStatus } from '../../src/core/types.js';

const OWNER = 'po@example.com';
const DEV = 'dev@example.com';
const { privateKey } = crypto().generateKeyPairSync('ed25519');
const publicKey = formatPublicKey(privateKey);

/** Builds a trail: each event signed when the Product Owner writes it, chained in order. */
class Trail {
  events: ChainedEvent[] = [];
  private lastSig: string | null = null;
  private clock = 0;
  add(actor: string, action: string, item: { n: number; u: string } | null, details: Record<string, unknown>): this {
    const e: EventContent = { at: `2026-11-23T09:00:${String(this.clock++).padStart(2, '0')}.000Z`, actor, source: 'ORDO_USER', command: action, action, item: item?.n ?? null, goal: null, details };
    if (actor === OWNER) {
      const sig = signEvent(privateKey, publicKey, e, item?.u ?? null, this.lastSig === null ? null : sigDigest(this.lastSig));
      e.details = { ...details, sig };
      this.lastSig = sig.value;
    }
    const previous = this.events.at(-1)?.hash ?? null;
    this.events.push({ ...e, id: this.events.length + 1, hash: chainHash(previous, e) });
    return this;
  }
  checkpoint(state: CheckpointState): this {
    return this.add(OWNER, 'order.sign', null, { state });
  }
  effects(actor: string, action: string, item: { n: number; u: string }, effects: ItemEffect[]): this {
    return this.add(actor, action, item, { effects });
  }
}

const A = { n: 1, u: 'aaaaaaaaaaaaaaaa' };
const B = { n: 2, u: 'bbbbbbbbbbbbbbbb' };
const C = { n: 3, u: 'cccccccccccccccc' };

function verify(trail: Trail, items: { n: number; u: string; status: ItemStatus }[], ranked: number[]) {
  return verifyDecisions({
    ownerKey: publicKey,
    owner: OWNER,
    severity: 'error',
    events: trail.events,
    items: items.map((i) => ({ number: i.n, uid: i.u, status: i.status })),
    ranked,
    legacyKey: null,
    formatKey: (n) => `ORD-${n}`,
  }).violations.map((v) => v.message);
}

const start = () =>
  new Trail().checkpoint({
    order: [A.u, B.u, C.u],
    items: [
      [A.u, 'ready', 1],
      [B.u, 'ready', 2],
      [C.u, 'ready', 3],
    ],
  });

describe('replaying signed decisions', () => {
  it('the Product Owner moves, a developer starts and finishes: the backlog they produce verifies', () => {
    const t = start()
      .effects(OWNER, 'move', C, [{ u: C.u, n: 3, f: 'ready', t: 'ready', a: null }])
      .effects(DEV, 'start', A, [{ u: A.u, n: 1, f: 'ready', t: 'in-progress' }])
      .effects(DEV, 'done', A, [{ u: A.u, n: 1, f: 'in-progress', t: 'done' }]);
    const items = [{ ...A, status: 'done' as const }, { ...B, status: 'ready' as const }, { ...C, status: 'ready' as const }];
    expect(verify(t, items, [3, 2])).toEqual([]);
    expect(verify(t, items, [2, 3]).join('\n')).toContain('the signed decisions put it at position');
  });

  it("after a sync put the Product Owner's move behind a teammate's finish of its anchor, the merged order still verifies", () => {
    // Published: B finished by a developer. Local, unpublished: C placed just below B.
    const t = start()
      .effects(DEV, 'start', B, [{ u: B.u, n: 2, f: 'ready', t: 'in-progress' }])
      .effects(DEV, 'done', B, [{ u: B.u, n: 2, f: 'in-progress', t: 'done' }])
      .effects(OWNER, 'move', C, [{ u: C.u, n: 3, f: 'ready', t: 'ready', a: B.u }]);
    const items = [{ ...A, status: 'ready' as const }, { ...B, status: 'done' as const }, { ...C, status: 'ready' as const }];
    expect(verify(t, items, [1, 3])).toEqual([]);
  });

  it("a status change made from a status the merge did not keep loses, as it lost the merge", () => {
    // Published: a developer started A. Local: the Product Owner dropped A while it was ready. The merge keeps the start.
    const t = start()
      .effects(DEV, 'start', A, [{ u: A.u, n: 1, f: 'ready', t: 'in-progress' }])
      .effects(OWNER, 'drop', A, [{ u: A.u, n: 1, f: 'ready', t: 'dropped' }]);
    const items = [{ ...A, status: 'in-progress' as const }, { ...B, status: 'ready' as const }, { ...C, status: 'ready' as const }];
    expect(verify(t, items, [1, 2, 3])).toEqual([]);
  });

  it('an item renumbered by a sync keeps its signed decisions', () => {
    const D = { n: 4, u: 'dddddddddddddddd' };
    const t = start().effects(OWNER, 'add', D, [{ u: D.u, n: 4, f: null, t: 'ready', a: A.u }]);
    // The sync renumbered ORD-4 to ORD-7: the event's item follows, its signature names the uid.
    const renumbered = t.events.map((e) => (e.item === 4 ? { ...e, item: 7 } : e));
    const moved = Object.assign(new Trail(), { events: renumbered });
    const items = [{ ...A, status: 'ready' as const }, { ...B, status: 'ready' as const }, { ...C, status: 'ready' as const }, { n: 7, u: D.u, status: 'ready' as const }];
    expect(verify(moved, items, [1, 7, 2, 3])).toEqual([]);
  });

  it('effects a teammate may not make unsigned are named', () => {
    const t = start().effects(DEV, 'drop', B, [{ u: B.u, n: 2, f: 'ready', t: 'dropped' }]);
    const items = [{ ...A, status: 'ready' as const }, { ...B, status: 'dropped' as const }, { ...C, status: 'ready' as const }];
    const found = verify(t, items, [1, 3]);
    expect(found.join('\n')).toContain('ORD-2 went from ready to dropped by dev@example.com');
  });
});
