import { describe, expect, it } from 'vitest';
import { parseSince, relativeTime } from '../../src/core/time.js';

const now = new Date('2026-11-23T09:00:00Z');

describe('relativeTime', () => {
  it.each([
    ['2026-11-23T08:59:30Z', 'just now'],
    ['2026-11-23T08:55:00Z', '5 minutes ago'],
    ['2026-11-23T08:00:00Z', '1 hour ago'],
    ['2026-11-22T09:00:00Z', 'yesterday'],
    ['2026-11-20T09:00:00Z', '3 days ago'],
    ['2026-11-02T09:00:00Z', '3 weeks ago'],
    ['2026-08-23T09:00:00Z', '3 months ago'],
    ['2024-11-23T09:00:00Z', '2 years ago'],
    ['2026-11-24T09:00:00Z', 'tomorrow'],
    ['2026-12-07T09:00:00Z', 'in 2 weeks'],
    ['not a time', 'not a time'],
  ])('%s → %s', (then, text) => expect(relativeTime(then, now)).toBe(text));
});

describe('parseSince', () => {
  it.each([
    ['today', '2026-11-23T00:00:00.000Z'],
    ['Yesterday', '2026-11-22T00:00:00.000Z'],
    ['3h', '2026-11-23T06:00:00.000Z'],
    ['7d', '2026-11-16T09:00:00.000Z'],
    ['2w', '2026-11-09T09:00:00.000Z'],
    ['2026-11-01', '2026-11-01T00:00:00.000Z'],
    ['2026-11-01T12:30', '2026-11-01T12:30:00.000Z'],
    ['2026-11-01T12:30:00+02:00', '2026-11-01T10:30:00.000Z'],
  ])('%s', (text, iso) => expect(parseSince(text, now)).toBe(iso));

  it.each(['last week', '7', 'd7', '2026-02-30x', '2026-13-01', ''])('refuses "%s" naming the accepted forms', (text) => {
    expect(() => parseSince(text, now)).toThrow(/is not a time ordo understands/);
  });
});
