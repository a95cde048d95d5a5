import { describe, expect, it } from 'vitest';
import { canonicalJson, chainHash, verifyChain, type ChainedEvent, type EventContent } from '../../src/core/audit.js';

function content(i: number): EventContent {
  return { at: `2026-01-0${(i % 9) + 1}T10:00:00.000Z`, actor: 'alice@example.com', source: 'ORDO_USER', command: 'move', action: 'move', item: i, goal: null, details: { from: i + 1, to: i } };
}

function trail(n: number): ChainedEvent[] {
  const rows: ChainedEvent[] = [];
  let previous: string | null = null;
  for (let i = 1; i <= n; i++) {
    const c = content(i);
    previous = chainHash(previous, c);
    rows.push({ ...c, id: i, hash: previous });
  }
  return rows;
}

describe('the audit hash chain', () => {
  it('accepts an untouched trail and reports its head and length', () => {
    const rows = trail(5);
    expect(verifyChain(rows)).toEqual({ ok: true, count: 5, head: rows[4]!.hash });
    expect(verifyChain([])).toEqual({ ok: true, count: 0, head: null });
  });

  it('hashes details independently of key order', () => {
    const a = { ...content(1), details: { from: 2, to: 1, rank: { to: 'a0', from: 'a1' } } };
    const b = { ...content(1), details: { rank: { from: 'a1', to: 'a0' }, to: 1, from: 2 } };
    expect(chainHash(null, a)).toBe(chainHash(null, b));
    expect(canonicalJson({ b: 1, a: [{ d: 1, c: 2 }] })).toBe('{"a":[{"c":2,"d":1}],"b":1}');
  });

  it('names an edited event', () => {
    const rows = trail(5);
    rows[2] = { ...rows[2]!, actor: 'mallory@example.com' };
    const r = verifyChain(rows);
    expect(r.ok).toBe(false);
    expect(r.broken).toMatchObject({ id: 3, index: 2 });
    expect(r.broken!.message).toContain('event #3 (move) was edited');
  });

  it('finds an event deleted from the middle, naming the missing ids', () => {
    const rows = trail(5);
    rows.splice(1, 1);
    const r = verifyChain(rows);
    expect(r.broken).toMatchObject({ id: 3 });
    expect(r.broken!.message).toContain('deleted or inserted');
    expect(r.broken!.message).toContain('#2-#2 are missing');
  });

  it('finds an inserted event and an event without a hash', () => {
    const rows = trail(4);
    rows.splice(2, 0, { ...content(9), id: 99, hash: chainHash(rows[1]!.hash, content(9)) });
    expect(verifyChain(rows).broken).toMatchObject({ id: 3 });
    const unhashed = trail(3);
    unhashed[1] = { ...unhashed[1]!, hash: null };
    expect(verifyChain(unhashed).broken!.message).toContain('#2 has no hash');
  });

  it('notices when a changed detail value is re-hashed but the rest of the chain is not', () => {
    const rows = trail(4);
    const edited = { ...rows[1]!, details: { from: 1, to: 9 } };
    edited.hash = chainHash(rows[0]!.hash, edited);
    rows[1] = edited;
    expect(verifyChain(rows).broken).toMatchObject({ id: 3 });
  });
});
