// The shared rules: one number parser for typed numbers, one validator for items arriving from files.
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
  it('identities: not empty, no control or bidi characters', () => {
    expect(identityProblem('alice@example.com')).toBeNull();
    expect(identityProblem(' ')).toBe('is empty');
    expect(identityProblem('alice\u202e@example.com')).toMatch(/U\+202E/);
  });
});
