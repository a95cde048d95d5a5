/**
 * The stakeholder page: one self-contained HTML file. Styles and charts are inline (CSS and
 * SVG), nothing is loaded from anywhere, no script runs. Every piece of backlog text is
 * escaped. Readable on a phone (fluid layout, viewport meta) and on paper (@media print).
 */
import type { PageData } from '../commands/page.js';
import type { RoadmapGoal } from '../core/roadmap.js';
import type { PlacedItem } from '../core/types.js';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

const e = escapeHtml;

const CSS = `
:root { --ink: #1d2430; --muted: #5b6576; --line: #dde2ea; --card: #ffffff; --bg: #f5f7fa;
  --done: #2f9e6b; --left: #3d6fd8; --flag: #b7791f; --accent: #233a66; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; background: var(--bg); color: var(--ink);
  font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
main { max-width: 960px; margin: 0 auto; padding: 1rem; }
header.page { padding: 1.25rem 1rem; background: var(--accent); color: #fff; }
header.page > div { max-width: 960px; margin: 0 auto; }
header.page h1 { margin: 0 0 .25rem; font-size: 1.6rem; line-height: 1.2; }
header.page p { margin: 0; opacity: .9; font-size: .95rem; overflow-wrap: anywhere; }
h2 { font-size: 1.25rem; margin: 2rem 0 .75rem; border-bottom: 2px solid var(--line); padding-bottom: .25rem; }
h3.horizon { font-size: 1rem; text-transform: uppercase; letter-spacing: .05em; color: var(--muted); margin: 1.25rem 0 .5rem; }
.stats { display: flex; flex-wrap: wrap; gap: .5rem; margin: 1rem 0 0; padding: 0; list-style: none; }
.stats li { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: .5rem .75rem; }
.stats b { display: block; font-size: 1.3rem; }
.goals { display: grid; grid-template-columns: repeat(auto-fill, minmax(280px, 1fr)); gap: .75rem; }
.card { background: var(--card); border: 1px solid var(--line); border-radius: 10px; padding: .85rem 1rem; }
.goal h4 { margin: 0 0 .25rem; font-size: 1.05rem; line-height: 1.3; }
.id { display: inline-block; font-size: .8rem; font-weight: 600; color: var(--accent); background: #e6ecf7;
  border-radius: 4px; padding: 0 .4rem; margin-right: .35rem; vertical-align: middle; }
.metric, .muted { color: var(--muted); font-size: .9rem; margin: 0 0 .5rem; }
.progress { height: .6rem; border-radius: .3rem; background: #e3e8f0; overflow: hidden; margin: .5rem 0 .25rem; }
.progress span { display: block; height: 100%; background: var(--done); }
.flag { color: var(--flag); font-weight: 600; font-size: .9rem; margin: .35rem 0 0; }
.goal ol { margin: .5rem 0 0; padding: 0; list-style: none; font-size: .92rem; }
.goal li { display: flex; gap: .5rem; padding: .2rem 0; border-top: 1px solid var(--line); }
.pos { color: var(--muted); min-width: 2.2rem; }
.val { font-weight: 600; min-width: 1.6rem; text-align: right; }
.chart { width: 100%; max-width: 560px; height: auto; display: block; }
.chart text { font: 12px system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; fill: var(--ink); }
.legend { display: flex; flex-wrap: wrap; gap: .25rem 1rem; font-size: .9rem; color: var(--muted); margin: .5rem 0 0; padding: 0; list-style: none; }
.legend i { display: inline-block; width: .8rem; height: .8rem; border-radius: 2px; margin-right: .35rem; vertical-align: -1px; }
.backlog { list-style: none; margin: 0; padding: 0; display: grid; gap: .6rem; }
.label { font-size: .8rem; border: 1px solid var(--line); border-radius: 999px; padding: 0 .5rem; }
.item header { display: flex; flex-wrap: wrap; gap: .25rem .75rem; align-items: baseline; font-size: .9rem; color: var(--muted); }
.item .rank { font-weight: 700; color: var(--ink); font-size: 1rem; }
.item .value { font-weight: 700; color: var(--done); }
.item h3 { margin: .25rem 0; font-size: 1.05rem; line-height: 1.35; }
.item p { margin: 0; overflow-wrap: anywhere; }
.status { border: 1px solid var(--line); border-radius: 999px; padding: 0 .5rem; }
footer { color: var(--muted); font-size: .85rem; margin: 2rem 0 1rem; }
@media (max-width: 600px) {
  main { padding: .75rem; }
  header.page h1 { font-size: 1.3rem; }
  .goals { grid-template-columns: 1fr; }
}
@media print {
  body { background: #fff; font-size: 11pt; }
  header.page { background: none; color: #000; border-bottom: 2px solid #000; padding: 0 0 .5rem; }
  main { max-width: none; padding: 0; }
  .card { border-color: #999; break-inside: avoid; page-break-inside: avoid; }
  h2 { break-after: avoid; page-break-after: avoid; }
  .progress, .progress span, .chart, .legend i { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
`;

interface BarRow {
  label: string;
  segments: { value: number; color: string; title: string }[];
  note: string;
}

/** A horizontal stacked bar chart as inline SVG, scaled to the longest bar. */
function svgBars(rows: BarRow[], caption: string): string {
  // Drawn at about phone width so its text stays legible there; it scales up to max-width elsewhere.
  const width = 360;
  const labelW = 44;
  const noteW = 72;
  const rowH = 26;
  const barW = width - labelW - noteW;
  const max = Math.max(1, ...rows.map((r) => r.segments.reduce((s, x) => s + x.value, 0)));
  const height = rows.length * rowH + 6;
  const parts = rows.map((r, i) => {
    const y = i * rowH + 4;
    let x = labelW;
    const rects = r.segments
      .filter((s) => s.value > 0)
      .map((s) => {
        const w = (s.value / max) * barW;
        const rect = `<rect x="${x.toFixed(1)}" y="${y}" width="${w.toFixed(1)}" height="${rowH - 10}" rx="3" fill="${s.color}"><title>${e(s.title)}</title></rect>`;
        x += w;
        return rect;
      })
      .join('');
    return (
      `<text x="0" y="${y + rowH / 2 - 1}">${e(r.label)}</text>${rects}` +
      `<text x="${(x + 5).toFixed(1)}" y="${y + rowH / 2 - 1}">${e(r.note)}</text>`
    );
  });
  return `<svg class="chart" viewBox="0 0 ${width} ${height}" role="img" aria-label="${e(caption)}" preserveAspectRatio="xMinYMin meet">${parts.join('')}</svg>`;
}

function goalCard(g: RoadmapGoal, top: number): string {
  const share = g.deliveredShare ?? 0;
  const pct = Math.round(share * 100);
  const items = g.items.length === 0
    ? '<p class="muted">No ranked items.</p>'
    : `<ol>${g.items
        .map((i) => `<li><span class="pos">#${i.position}</span><span class="val">${i.value ?? '–'}</span><span>${e(i.title)}${i.status === 'in-progress' ? ' <em class="muted">(in progress)</em>' : ''}</span></li>`)
        .join('')}</ol>`;
  return `<article class="card goal" id="goal-${e(g.id)}">
<h4><span class="id">${e(g.id)}</span>${e(g.title)}${g.status === 'active' ? '' : ` <em class="muted">(${e(g.status)})</em>`}</h4>
${g.metric ? `<p class="metric">Measure: ${e(g.metric)}</p>` : ''}
<div class="progress" role="img" aria-label="${pct}% of the value delivered"><span style="width:${pct}%"></span></div>
<p class="muted">${pct}% delivered: ${g.deliveredValue} of ${g.totalValue} value, ${g.remainingValue} to go${g.proposed.count > 0 ? `; ${g.proposed.count} proposed` : ''}</p>
${g.flagged ? `<p class="flag">⚑ Nothing in the top ${top} of the order</p>` : ''}
${items}
</article>`;
}

function itemCard(i: PlacedItem, goals: Map<string, string>): string {
  const goalTitle = i.goal === null ? undefined : goals.get(i.goal.toLowerCase());
  const meta = [
    `<span class="rank">#${i.position}</span>`,
    `<span>${e(i.key)}</span>`,
    `<span class="value">value ${i.value ?? '–'}</span>`,
    i.estimate === null ? '<span>not estimated</span>' : `<span>${i.estimate} pt</span>`,
    i.goal === null ? '' : `<span><span class="id">${e(i.goal)}</span>${goalTitle ? e(goalTitle) : ''}</span>`,
    i.status === 'in-progress' ? '<span class="status">in progress</span>' : '',
    ...i.labels.map((l) => `<span class="label">${e(l)}</span>`),
  ].filter(Boolean);
  return `<li class="card item"><header>${meta.join('')}</header><h3>${e(i.title)}</h3><p>${e(i.rationale ?? '')}</p></li>`;
}

function when(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

/** Renders the whole page as one HTML document. */
export function renderHtmlPage(d: PageData): string {
  const goals = d.roadmap.horizons.flatMap((h) => h.goals);
  const titles = new Map(goals.map((g) => [g.id.toLowerCase(), g.title]));
  const roadmap = d.roadmap.horizons
    .map((h) => `<h3 class="horizon">${e(h.horizon ?? 'No horizon')}</h3><div class="goals">${h.goals.map((g) => goalCard(g, d.roadmap.top)).join('\n')}</div>`)
    .join('\n');
  const valueChart = svgBars(
    goals.map((g) => ({
      label: g.id,
      segments: [
        { value: g.deliveredValue, color: '#2f9e6b', title: `${g.id}: ${g.deliveredValue} delivered` },
        { value: g.remainingValue, color: '#3d6fd8', title: `${g.id}: ${g.remainingValue} to go` },
      ],
      note: `${g.deliveredValue} + ${g.remainingValue}`,
    })),
    'Business value by goal: delivered and to go',
  );
  const coverageChart = svgBars(
    d.coverage.goals.map((c) => ({
      label: c.goal ?? 'no goal',
      segments: [{ value: c.value, color: '#233a66', title: `${c.goal ?? 'no goal'}: ${c.value} value in ${c.items} items` }],
      note: `${Math.round(c.share * 100)}% (${c.value})`,
    })),
    `Share of the value of the next ${d.coverage.items} items, by goal`,
  );
  const ranked = d.items.length;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="ordo">
<title>${e(d.product)}: roadmap and backlog</title>
<style>${CSS}</style>
</head>
<body>
<header class="page"><div>
<h1>${e(d.product)}: roadmap and backlog</h1>
<p>Generated <time datetime="${e(d.generatedAt)}">${e(when(d.generatedAt))}</time> by ${e(d.generatedBy)}</p>
</div></header>
<main>
<ul class="stats">
<li><b>${goals.length}</b>roadmap goals</li>
<li><b>${ranked}</b>items in the order</li>
<li><b>${d.proposed}</b>proposals waiting</li>
</ul>
<section id="roadmap">
<h2>Roadmap</h2>
${roadmap || '<p class="muted">No roadmap goals yet.</p>'}
</section>
<section id="value">
<h2>Value by goal</h2>
<div class="card">
${valueChart}
<ul class="legend"><li><i style="background:#2f9e6b"></i>delivered (done or accepted)</li><li><i style="background:#3d6fd8"></i>to go (in the order)</li></ul>
</div>
<h3 class="horizon">Where the next ${d.coverage.items} items' value goes</h3>
<div class="card">
${coverageChart}
</div>
</section>
<section id="backlog">
<h2>The ordered backlog</h2>
<p class="muted">In the Product Owner's order: position 1 is what the team does next. Each item says what it is worth and why.</p>
${ranked === 0 ? '<p class="muted">Nothing is ranked yet.</p>' : `<ol class="backlog">${d.items.map((i) => itemCard(i, titles)).join('\n')}</ol>`}
</section>
<footer>Made by ordo from the team's backlog on ${e(when(d.generatedAt))}. This page is a snapshot; the backlog itself is the source of truth.</footer>
</main>
</body>
</html>
`;
}
