import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { keysAfter } from '../../src/core/ranking.js';
import { longestIncreasingSubsequence, planReorder } from '../../src/core/reorder.js';
import { parseReorderFile, renderReorderFile } from '../../src/core/reorder-file.js';

function order(n: number) {
  return keysAfter(null, n).map((rank, i) => ({ number: i + 1, rank }));
}

function apply(current: { number: number; rank: string }[], wanted: number[]) {
  const moves = planReorder(current, wanted);
  const ranks = new Map(current.map((r) => [r.number, r.rank]));
  for (const m of moves) ranks.set(m.number, m.rank);
  const sorted = [...ranks.entries()].sort((a, b) => (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0)).map(([n]) => n);
  return { moves, sorted, ranks };
}

describe('planReorder', () => {
  it('finds a longest increasing subsequence', () => {
    expect(longestIncreasingSubsequence([3, 0, 1, 4, 2, 5]).map((i) => [3, 0, 1, 4, 2, 5][i])).toEqual([0, 1, 2, 5]);
    expect(longestIncreasingSubsequence([])).toEqual([]);
  });

  it('moving one item writes one key', () => {
    const current = order(6);
    const { moves, sorted } = apply(current, [6, 1, 2, 3, 4, 5]);
    expect(moves).toEqual([{ number: 6, rank: expect.any(String), from: 6, to: 1 }]);
    expect(sorted).toEqual([6, 1, 2, 3, 4, 5]);
  });

  it('any permutation: the keys sort into the wanted order, only items off a longest run move, keys stay within the cap', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 }).chain((n) => fc.shuffledSubarray([...Array(n).keys()].map((i) => i + 1), { minLength: n, maxLength: n })),
        (wanted) => {
          const current = order(wanted.length);
          const { moves, sorted, ranks } = apply(current, wanted);
          expect(sorted).toEqual(wanted);
          expect(new Set(ranks.values()).size).toBe(wanted.length);
          expect(moves.length).toBe(wanted.length - longestIncreasingSubsequence(wanted).length);
          for (const r of ranks.values()) expect(r.length).toBeLessThanOrEqual(24);
        },
      ),
    );
  });

  it('repeated crowding into one gap still fits the key cap', () => {
    let current = order(4);
    for (let round = 0; round < 200; round++) {
      // Always put the last item second: the gap between the first two keeps narrowing.
      const nums = current.map((c) => c.number);
      const wanted = [nums[0]!, nums[nums.length - 1]!, ...nums.slice(1, -1)];
      const { sorted, ranks } = apply(current, wanted);
      expect(sorted).toEqual(wanted);
      current = wanted.map((n) => ({ number: n, rank: ranks.get(n)! }));
    }
    for (const c of current) expect(c.rank.length).toBeLessThanOrEqual(24);
  });
});

describe('the reorder file', () => {
  const lines = [
    { number: 1, key: 'ORD-1', value: 8, goal: 'G1', title: 'Apple Pay' },
    { number: 2, key: 'ORD-2', value: 13, goal: 'G2', title: 'Retry 3-D\nSecure' },
    { number: 3, key: 'ORD-3', value: null, goal: null, title: 'Spike' },
  ];

  it('round-trips, with control characters kept on one line', () => {
    const text = renderReorderFile(lines, 'Acme');
    expect(text).toContain('ORD-2  13  G2  Retry 3-D\\x0aSecure');
    expect(parseReorderFile(text, lines)).toEqual({ kind: 'order', numbers: [1, 2, 3] });
  });

  it('accepts reordered lines with other spacing and lower-case keys', () => {
    const text = 'ord-3 - - Spike\n\n# a note\nORD-1    8 G1   Apple Pay\nORD-2 13 G2 Retry 3-D\\x0aSecure\n';
    expect(parseReorderFile(text, lines)).toEqual({ kind: 'order', numbers: [3, 1, 2] });
  });

  it('reports every problem with its line number', () => {
    const text = 'ORD-1 8 G1 Apple Pay\nORD-1 8 G1 Apple Pay\nORD-9 1 G1 x\nORD-3 - - Spike!\n';
    expect(() => parseReorderFile(text, lines, 'f')).toThrow(
      /f:2: ORD-1 appears again \(first on line 1\)\n {2}f:3: unknown key "ORD-9".*\n {2}f:4: the line for ORD-3 was edited.*\n {2}f:10: ORD-2 is missing/,
    );
  });

  it('an empty file is a cancel, not an error', () => {
    expect(parseReorderFile('# only comments\n\n', lines)).toEqual({ kind: 'empty' });
  });
});
