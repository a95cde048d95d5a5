// Relative times in human output, and --since in the words people use.
import { afterAll, describe, expect, it } from 'vitest';
import { DEV, sandboxes } from '../helpers/cli.js';

const at = (iso: string) => ({ env: { ORDO_NOW: iso } });
const pool = sandboxes((sb) => {
  sb.ok(['init', '--owner', 'alice@example.com', '--product', 'Shop', '--prefix', 'ORD'], at('2026-11-01T09:00:00Z'));
  sb.ok(['goal', 'add', 'G1', 'Faster checkout'], at('2026-11-01T09:00:00Z'));
  const add = (title: string, when: string, user?: string) =>
    sb.ok(['add', title, '--value', '8', '--why', 'Shoppers abandon carts when this is missing', '--goal', 'G1'], { ...at(when), user });
  add('Old item', '2026-11-01T10:00:00Z');
  add('Last week', '2026-11-16T10:00:00Z');
  add('Yesterday', '2026-11-22T15:00:00Z');
  add('This morning', '2026-11-23T06:00:00Z', DEV);
});
afterAll(() => pool.cleanup());
const NOW = at('2026-11-23T09:00:00Z');

describe('relative times', () => {
  it('show and log say how long ago; --json keeps ISO', () => {
    const sb = pool.make();
    const show = sb.ok(['show', 'ORD-1'], NOW).stdout;
    expect(show).toMatch(/created\s+3 weeks ago by alice@example.com/);
    expect(show).not.toContain('2026-11-01T10:00:00');
    expect(sb.ok(['show', 'ORD-3'], NOW).stdout).toMatch(/created\s+18 hours ago/);
    expect(sb.ok(['show', 'ORD-4'], NOW).stdout).toMatch(/created\s+3 hours ago/);
    expect(sb.ok(['show', 'ORD-1', '--json'], NOW).json().item.createdAt).toBe('2026-11-01T10:00:00.000Z');
    const log = sb.ok(['log'], NOW).stdout;
    expect(log).toMatch(/#1\s+3 weeks ago\s+alice@example.com/);
    expect(log).toContain('3 hours ago');
    expect(sb.ok(['log', '--json'], NOW).json().events[0].at).toBe('2026-11-01T09:00:00.000Z');
    // A clock behind the stored times says "in …".
    expect(sb.ok(['show', 'ORD-4'], at('2026-11-09T06:00:00Z')).stdout).toMatch(/created\s+in 2 weeks/);
  });
});

describe('--since', () => {
  const keys = (r: { json(): { items: { key: string }[] } }) => r.json().items.map((i) => i.key);
  const events = (r: { json(): { events: { item: string | null }[] } }) => r.json().events.map((e) => e.item);

  it('list takes today, yesterday, spans, dates and ISO datetimes', () => {
    const sb = pool.make();
    const list = (since: string) => keys(sb.ok(['list', '--all', '--since', since, '--json'], NOW));
    expect(list('today')).toEqual(['ORD-4']);
    expect(list('yesterday')).toEqual(['ORD-3', 'ORD-4']);
    expect(list('3h')).toEqual(['ORD-4']);
    expect(list('24h')).toEqual(['ORD-3', 'ORD-4']);
    expect(list('6d')).toEqual(['ORD-3', 'ORD-4']);
    expect(list('7d')).toEqual(['ORD-2', 'ORD-3', 'ORD-4']);
    expect(list('1w')).toEqual(['ORD-2', 'ORD-3', 'ORD-4']);
    expect(list('2w')).toEqual(['ORD-2', 'ORD-3', 'ORD-4']);
    expect(list('2026-11-16')).toEqual(['ORD-2', 'ORD-3', 'ORD-4']);
    expect(list('2026-11-16T11:00:00Z')).toEqual(['ORD-3', 'ORD-4']);
    expect(list('2026-11-16T11:00')).toEqual(['ORD-3', 'ORD-4']);
    expect(list('2026-11-22T16:00:00+02:00')).toEqual(['ORD-3', 'ORD-4']);
  });

  it('log takes the same forms', () => {
    const sb = pool.make();
    expect(events(sb.ok(['log', '--since', 'yesterday', '--json'], NOW))).toEqual(['ORD-3', 'ORD-4']);
    expect(events(sb.ok(['log', '--since', '3h', '--json'], NOW))).toEqual(['ORD-4']);
  });

  it('a value it cannot read exits 2, names the accepted forms and writes nothing', () => {
    const sb = pool.make();
    for (const args of [['list', '--since', 'last tuesday'], ['log', '--since', '7x'], ['list', '--since', '2026-13-45']]) {
      const r = sb.run(args, NOW);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toContain(`--since "${args[2]}" is not a time ordo understands`);
      expect(r.stderr).toContain('today, yesterday, a span back from now (3h, 7d, 2w)');
      expect(r.stdout).toBe('');
    }
  });
});
