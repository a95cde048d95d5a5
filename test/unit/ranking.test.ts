import fc from 'fast-check';
import { generateKeyBetween } from 'fractional-indexing';
import { describe, expect, it } from 'vitest';
import { parsePosition } from '../../src/core/numbers.js';
import { isValidRankKey, keysAfter, parseAt, planPlacement, RANK_KEY_CAP, targetPosition, type Placement } from '../../src/core/ranking.js';
import { UsageError } from '../../src/errors.js';
import { ArrayOrder, seededRandom } from '../helpers/order.js';

const MOVES = 10_000;

function expectHealthy(order: ArrayOrder, expected: number[]): void {
  expect(order.problems()).toEqual([]);
  expect(order.numbers()).toEqual(expected);
  expect(order.sortedByKey()).toEqual(expected);
}

function usageError(fn: () => unknown): UsageError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).exitCode).toBe(2);
    return error as UsageError;
  }
  throw new Error('expected a UsageError');
}

describe('planPlacement: 10,000 moves to the same spot', () => {
  it('moving the bottom item to position 2 keeps every key within the cap and the order right', () => {
    const order = new ArrayOrder(40);
    const model = order.numbers();
    for (let i = 0; i < MOVES; i++) {
      const last = model.pop()!;
      model.splice(1, 0, last);
      order.moveTo(last, 2);
      if (i % 500 === 0) expectHealthy(order, model);
      expect(order.maxKeyLength()).toBeLessThanOrEqual(RANK_KEY_CAP);
    }
    expectHealthy(order, model);
    // The test reached the cap: without rebalancing the keys would have grown past it.
    expect(order.rebalances).toBeGreaterThan(0);
  });

  it('moving the bottom item directly under the top item does the same through an anchor', () => {
    const order = new ArrayOrder(25);
    const model = order.numbers();
    const top = model[0]!;
    for (let i = 0; i < MOVES; i++) {
      const last = model.pop()!;
      model.splice(1, 0, last);
      order.moveAfter(last, top);
      expect(order.maxKeyLength()).toBeLessThanOrEqual(RANK_KEY_CAP);
    }
    expectHealthy(order, model);
    expect(order.rebalances).toBeGreaterThan(0);
  });

  it('moving the item at position 2 to the top, over and over, stays within the cap', () => {
    const order = new ArrayOrder(10);
    const model = order.numbers();
    for (let i = 0; i < MOVES; i++) {
      const second = model.splice(1, 1)[0]!;
      model.unshift(second);
      order.moveTo(second, 1);
    }
    expectHealthy(order, model);
    expect(order.maxKeyLength()).toBeLessThanOrEqual(RANK_KEY_CAP);
  });

  it('with only two items the whole order is re-keyed when the gap runs out', () => {
    const order = new ArrayOrder(3);
    const model = order.numbers();
    for (let i = 0; i < MOVES; i++) {
      const last = model.pop()!;
      model.splice(1, 0, last);
      order.moveTo(last, 2);
    }
    expectHealthy(order, model);
    expect(order.maxKeyLength()).toBeLessThanOrEqual(RANK_KEY_CAP);
  });

  it('a small cap forces wide windows and still keeps keys unique and sorted', () => {
    const order = new ArrayOrder(300, 6);
    const model = order.numbers();
    for (let i = 0; i < 3000; i++) {
      const last = model.pop()!;
      model.splice(150, 0, last);
      order.moveTo(last, 151);
    }
    expectHealthy(order, model);
    expect(order.maxKeyLength()).toBeLessThanOrEqual(6);
    expect(order.maxRekeyed).toBeGreaterThan(8);
  });
});

describe('planPlacement: 10,000 random moves', () => {
  it('keeps keys unique, sorted and within the cap (seeded, replayable)', () => {
    const random = seededRandom(20261123);
    const order = new ArrayOrder(60);
    const model = order.numbers();
    for (let i = 0; i < MOVES; i++) {
      const from = Math.floor(random() * model.length);
      const to = 1 + Math.floor(random() * model.length);
      const [moving] = model.splice(from, 1);
      model.splice(to - 1, 0, moving!);
      order.moveTo(moving!, to);
      expect(order.maxKeyLength()).toBeLessThanOrEqual(RANK_KEY_CAP);
    }
    expectHealthy(order, model);
  });

  it('random moves biased towards the top half stay valid too', () => {
    const random = seededRandom(7);
    const order = new ArrayOrder(200);
    const model = order.numbers();
    for (let i = 0; i < MOVES; i++) {
      const from = Math.floor(random() * model.length);
      const to = 1 + Math.floor(random() * random() * 5);
      const [moving] = model.splice(from, 1);
      model.splice(to - 1, 0, moving!);
      order.moveTo(moving!, to);
    }
    expectHealthy(order, model);
    expect(order.maxKeyLength()).toBeLessThanOrEqual(RANK_KEY_CAP);
  });
});

describe('planPlacement basics', () => {
  it('places into an empty order, at either end and between two items without re-keying', () => {
    const empty = planPlacement({ before: () => [], after: () => [] });
    expect(empty.rekey).toEqual([]);
    expect(isValidRankKey(empty.key)).toBe(true);

    const [a, b] = keysAfter(null, 2) as [string, string];
    const refs = [
      { number: 1, rank: a },
      { number: 2, rank: b },
    ];
    const between = planPlacement(ArrayOrder.gap(refs, 1));
    expect(between.key > a && between.key < b).toBe(true);
    expect(between.rekey).toEqual([]);
    const top = planPlacement(ArrayOrder.gap(refs, 0));
    expect(top.key < a).toBe(true);
    const bottom = planPlacement(ArrayOrder.gap(refs, 2));
    expect(bottom.key > b).toBe(true);
  });

  it('keysAfter appends increasing valid keys', () => {
    const keys = keysAfter('a5', 50);
    expect(keys).toHaveLength(50);
    expect(keys[0]! > 'a5').toBe(true);
    for (let i = 1; i < keys.length; i++) expect(keys[i - 1]! < keys[i]!).toBe(true);
    expect(keys.every((k) => isValidRankKey(k))).toBe(true);
  });
});

describe('isValidRankKey', () => {
  it('accepts keys the ranking writes', () => {
    for (const k of ['a0', 'a1', 'a0V', 'Zz', 'b01', ...keysAfter(null, 20)]) expect(isValidRankKey(k), k).toBe(true);
  });

  it('rejects empty, malformed, trailing-zero, non-base-62 and over-long keys', () => {
    for (const k of ['', 'a', 'a00', 'zzz', '!!', 'a0 ', 'a0\n', 'a0é', `a0${'V'.repeat(RANK_KEY_CAP)}`]) {
      expect(isValidRankKey(k), JSON.stringify(k)).toBe(false);
    }
  });

  it('honours a custom cap', () => {
    expect(isValidRankKey('a0VVV', 5)).toBe(true);
    expect(isValidRankKey('a0VVVV', 5)).toBe(false);
  });

  it('answers as asking fractional-indexing itself does (a key it can generate after)', () => {
    const byLibrary = (key: string, cap: number) => {
      if (key.length === 0 || key.length > cap || !/^[0-9A-Za-z]+$/.test(key)) return false;
      try {
        generateKeyBetween(key, null);
        return true;
      } catch {
        return false;
      }
    };
    // Heads of every kind, digits biased to the ends of the alphabet, and a few strangers.
    const char = fc.constantFrom(...'0019AZaz'.split(''), ...'0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'.split(''), ' ', 'é', '-');
    const key = fc.oneof(fc.array(char, { maxLength: 30 }).map((c) => c.join('')), fc.string({ maxLength: 6 }), fc.constantFrom(`A${'0'.repeat(26)}`, `A${'0'.repeat(26)}1`, `z${'z'.repeat(26)}`, 'Zz0', 'a00', 'Zzz'));
    fc.assert(
      fc.property(key, fc.constantFrom(24, 27, 30, 40), (k, cap) => {
        expect(isValidRankKey(k, cap)).toBe(byLibrary(k, cap));
      }),
      { numRuns: 50_000 },
    );
    for (const k of keysAfter(null, 2000)) expect(isValidRankKey(k, 40)).toBe(byLibrary(k, 40));
  });
});

describe('parsePosition', () => {
  it('accepts whole numbers of 1 or more', () => {
    expect(parsePosition('1', '--to')).toBe(1);
    expect(parsePosition('42', '--to')).toBe(42);
  });

  it('rejects zero, negatives, fractions, words, blanks and unsafe integers, naming the flag', () => {
    for (const bad of ['0', '-1', '1.5', 'two', '', '1e3', '99999999999999999999', ' 7 ', '0x7']) {
      const e = usageError(() => parsePosition(bad, '--to'));
      expect(e.message).toContain('--to');
      expect(e.hint).toContain('--to 3');
    }
  });
});

describe('parseAt', () => {
  it('accepts top, bottom, N, before:KEY and after:KEY in any case', () => {
    expect(parseAt('top')).toEqual({ kind: 'top' });
    expect(parseAt('TOP')).toEqual({ kind: 'top' });
    expect(parseAt(' bottom ')).toEqual({ kind: 'bottom' });
    expect(parseAt('3')).toEqual({ kind: 'to', position: 3 });
    expect(parseAt('before:ORD-2')).toEqual({ kind: 'before', key: 'ORD-2' });
    expect(parseAt('After:ord-9')).toEqual({ kind: 'after', key: 'ord-9' });
  });

  it('rejects anything else with the allowed forms in the hint', () => {
    for (const bad of ['middle', 'before:', 'after', '-1', '2.5', '', 'top2']) {
      const e = usageError(() => parseAt(bad));
      expect(e.hint).toContain('--at top');
    }
    expect(() => parseAt('0')).toThrow(UsageError);
  });
});

describe('targetPosition', () => {
  const others = 4; // five items in all when the moving one is ranked

  it('resolves absolute placements', () => {
    expect(targetPosition({ kind: 'top' }, 3, others)).toBe(1);
    expect(targetPosition({ kind: 'bottom' }, 3, others)).toBe(5);
    expect(targetPosition({ kind: 'to', position: 5 }, 3, others)).toBe(5);
    expect(targetPosition({ kind: 'to', position: 1 }, null, 0)).toBe(1);
  });

  it('refuses a position past the end, naming the last one', () => {
    const e = usageError(() => targetPosition({ kind: 'to', position: 6 }, 3, others));
    expect(e.message).toContain('6');
    expect(e.message).toContain('5 is the last position');
    expect(e.hint).toContain('--bottom');
  });

  it('moves up and down relative to the current position, clamped to the ends', () => {
    expect(targetPosition({ kind: 'up', by: 1 }, 3, others)).toBe(2);
    expect(targetPosition({ kind: 'up', by: 10 }, 3, others)).toBe(1);
    expect(targetPosition({ kind: 'down', by: 1 }, 3, others)).toBe(4);
    expect(targetPosition({ kind: 'down', by: 10 }, 3, others)).toBe(5);
    // An item entering the order counts from the bottom.
    expect(targetPosition({ kind: 'up', by: 2 }, null, others)).toBe(3);
  });

  it('leaves before/after to the caller', () => {
    const rel: Placement[] = [
      { kind: 'before', key: 'ORD-1' },
      { kind: 'after', key: 'ORD-1' },
    ];
    for (const p of rel) expect(targetPosition(p, 1, others)).toBeNull();
  });
});
