import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { runChecks, type CheckData, type CheckSettings } from '../../src/core/check.js';
import { countWords, isPlaceholder, normalisedHash, rationaleProblem } from '../../src/core/rationale.js';
import { RULE_DEFAULTS } from '../../src/core/rules.js';
import type { Goal, Item } from '../../src/core/types.js';
import { escapeGithubData, escapeGithubProperty, escapeXml, renderCheckGithub, renderCheckJson, renderCheckJunit, renderCheckText } from '../../src/output/check-report.js';
import { createStyle } from '../../src/output/terminal.js';

describe('placeholder detection', () => {
  const title = 'Retry 3-D Secure on timeout';
  it.each(['tbd', 'TBD', 'T.B.D.', ' todo ', 'TODO!', 'n/a', 'N/A', 'n.a.', '-', '—', '...', '…', '???', 'Same as above.', 'SAME   AS ABOVE', 'same-as-above'])(
    '%j is a placeholder',
    (text) => {
      expect(isPlaceholder(text, title)).toBe(true);
      expect(rationaleProblem(text, title, 5)).toMatchObject({ kind: 'placeholder' });
    },
  );

  it('the title repeated, whatever its case and punctuation, is not a reason', () => {
    expect(rationaleProblem('retry 3D secure on timeout!', title, 1)).toEqual({ kind: 'title-repeated' });
    expect(rationaleProblem('Retry 3-D Secure, on timeout.', title, 1)).toEqual({ kind: 'title-repeated' });
  });

  it('a missing or blank rationale is missing', () => {
    expect(rationaleProblem(null, title, 5)).toEqual({ kind: 'missing' });
    expect(rationaleProblem('   ', title, 5)).toEqual({ kind: 'missing' });
  });

  it('counts words, not punctuation, against the minimum', () => {
    expect(rationaleProblem('Shoppers abandon carts', title, 5)).toEqual({ kind: 'too-short', words: 3, min: 5 });
    expect(rationaleProblem('Shoppers - abandon -- carts ... !', title, 4)).toEqual({ kind: 'too-short', words: 3, min: 4 });
    expect(rationaleProblem('Timeouts cost us 2% of mobile orders', title, 5)).toBeNull();
    expect(rationaleProblem('Shoppers abandon carts', title, 0)).toBeNull();
  });

  it('real reasons that merely contain a placeholder word pass', () => {
    expect(rationaleProblem('Customers keep filing tickets; todo lists show it weekly', title, 5)).toBeNull();
    expect(isPlaceholder('Same as above, but for the EU market where fees are higher', title)).toBe(false);
  });

  it('counts words in scripts written without spaces', () => {
    expect(countWords('3-D Secure retries win back orders')).toBe(6);
    expect(countWords('モバイルの注文の2%がタイムアウトで失われている')).toBeGreaterThanOrEqual(5);
  });
});

const NOW = new Date('2026-03-01T00:00:00Z');
const goal = (id: string, status: Goal['status'] = 'active'): Goal => ({
  id,
  title: id,
  description: null,
  horizon: null,
  metric: null,
  status,
  createdAt: '2026-01-01T00:00:00Z',
  updatedAt: '2026-01-01T00:00:00Z',
});
let n = 0;
const item = (over: Partial<Item> = {}): Item => {
  n += 1;
  return {
    number: n,
    title: `Item ${n}`,
    description: null,
    type: 'story',
    value: 8,
    rationale: `Shoppers abandon carts when feature ${n} is missing`,
    goal: 'G1',
    estimate: null,
    status: 'ready',
    rank: `a${n}`,
    createdBy: 'alice@example.com',
    createdAt: '2026-02-27T00:00:00Z',
    updatedAt: '2026-02-27T00:00:00Z',
    startedAt: null,
    doneAt: null,
    closedAt: null,
    reason: null,
    labels: [],
    dependsOn: [],
    criteria: [],
    assignee: null,
    ...over,
  };
};
const settings = (over: Partial<CheckSettings> = {}): CheckSettings => ({
  prefix: 'ORD',
  owner: 'alice@example.com',
  scale: [1, 2, 3, 5, 8, 13, 21],
  rationaleMinWords: 5,
  staleProposalDays: 14,
  rules: { ...RULE_DEFAULTS },
  now: NOW,
  strict: false,
  ...over,
});
const data = (items: Item[], over: Partial<CheckData> = {}): CheckData => ({
  items,
  goals: [goal('G1'), goal('G2', 'retired')],
  ownerRecord: { owner: 'Alice@Example.com', action: 'owner.set', at: '2026-01-01T00:00:00Z', actor: 'alice@example.com' },
  ...over,
});
const rules = (r: ReturnType<typeof runChecks>) => r.violations.map((v) => `${v.rule}:${v.key}`);

describe('runChecks', () => {
  it('a sound backlog passes every rule', () => {
    n = 0;
    const r = runChecks(data([item(), item(), item({ status: 'proposed', rank: null })]), settings());
    expect(r.violations).toEqual([]);
    expect(r.ok).toBe(true);
    expect(r.summary).toMatchObject({ items: 3, errors: 0, warnings: 0, failing: 0 });
  });

  it('finds each rule, ordered by item, and leaves finished items to themselves', () => {
    n = 0;
    const items = [
      item({ rationale: 'tbd' }), // 1 value-rationale
      item({ value: 4 }), // 2 value-on-scale
      item({ goal: 'G9' }), // 3 goal-link
      item({ goal: 'g2' }), // 4 goal-active (ids compare case-insensitively)
      item({ status: 'proposed', rank: null, createdAt: '2026-02-01T00:00:00Z' }), // 5 stale-proposal
      item({ rank: 'a1' }), // 6 order-integrity: same key as ORD-1
      item({ status: 'done', rank: null, rationale: null, value: null, goal: null }), // 7 finished: not checked
      item({ status: 'proposed', rank: null, goal: 'G2' }), // 8 proposed with a retired goal: not goal-active
    ];
    const r = runChecks(data(items), settings());
    expect(rules(r)).toEqual([
      'value-rationale:ORD-1',
      'value-on-scale:ORD-2',
      'goal-link:ORD-3',
      'goal-active:ORD-4',
      'stale-proposal:ORD-5',
      'order-integrity:ORD-6',
    ]);
    expect(r.violations.find((v) => v.rule === 'stale-proposal')!.message).toBe('ORD-5 has waited in the intake for 28 days (more than 14)');
    expect(r.checked.map((c) => c.number)).not.toContain(7);
    expect(r.summary).toMatchObject({ errors: 5, warnings: 1, failing: 5 });
  });

  it('order-integrity: malformed keys, ranked items without a rank, unranked items with one', () => {
    n = 0;
    const r = runChecks(data([item({ rank: 'a!' }), item({ rank: null }), item({ status: 'accepted', rank: 'a9' })]), settings());
    expect(rules(r)).toEqual(['order-integrity:ORD-1', 'order-integrity:ORD-2', 'order-integrity:ORD-3']);
    // The finished item a rule flagged is reported as checked.
    expect(r.checked.map((c) => c.number)).toEqual([1, 2, 3]);
  });

  it('rationale-duplicate compares normalised text and names a few of a large group', () => {
    n = 0;
    const same = Array.from({ length: 50 }, (_, i) => item({ rationale: i % 2 ? 'Carts are abandoned on MOBILE, often!' : 'carts are abandoned on mobile often' }));
    const r = runChecks(data([...same, item({ rationale: 'TBD' }), item({ rationale: 'tbd' })]), settings());
    const dups = r.violations.filter((v) => v.rule === 'rationale-duplicate');
    expect(dups).toHaveLength(50);
    expect(dups[0]!.message).toBe('ORD-1 has the same value rationale as ORD-2, ORD-3, ORD-4 and 46 more');
    expect(dups[1]!.message).toBe('ORD-2 has the same value rationale as ORD-1, ORD-3, ORD-4 and 46 more');
    // Placeholders are reported by value-rationale only.
    expect(r.violations.filter((v) => v.key === 'ORD-51').map((v) => v.rule)).toEqual(['value-rationale']);
    expect(r.ok).toBe(false);
  });

  it('owner-handover: no record, or a record for someone else', () => {
    n = 0;
    const none = runChecks(data([], { ownerRecord: null }), settings());
    expect(none.violations).toEqual([
      expect.objectContaining({
        rule: 'owner-handover',
        key: null,
        message: 'ordo.yml names alice@example.com as Product Owner but no recorded handover made alice@example.com the owner',
      }),
    ]);
    const other = runChecks(data([], { ownerRecord: { owner: 'mallory@example.com', action: 'owner.transfer', at: 'x', actor: 'y' } }), settings());
    expect(other.violations[0]!.fix).toContain('owner: mallory@example.com');
  });

  it('severities from the configuration: off drops a rule, warn does not fail unless strict', () => {
    n = 0;
    const items = [item({ rationale: null })];
    expect(runChecks(data(items), settings({ rules: { ...RULE_DEFAULTS, 'value-rationale': 'off' } })).violations).toEqual([]);
    const warned = runChecks(data(items), settings({ rules: { ...RULE_DEFAULTS, 'value-rationale': 'warn' } }));
    expect(warned.violations.map((v) => v.severity)).toEqual(['warn']);
    expect(warned.ok).toBe(true);
    const strict = runChecks(data(items), settings({ strict: true, rules: { ...RULE_DEFAULTS, 'value-rationale': 'warn' } }));
    expect(strict.ok).toBe(false);
    expect(strict.summary.failing).toBe(1);
  });
});

describe('runChecks on a stream of items (as ordo check reads them)', () => {
  /** The items as a one-pass stream, with `reread` looking them up again the way the store does. */
  const streamed = (items: Item[], over: Partial<CheckData> = {}): CheckData & { rereads: number[][] } => {
    const rereads: number[][] = [];
    return {
      ...data([], over),
      items: (function* () {
        yield* items;
      })(),
      reread: (numbers) => {
        rereads.push([...numbers]);
        return items.filter((i) => numbers.includes(i.number)).sort((a, b) => a.number - b.number);
      },
      rereads,
    };
  };

  it('finds the same violations as on an array, reading again only the rationales whose hashes met', () => {
    n = 0;
    const items = [
      item({ rationale: 'Carts are abandoned on MOBILE, often!' }),
      item(),
      item({ rationale: 'carts are abandoned on mobile often' }),
      item({ rank: 'a1' }),
      item({ status: 'proposed', rank: null, createdAt: '2026-01-01T00:00:00Z' }),
    ];
    const fromArray = runChecks(data(items), settings());
    const fromStream = streamed(items);
    expect(runChecks(fromStream, settings())).toEqual(fromArray);
    expect(rules(fromArray)).toEqual(['rationale-duplicate:ORD-1', 'rationale-duplicate:ORD-3', 'order-integrity:ORD-4', 'stale-proposal:ORD-5']);
    expect(fromStream.rereads).toEqual([[1, 3]]);
  });

  it('two rationales whose hashes collide are not the same rationale', () => {
    n = 0;
    const [a, b] = ['orders time orders without case 14295', 'users retry abandon payment case 41371'];
    expect(normalisedHash(a)).toBe(normalisedHash(b));
    const items = [item({ rationale: a }), item({ rationale: b }), item({ rationale: `${a.toUpperCase()}!` })];
    const r = runChecks(streamed(items), settings());
    expect(r.violations.map((v) => `${v.rule}:${v.key}:${v.message}`)).toEqual([
      'rationale-duplicate:ORD-1:ORD-1 has the same value rationale as ORD-3',
      'rationale-duplicate:ORD-3:ORD-3 has the same value rationale as ORD-1',
    ]);
  });

  it('told which rank keys are shared, finds the same twins', () => {
    n = 0;
    const items = [item({ rank: 'a5' }), item(), item({ rank: 'a5' }), item({ rank: 'a5' })];
    const told = runChecks(streamed(items, { sharedRanks: new Set(['a5']) }), settings());
    expect(told).toEqual(runChecks(data(items), settings()));
    expect(rules(told)).toEqual(['order-integrity:ORD-3', 'order-integrity:ORD-4']);
  });

  it('listing only the flagged items renders every format but JUnit as a full list does', () => {
    n = 0;
    const items = [
      item({ title: 'Retry payment', dependsOn: [2] }),
      item({ title: 'Show fees' }), // ranked below ORD-1, which needs it: order-dependency on ORD-1
      item({ title: 'Same A', rationale: 'Customers leave at the payment step today' }),
      item({ title: 'Same B', rationale: 'customers leave at the payment step, today!' }),
      item({ title: 'Finished in the sprint', status: 'done', rank: null }),
      item({ title: 'No value', value: null }),
      item({ title: 'Fine' }),
    ];
    const check = (listChecked: boolean) =>
      runChecks(
        streamed(items, {
          dependencies: [{ item: 1, needs: 2 }],
          planning: { sprint: { id: 'S1', items: [5] }, withoutCriteria: (numbers) => new Set(numbers), releasesAtRisk: [] },
        }),
        settings({ listChecked, criteriaTop: 1 }),
      );
    const all = check(true);
    const flagged = check(false);
    expect(rules(all)).toEqual([
      'order-dependency:ORD-1',
      'acceptance-criteria:ORD-1',
      'rationale-duplicate:ORD-3',
      'rationale-duplicate:ORD-4',
      'acceptance-criteria:ORD-5',
      'value-on-scale:ORD-6',
    ]);
    expect(all.checked.map((c) => c.number)).toEqual([1, 2, 3, 4, 6, 7]);
    expect(flagged.checked.map((c) => c.number).sort()).toEqual([1, 3, 4, 6]);
    expect(flagged.summary).toEqual(all.summary);
    const plain = createStyle(false);
    expect(renderCheckText(flagged, plain)).toBe(renderCheckText(all, plain));
    expect(renderCheckText(flagged, plain)).toContain('ORD-1  Retry payment');
    expect(renderCheckJson(flagged)).toBe(renderCheckJson(all));
    expect(renderCheckGithub(flagged)).toBe(renderCheckGithub(all));
  });
});

describe('report escaping', () => {
  it('escapes workflow-command data and properties', () => {
    expect(escapeGithubData('50% of\r\nshoppers')).toBe('50%25 of%0D%0Ashoppers');
    expect(escapeGithubProperty('ordo a:b, c')).toBe('ordo a%3Ab%2C c');
    expect(escapeGithubData('\u001b[31mred')).toBe('\\x1b[31mred');
  });

  it('escapes XML text and drops characters XML cannot hold', () => {
    expect(escapeXml('<a & "b">\u0001')).toBe('&lt;a &amp; "b"&gt;\\x01');
  });

  it('renders GitHub annotations and JUnit XML from hostile text', () => {
    n = 0;
    const r = runChecks(data([item({ title: 'Cart <script> & "quotes"\u0007', goal: 'G%9\nx' })]), settings());
    const lines = renderCheckGithub(r).split('\n');
    expect(lines[0]).toBe('::error title=ordo goal-link (ORD-1)::ORD-1 serves roadmap goal "G%259 x", which does not exist. Fix: Link it to an existing goal: ordo edit ORD-1 --goal G, or add the goal with ordo goal add');
    const xml = renderCheckJunit(r, NOW);
    expect(XMLValidator.validate(xml)).toBe(true);
    const doc = new XMLParser({ ignoreAttributes: false, isArray: (name) => name === 'testcase' || name === 'failure' }).parse(xml);
    const suite = doc.testsuites.testsuite;
    expect(suite['@_name']).toBe('ordo check');
    expect(suite.testcase[1]['@_name']).toBe('ORD-1 Cart <script> & "quotes"\\x07');
    expect(suite.testcase[1].failure).toHaveLength(1);
  });
});
