import { viewRelease, viewSprint } from '../../src/core/planning.js';
import { describe, expect, it } from 'vitest';
import type { PageData } from '../../src/commands/page.js';
import { goalCoverage } from '../../src/core/report.js';
import { buildRoadmap } from '../../src/core/roadmap.js';
import { bar, sparkline } from '../../src/output/charts.js';
import { escapeHtml, renderHtmlPage } from '../../src/output/html.js';
import { goal, ranked } from './fixtures.js';

describe('terminal charts', () => {
  it('draws sparklines scaled to the largest value', () => {
    expect(sparkline([0, 1, 2, 4])).toBe('▁▄▅█');
    expect(sparkline([0, 0])).toBe('▁▁');
    expect(sparkline([3, 3])).toBe('██');
  });

  it('draws bars that show any share above zero and fill only at 100%', () => {
    expect(bar(0.5, 10)).toBe('█████░░░░░');
    expect(bar(0.01, 10)).toBe('█░░░░░░░░░');
    expect(bar(0.99, 10)).toBe('█████████░');
    expect(bar(1, 4)).toBe('████');
    expect(bar(0, 4)).toBe('░░░░');
  });
});

describe('the stakeholder page', () => {
  const evil = '<script>alert("x")</script> & <img src=//evil.example/x.png>';
  const goals = [{ ...goal('G1', '2026-Q4'), title: `Goal ${evil}` }];
  const items = [ranked(1, { title: `Title ${evil}`, rationale: `Why ${evil}`, value: 8, estimate: 3 })];
  const page: PageData = {
    product: `Shop ${evil}`,
    generatedAt: '2026-11-23T09:00:00.000Z',
    generatedBy: 'alice@example.com',
    roadmap: buildRoadmap(goals, items, 10),
    coverage: goalCoverage(goals, items, 10),
    items,
    proposed: 0,
    releases: [
      viewRelease({ id: 'R1', name: `Launch ${evil}`, date: '2027-01-31', status: 'planned', items: [1], shippedAt: null, createdAt: 't', updatedAt: 't' }, items, new Date('2026-11-23T09:00:00Z')),
    ],
    sprint: viewSprint(
      { id: 'S1', goal: `Goal ${evil}`, status: 'active', start: '2026-11-20', end: '2026-12-03', capacity: null, items: [1], goalMet: null, velocity: null, endedAt: null, createdAt: 't', updatedAt: 't' },
      items,
      new Date('2026-11-23T09:00:00Z'),
    ),
  };
  const html = renderHtmlPage(page);

  it('escapes every piece of backlog text', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
    expect(html).not.toContain('<script');
    expect(html).not.toContain('<img');
    expect(html).toContain('Title &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;img src=//evil.example/x.png&gt;');
    expect(html).toContain('Why &lt;script&gt;');
    expect(html).toContain('Launch &lt;script&gt;');
    expect(html).toContain('Sprint S1: Goal &lt;script&gt;');
  });

  it('is one document that refers to nothing outside itself and fits phones and paper', () => {
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
    expect(html).toContain('@media print');
    // No tag carries a src or href attribute (the escaped text above does not count: it has no tag).
    expect(html).not.toMatch(/<[^>]*\s(?:src|href|srcset|action|data)\s*=/i);
    expect(html).not.toMatch(/https?:/i);
    expect(html).not.toMatch(/url\(/i);
    expect(html).not.toMatch(/@import/i);
    expect(html).toContain('Generated <time datetime="2026-11-23T09:00:00.000Z">2026-11-23 09:00 UTC</time> by alice@example.com');
  });
});
