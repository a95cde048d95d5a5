import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  analyseSignatures,
  fingerprint,
  formatPublicKey,
  orderChanges,
  parsePublicKey,
  signPayload,
  verifyOrderSignatures,
  type SignatureInput,
  type SignaturePayload,
  type SignatureRow,
} from '../../src/core/signature.js';

const OWNER = 'alice@example.com';

function keyPair(): { priv: KeyObject; pub: string } {
  const { privateKey } = generateKeyPairSync('ed25519');
  return { priv: privateKey, pub: formatPublicKey(privateKey) };
}

/** A chain of signatures; events are one 'order.sign' event per signature. */
class History {
  rows: SignatureRow[] = [];
  events: SignatureInput['events'] = [];
  sign(key: { priv: KeyObject; pub: string }, sequence: number[], extra: Partial<SignaturePayload> = {}): SignaturePayload {
    const counter = (this.rows[this.rows.length - 1]?.counter ?? 0) + 1;
    this.events = [...this.events, { id: this.events.length + 1, hash: `h${this.events.length + 1}`, action: 'order.sign', details: { counter } }];
    const payload: SignaturePayload = {
      v: 1,
      kind: 'order',
      counter,
      at: `2026-01-01T00:00:0${counter}.000Z`,
      owner: OWNER,
      key: key.pub,
      sequence,
      events: { count: this.events.length, head: this.events[this.events.length - 1]!.hash },
      ...extra,
    };
    const { text, signature } = signPayload(key.priv, payload);
    this.rows.push({ id: this.rows.length + 1, counter, kind: payload.kind, signedAt: payload.at, signer: key.pub, payload: text, signature });
    return payload;
  }
  input(ownerKey: string, ranked: number[], owner = OWNER): SignatureInput {
    return { ownerKey, owner, severity: 'error', ranked, signatures: this.rows, events: this.events, formatKey: (n) => `ORD-${n}` };
  }
}

describe('Ed25519 keys in ordo.yml form', () => {
  it('round-trips ed25519:BASE64 and rejects anything else', () => {
    const k = keyPair();
    expect(k.pub).toMatch(/^ed25519:[A-Za-z0-9+/]{43}=$/);
    expect(parsePublicKey(k.pub)).not.toBeNull();
    expect(parsePublicKey('ed25519:AAAA')).toBeNull();
    expect(parsePublicKey(k.pub.replace('ed25519:', 'rsa:'))).toBeNull();
    expect(fingerprint(k.pub)).toMatch(/^[0-9a-f]{16}$/);
  });
});

describe('order-signed', () => {
  it('passes when the ranked order is the signed one, or the signed one minus items that left', () => {
    const k = keyPair();
    const h = new History();
    h.sign(k, [3, 1, 2]);
    expect(verifyOrderSignatures(h.input(k.pub, [3, 1, 2]))).toEqual([]);
    expect(verifyOrderSignatures(h.input(k.pub, [3, 2]))).toEqual([]);
    expect(verifyOrderSignatures(h.input(k.pub, []))).toEqual([]);
  });

  it('does nothing without owner-key or when turned off', () => {
    expect(verifyOrderSignatures({ ...new History().input('x', [1]), ownerKey: null })).toEqual([]);
    expect(verifyOrderSignatures({ ...new History().input(keyPair().pub, [1]), severity: 'off' })).toEqual([]);
  });

  it('names both items of a swap, and an item that entered unsigned', () => {
    const k = keyPair();
    const h = new History();
    h.sign(k, [1, 2, 3, 4]);
    const swapped = verifyOrderSignatures(h.input(k.pub, [1, 4, 3, 2]));
    expect(swapped.map((v) => v.message).join('\n')).toMatch(/ORD-4 is ranked above ORD-3/);
    expect(swapped.map((v) => v.message).join('\n')).toMatch(/ORD-3 is ranked above ORD-2/);
    const entered = verifyOrderSignatures(h.input(k.pub, [1, 2, 9, 3, 4]));
    expect(entered).toEqual([expect.objectContaining({ rule: 'order-signed', severity: 'error', key: 'ORD-9', message: expect.stringContaining('entered the order without a signature') })]);
  });

  it('fails with no signature at all once items are ranked', () => {
    const k = keyPair();
    expect(verifyOrderSignatures(new History().input(k.pub, [1]))[0]!.message).toContain('no valid signature');
    expect(verifyOrderSignatures(new History().input(k.pub, []))).toEqual([]);
  });

  it('rejects a forged or altered signature and falls back to the last valid one', () => {
    const k = keyPair();
    const h = new History();
    h.sign(k, [1, 2]);
    h.sign(k, [2, 1]);
    const forged = JSON.parse(h.rows[1]!.payload) as SignaturePayload;
    h.rows[1] = { ...h.rows[1]!, payload: JSON.stringify({ ...forged, sequence: [2, 1, 3] }) };
    const a = analyseSignatures(h.input(k.pub, [2, 1, 3]));
    expect(a.latest?.counter).toBe(1);
    expect(a.violations.map((v) => v.message).join('\n')).toContain('#2 is not a valid signature');
  });

  it('catches a replayed older signature and a deleted newest one', () => {
    const k = keyPair();
    const h = new History();
    h.sign(k, [1, 2]);
    h.sign(k, [2, 1]);
    const replay = { ...h.rows[0]!, id: 3 };
    const replayed = verifyOrderSignatures({ ...h.input(k.pub, [1, 2]), signatures: [...h.rows, replay] });
    expect(replayed.map((v) => v.message).join('\n')).toContain('counter went backwards or repeats');
    const deleted = verifyOrderSignatures({ ...h.input(k.pub, [1, 2]), signatures: h.rows.slice(0, 1) });
    expect(deleted.map((v) => v.message).join('\n')).toContain('records order signature #2');
  });

  it('catches a truncated or rewritten audit trail under the latest signature', () => {
    const k = keyPair();
    const h = new History();
    h.sign(k, [1]);
    h.sign(k, [1]);
    expect(verifyOrderSignatures({ ...h.input(k.pub, [1]), events: h.events.slice(0, 1) }).map((v) => v.message).join('\n')).toContain('truncated');
    const rewritten = h.events.map((e, i) => (i === 1 ? { ...e, hash: 'other' } : e));
    expect(verifyOrderSignatures({ ...h.input(k.pub, [1]), events: rewritten })[0]!.message).toContain('was changed');
  });

  it('accepts a key handover signed by the old key, and nothing else', () => {
    const old = keyPair();
    const fresh = keyPair();
    const h = new History();
    h.sign(old, [1, 2]);
    h.sign(old, [1, 2], { kind: 'handover', to: { owner: 'bob@example.com', key: fresh.pub } });
    h.sign(fresh, [2, 1], { owner: 'bob@example.com' });
    expect(verifyOrderSignatures(h.input(fresh.pub, [2, 1], 'bob@example.com'))).toEqual([]);
    // owner-key put back by hand to the old key, or owner: edited by hand
    expect(verifyOrderSignatures(h.input(old.pub, [2, 1], 'bob@example.com'))[0]!.message).toContain('owner-key was changed by hand');
    expect(verifyOrderSignatures(h.input(fresh.pub, [2, 1], 'mallory@example.com'))[0]!.message).toContain('owner: was changed by hand');

    const intruder = keyPair();
    const bad = new History();
    bad.sign(old, [1, 2]);
    bad.sign(intruder, [2, 1]);
    const v = verifyOrderSignatures(bad.input(intruder.pub, [2, 1]));
    expect(v.map((x) => x.message).join('\n')).toContain('no handover signed by that key names the new one');
  });
});

describe('orderChanges', () => {
  it('reports entered, left and the fewest moved items', () => {
    expect(orderChanges([1, 2, 3, 4], [4, 1, 2, 5])).toEqual({
      entered: [{ number: 5, position: 4 }],
      left: [{ number: 3, position: 3 }],
      moved: [{ number: 4, from: 4, to: 1 }],
    });
    expect(orderChanges([1, 2, 3], [1, 2, 3])).toEqual({ entered: [], left: [], moved: [] });
  });
});
