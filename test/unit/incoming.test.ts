// The shared rules: one number parser for typed numbers, one validator for items arriving from files.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDecimal, parseWhole } from '../../src/core/numbers.js';
import { timestampProblem, validateIncomingItem, validateValue, type IncomingItem } from '../../src/core/item-fields.js';
import { identityProblem } from '../../src/core/roles.js';

const SCALE = [1, 2, 3, 5, 8, 13, 21];
const item = (fields: Partial<IncomingItem> = {}): IncomingItem => ({
  title: 'Saved cards',
  description: null,
  type: 'story',
  value: 8,
  rationale: 'Shoppers abandon carts when this is missing',
  goal: 'G1',
  estimate: 3,
  status: 'ready',
  createdBy: 'alice@example.com',
  createdAt: '2026-11-23T09:00:00.000Z',
  updatedAt: '2026-11-23T09:00:00.000Z',
  startedAt: null,
  doneAt: null,
  closedAt: null,
  reason: null,
  ...fields,
});

describe('parseWhole and parseDecimal', () => {
  it.each(['0x5', '1e3', ' 5', '5 ', '5.0', '', '-1', '+5', '٥', '99999999999999999999'])('refuse %j', (t) => expect(parseWhole(t)).toBeNull());
  it('take decimal digits within range', () => {
    expect(parseWhole('12')).toBe(12);
    expect(parseWhole('007')).toBe(7);
    expect(parseWhole('0', 1)).toBeNull();
    expect(parseWhole('11', 1, 10)).toBeNull();
    expect(parseDecimal('0.5', 0, 1000)).toBe(0.5);
    expect(parseDecimal('1e2', 0, 1000)).toBeNull();
    expect(parseDecimal('.5', 0, 1000)).toBeNull();
  });
  it('validateValue refuses what Number() would take', () => {
    for (const t of ['0x5', '8e0', ' 8', '8.0']) expect(() => validateValue(t, SCALE)).toThrow(`Business value ${t} is not on the value scale`);
    expect(validateValue('8', SCALE)).toBe(8);
  });
});

describe('validateIncomingItem: what add and edit check, as a list of problems', () => {
  it('a good item has none', () => expect(validateIncomingItem(item(), { scale: SCALE, goals: new Set(['g1']) })).toEqual([]));
  it('names each field and its problem', () => {
    const problems = validateIncomingItem(
      item({ title: 'x'.repeat(201), value: 4, estimate: -1, goal: 'G9', createdAt: 'yesterday', updatedAt: '2026-02-30T09:00:00Z', createdBy: 'a\u0000b', rationale: 'r'.repeat(10_001) }),
      { scale: SCALE, goals: new Set(['g1']), goalsIn: 'this file' },
    );
    expect(Object.fromEntries(problems.map((p) => [p.field, p.message]))).toEqual({
      title: 'is 201 characters long; the limit is 200',
      value: '4 is not on the value scale (1, 2, 3, 5, 8, 13, 21)',
      estimate: '-1 is not a number of points from 0 to 1000',
      goal: '"G9" is not a goal in this file',
      rationale: 'is 10001 characters long; the limit is 10000',
      createdBy: 'is not an identity: it holds the control character U+0000 at position 2',
      createdAt: '"yesterday" is not a date and time (e.g. 2026-11-23T09:00:00.000Z)',
      updatedAt: '"2026-02-30T09:00:00Z" is not a date and time (e.g. 2026-11-23T09:00:00.000Z)',
    });
  });
  it('timestamps: ISO 8601 with a zone, on a real day', () => {
    expect(timestampProblem('2026-11-23T09:00:00.000Z')).toBeNull();
    expect(timestampProblem('2026-11-23T09:00:00+01:00')).toBeNull();
    for (const t of ['2026-11-23', '2026-13-01T00:00:00Z', '2026-11-23T09:00:00', 'NaN']) expect(timestampProblem(t)).not.toBeNull();
  });
  it('timestamps: the same verdicts as when each was checked by building a Date', () => {
    // The check before it read the date from fixed places of the text. One answer differs on
    // purpose: Date.UTC took the year 0000 for 1900, so 0000-02-29 (a leap day) was refused.
    const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})T([01]\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:\.\d{1,9})?)?(?:Z|[+-](?:[01]\d|2[0-3]):?[0-5]\d)$/;
    const before = (text: string) => {
      const m = TIMESTAMP.exec(text);
      return m !== null && !Number.isNaN(Date.parse(text)) && new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!)).getUTCDate() === +m[3]! && +m[2]! >= 1 && +m[2]! <= 12;
    };
    const two = (max: number) => fc.integer({ min: 0, max }).map((n) => String(n).padStart(2, '0'));
    const stamp = fc
      .tuple(fc.constantFrom('2026', '2024', '2000', '1900', '2100', '0004', '0099', '0100', '9999'), two(13), two(32), two(25), two(60), fc.constantFrom('', ':00', ':59', ':60', ':00.1', ':00.123', ':00.123456789', ':00.1234567890'), fc.constantFrom('Z', '+01:00', '-05:30', '+0530', '+24:00', 'z', ''))
      .map(([y, mo, d, h, mi, s, z]) => `${y}-${mo}-${d}T${h}:${mi}${s}${z}`);
    fc.assert(
      fc.property(fc.oneof(stamp, fc.string({ maxLength: 30 })), (text) => {
        expect(timestampProblem(text) === null).toBe(before(text));
      }),
      { numRuns: 20_000 },
    );
    expect(before('0000-02-29T00:00:00Z')).toBe(false);
    expect(timestampProblem('0000-02-29T00:00:00Z')).toBeNull();
    expect(timestampProblem('0000-02-30T00:00:00Z')).not.toBeNull();
  });
  it('identities: not empty, no control or bidi characters', () => {
    expect(identityProblem('alice@example.com')).toBeNull();
    expect(identityProblem(' ')).toBe('is empty');
    expect(identityProblem('alice\u202e@example.com')).toMatch(/U\+202E/);
  });
});
