import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isPlainItem, itemSchema, parseBacklogFile } from '../../src/config/backlog-file.js';
import { DataError } from '../../src/errors.js';

const SCALE = [1, 2, 3, 5, 8];

/** A backlog file with one event whose details hold `details` (JSON text). */
const file = (details: string, title = 'Retry payment') =>
  `{"schemaVersion":1,"kind":"ordo-backlog","goals":[{"id":"G1","title":"Goal","status":"active","createdAt":"2026-01-05T09:00:00.000Z","updatedAt":"2026-01-05T09:00:00.000Z"}],` +
  `"items":[{"number":1,"title":${JSON.stringify(title)},"type":"story","status":"proposed","value":8,"goal":"G1","rationale":"Shoppers drop out at the payment step","createdBy":"alice@example.com","createdAt":"2026-01-05T09:00:00.000Z","updatedAt":"2026-01-05T09:00:00.000Z"}],` +
  `"events":[{"at":"2026-01-05T09:00:00.000Z","actor":"alice@example.com","source":"cli","command":"add","action":"item.add","item":1,"details":${details}}]}`;

const problem = (content: string): string => {
  try {
    parseBacklogFile(content, 'b.json', SCALE);
  } catch (error) {
    if (error instanceof DataError) return error.message;
    throw error;
  }
  return '';
};

describe('a JSON backlog file with a key twice in one object', () => {
  it('is read when no key repeats, whatever the strings hold', () => {
    // Quotes, backslashes before quotes and brackets inside strings, keys repeated in other objects.
    const tricky = JSON.stringify('He said "a":1, {"b":2}, [\\] \\"x\\\\');
    expect(problem(file(`{"a":${tricky},"b":{"a":1,"c":[{"a":1},{"a":2}]},"__proto__":{"x":1},"e":[]}`, 'Quote " and \\ and {"title":1}'))).toBe('');
    expect(problem(file(`${'{"a":'.repeat(3000)}1${'}'.repeat(3000)}`))).toBe('');
  });

  it('is refused, naming the key and where it is, at any depth and however the key is spelled', () => {
    expect(problem(file('{"a":1,"b":{"c":1,"d":"\\"c\\"","c":2}}'))).toMatch(/^b\.json:1:\d+: the field "c" appears twice in one record/);
    expect(problem(file('{"a":1,"\\u0061":2}'))).toMatch(/the field "a" appears twice/);
    const twiceTitled = file('{}').replace('"title":"Retry payment"', '"title":"Retry payment","type":"story","t\\u0069tle":"Other"');
    expect(problem(twiceTitled)).toMatch(/the field "(type|title)" appears twice/);
  });
});

describe('items that plainly pass the schema', () => {
  const valid = {
    number: 7,
    position: 1,
    rank: 'a0',
    title: 'Retry payment',
    type: 'story',
    status: 'ready',
    value: 8,
    goal: 'G1',
    estimate: 2.5,
    labels: ['mobile'],
    dependsOn: [3],
    rationale: 'Shoppers drop out at the payment step',
    description: null,
    reason: null,
    createdBy: 'alice@example.com',
    createdAt: '2026-01-05T09:00:00.000Z',
    updatedAt: '2026-01-05T09:00:00.000Z',
    startedAt: null,
    doneAt: null,
    closedAt: null,
    criteria: ['Retries twice'],
    assignee: null,
    uid: '0123456789abcdef',
  };
  const fields = Object.keys(valid);
  const anyJson = fc.oneof(
    fc.constantFrom(null, 0, -1, 1, 1.5, 2 ** 53, -(2 ** 53), '', 'x', 'story', 'ready', 'a0', '0123456789abcdef', '0123456789ABCDEF', true, [], [''], ['x'], [0], [1], [1.5], {}, { a: 1 }),
    fc.jsonValue({ maxDepth: 2 }),
  );
  // A valid record with some fields removed, changed or added.
  const record = fc
    .tuple(fc.subarray(fields), fc.array(fc.tuple(fc.constantFrom(...fields, 'extra', '__proto__'), anyJson), { maxLength: 3 }))
    .map(([dropped, changes]) => {
      const r: Record<string, unknown> = JSON.parse(JSON.stringify(valid));
      for (const f of dropped) delete r[f];
      for (const [f, v] of changes) Object.defineProperty(r, f, { value: v, enumerable: true, writable: true, configurable: true });
      return r;
    });

  it('are never ones the schema refuses', () => {
    fc.assert(
      fc.property(record, (r) => {
        if (isPlainItem(r)) expect(itemSchema.safeParse(r).success).toBe(true);
      }),
      { numRuns: 30_000 },
    );
  });

  it('are the records ordo export writes', () => {
    expect(isPlainItem(valid)).toBe(true);
    expect(isPlainItem({ number: 1, title: 'T', type: 'bug', status: 'proposed', createdBy: 'a', createdAt: 'x', updatedAt: 'y' })).toBe(true);
    expect(isPlainItem(JSON.parse('{"number":1,"title":"T","type":"bug","status":"proposed","createdBy":"a","createdAt":"x","updatedAt":"y","__proto__":{}}'))).toBe(false);
  });
});

describe('the items of a backlog file', () => {
  const withItems = (numbers: number[]) =>
    `{"schemaVersion":1,"kind":"ordo-backlog","goals":[],"items":[${numbers
      .map((n) => `{"number":${n},"title":"Item ${n}","type":"story","status":"proposed","createdBy":"alice@example.com","createdAt":"2026-01-05T09:00:00.000Z","updatedAt":"2026-01-05T09:00:00.000Z"}`)
      .join(',')}],"events":[]}`;

  it('come out in number order, whatever order the file lists them in', () => {
    const numbers = [5, 3, 9, 1, 2, 8, 4, 7, 6, 10, 12, 11];
    expect(parseBacklogFile(withItems(numbers), 'b.json', SCALE).items.map((i) => i.number)).toEqual([...numbers].sort((a, b) => a - b));
    // Numbers too large to pack with their place in the file are sorted too.
    const large = [2 ** 40, 3, 2 ** 33 + 1, 2 ** 32, 1];
    expect(parseBacklogFile(withItems(large), 'b.json', SCALE).items.map((i) => i.number)).toEqual([1, 3, 2 ** 32, 2 ** 33 + 1, 2 ** 40]);
  });
});
