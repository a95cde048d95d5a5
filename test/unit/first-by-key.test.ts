import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FirstByKey } from '../../src/core/first-by-key.js';

describe('FirstByKey', () => {
  it('keeps the first value filed under each key, as a Map would', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.oneof(fc.integer({ min: -5, max: 5 }), fc.integer()), fc.oneof(fc.integer({ min: -3, max: 3 }), fc.double({ noNaN: true }))), { maxLength: 3000 }), (entries) => {
        const table = new FirstByKey();
        const map = new Map<number, number>();
        for (const [key, value] of entries) {
          const expected = map.get(key);
          if (expected === undefined) map.set(key, value);
          expect(table.firstOrSet(key, value)).toBe(expected);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('takes any size hint, an absurd one too', () => {
    for (const hint of [0, 1, 100_000, 2 ** 62, Number.POSITIVE_INFINITY, Number.NaN, -5]) {
      const table = new FirstByKey(hint);
      expect(table.firstOrSet(7, 1)).toBeUndefined();
      expect(table.firstOrSet(7, 2)).toBe(1);
    }
  });

  it('grows past its first size and finds every key again', () => {
    const table = new FirstByKey();
    // Keys alike in their low bits, and the extremes of 32 bits.
    const keys = [...Array.from({ length: 50_000 }, (_, i) => (i + 1) << 12), -(2 ** 31), 2 ** 31 - 1, 0, -1];
    keys.forEach((key, i) => expect(table.firstOrSet(key, i)).toBeUndefined());
    keys.forEach((key, i) => expect(table.firstOrSet(key, -1)).toBe(i));
  });
});
