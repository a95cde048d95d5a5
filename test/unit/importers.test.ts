import { describe, expect, it } from 'vitest';
import { parseBacklogMd } from '../../src/config/importers/backlog-md.js';
import { jiraDate, parseJira } from '../../src/config/importers/jira.js';
import { taskwarriorDate } from '../../src/config/importers/taskwarrior.js';
import { planImport, sourceOf, type IncomingItem } from '../../src/core/tracker-import.js';

describe('tracker dates', () => {
  it.each([
    ['12/Nov/26 9:15 AM', '2026-11-12T09:15:00.000Z'],
    ['12/Nov/26 12:05 AM', '2026-11-12T00:05:00.000Z'],
    ['12/Nov/26 12:05 PM', '2026-11-12T12:05:00.000Z'],
    ['3/Feb/2027 4:40 PM', '2027-02-03T16:40:00.000Z'],
    ['2026-11-12 09:15', '2026-11-12T09:15:00.000Z'],
    ['soon', null],
  ])('jira %s', (text, iso) => expect(jiraDate(text)).toBe(iso));

  it('taskwarrior', () => {
    expect(taskwarriorDate('20261101T120000Z')).toBe('2026-11-01T12:00:00.000Z');
    expect(taskwarriorDate('2026-11-01')).toBeNull();
  });
});

describe('parsers', () => {
  it('jira: repeated columns collect every value; quoted cells keep commas, quotes and line breaks', () => {
    const csv = 'Issue key,Summary,Labels,Labels,Description,Status\r\nA-1,"Pay, faster",x,y,"line 1\r\n""quoted"", still",To Do\r\nA-2,,,,,To Do\r\n';
    const r = parseJira(csv, 'j.csv');
    expect(r.items).toHaveLength(1);
    expect(r.items[0]).toMatchObject({ source: 'jira:A-1', title: 'Pay, faster', labels: ['x', 'y'], description: 'line 1\r\n"quoted", still', open: true });
    expect(r.unreadable).toEqual([{ where: 'j.csv: line 3', reason: 'no Issue key or Summary' }]);
  });

  it('backlog-md: a file without front matter is reported, not taken', () => {
    const r = parseBacklogMd([{ name: 'notes.md', content: '# just notes\n' }]);
    expect(r.items).toEqual([]);
    expect(r.unreadable[0]!.reason).toContain('not a Backlog.md task file');
  });
});

const item = (over: Partial<IncomingItem> = {}): IncomingItem => ({
  source: 'github:a/b#1',
  url: null,
  title: 'A thing',
  description: 'Shoppers cannot pay with a gift card today.',
  type: 'story',
  priority: 'high',
  labels: ['loyalty'],
  createdAt: null,
  author: null,
  open: true,
  status: 'open',
  notes: [],
  ...over,
});
const rules = { goal: 'G1', value: 3, priority: new Map([['high', 13]]), labels: new Map([['loyalty', 'G2']]), why: 'description' as const, rationaleMinWords: 5 };

describe('planImport', () => {
  it('maps priority to value and label to goal, keeps the source findable, and dedupes', () => {
    const { taken } = planImport([item()], new Set(), rules);
    expect(taken[0]).toMatchObject({ value: 13, goal: 'G2', rationale: 'Shoppers cannot pay with a gift card today.', needs: [] });
    expect(sourceOf(taken[0]!.description)).toBe('github:a/b#1');
    const again = planImport([item(), item({ source: 'github:a/b#2' }), item({ source: 'github:a/b#2' })], new Set(['github:a/b#1']), rules);
    expect(again.taken.map((t) => t.source)).toEqual(['github:a/b#2']);
    expect(again.skipped.map((s) => s.reason)).toEqual(['already imported (an item holds its source link)', 'appears twice in the file']);
  });

  it('a placeholder or one-word description is no rationale; without a map nothing is guessed', () => {
    const none = { goal: null, value: null, priority: new Map(), labels: new Map(), why: 'description' as const, rationaleMinWords: 5 };
    expect(planImport([item({ description: 'TBD' })], new Set(), none).taken[0]!.needs).toEqual(['why', 'value', 'goal']);
    expect(planImport([item()], new Set(), { ...none, why: 'none' }).taken[0]!.rationale).toBeNull();
  });
});
