import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Sandbox } from '../helpers/cli.js';

/** Debian's chromium (or the binary CHROMIUM names), when installed; CI must have it (.ci/run installs it). */
function findChromium(): string | undefined {
  for (const name of process.env.CHROMIUM ? [process.env.CHROMIUM] : ['chromium', 'chromium-browser']) {
    const r = spawnSync(name, ['--version'], { encoding: 'utf8', timeout: 30_000 });
    if (r.status === 0) return name;
  }
  return undefined;
}

const chromium = findChromium();
const skipBrowser = chromium === undefined && !process.env.CI;
if (skipBrowser) console.warn('page.test.ts: skipping the headless Chromium check: no chromium on PATH (apt-get install chromium). CI never skips it.');

function runChromium(args: string[]): { stdout: string; status: number | null } {
  if (!chromium) throw new Error('CI is set but chromium is not installed: .ci/run must install Debian\'s chromium package.');
  const profile = mkdtempSync(join(tmpdir(), 'ordo-chromium-'));
  try {
    const r = spawnSync(
      chromium,
      ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', `--user-data-dir=${profile}`, ...args],
      { encoding: 'utf8', timeout: 90_000, maxBuffer: 32 * 1024 * 1024 },
    );
    return { stdout: r.stdout ?? '', status: r.status };
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
}

const HOSTILE_TITLE = '<img src=x onerror=alert(1)> Pay later';
const HOSTILE_WHY = 'Shoppers asked for it <script>fetch("https://evil.example")</script> many times';
let sb: Sandbox;
let file: string;

beforeAll(() => {
  sb = new Sandbox().initBacklog();
  sb.ok(['goal', 'add', 'G2', 'Cut payment failures & "declines"', '--horizon', '2027-Q1']);
  sb.ok(['add', 'Retry 3-D Secure challenge on timeout', '--value', '13', '--why', 'Timeouts cost about 2% of mobile orders each week', '--goal', 'G2', '--estimate', '3']);
  sb.ok(['add', HOSTILE_TITLE, '--value', '8', '--why', HOSTILE_WHY, '--goal', 'G1']);
  file = join(sb.dir, 'out', 'page.html');
});
afterAll(() => sb?.cleanup());

describe('ordo page', () => {
  it('writes one self-contained HTML file that refers to nothing outside itself', () => {
    const before = sb.dbHash();
    expect(sb.run(['page', '-o', 'out/page.html']).code).toBe(2); // no such directory yet
    mkdirSync(join(sb.dir, 'out'));
    const r = sb.ok(['page', '-o', 'out/page.html'], { env: { ORDO_NOW: '2026-11-23T09:00:00Z' } });
    expect(r.stdout.trim()).toBe(`Wrote ${file}`);
    expect(sb.dbHash()).toBe(before);
    const html = readFileSync(file, 'utf8');
    expect(html).toContain('Generated <time datetime="2026-11-23T09:00:00.000Z">2026-11-23 09:00 UTC</time> by alice@example.com');
    // Nothing to fetch: no src/href attributes at all, no url(...), no absolute or protocol-relative URL.
    expect(html).not.toMatch(/<[^>]*\s(?:src|href|srcset|action|poster|data)\s*=/i);
    expect(html).not.toMatch(/url\s*\(/i);
    expect(html).not.toMatch(/@import/i);
    expect(html.replace(/&[a-z]+;|&#\d+;/g, '')).not.toMatch(/(?:src|href)\s*=\s*["']?\s*(?:https?:)?\/\//i);
    expect(html).not.toMatch(/<(?:script|link|img|iframe|object|embed)\b/i);
    const json = sb.ok(['page', '--json', '-o', 'out/page.html']).json();
    expect(json).toMatchObject({ schemaVersion: 1, kind: 'page', file });
  });

  it('is also ordo export --format html, byte for byte', () => {
    const env = { ORDO_NOW: '2026-11-23T09:00:00Z' };
    mkdirSync(join(sb.dir, 'out'), { recursive: true });
    sb.ok(['page', '-o', 'out/page.html'], { env });
    sb.ok(['export', '--format', 'html', '-o', 'out/export.html'], { env });
    expect(readFileSync(join(sb.dir, 'out', 'export.html'), 'utf8')).toBe(readFileSync(file, 'utf8'));
    const before = sb.dbHash();
    const r = sb.run(['export', '--format', 'html', '-o', 'missing-dir/x.html']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Cannot write');
    expect(sb.dbHash()).toBe(before);
  });

  it.skipIf(skipBrowser)('renders its goals and items in headless Chromium, the hostile text as text', () => {
    const dom = runChromium(['--dump-dom', `file://${file}`]);
    expect(dom.status).toBe(0);
    expect(dom.stdout).toContain('Acme Checkout: roadmap and backlog');
    expect(dom.stdout).toContain('Faster checkout');
    expect(dom.stdout).toContain('Cut payment failures &amp; "declines"');
    expect(dom.stdout).toContain('Retry 3-D Secure challenge on timeout');
    expect(dom.stdout).toContain('Timeouts cost about 2% of mobile orders each week');
    expect(dom.stdout).toContain('&lt;img src=x onerror=alert(1)&gt; Pay later');
    expect(dom.stdout).toContain('&lt;script&gt;fetch("https://evil.example")&lt;/script&gt;');
    expect(dom.stdout).not.toMatch(/<(?:script|img)\b/i);
    // The order: #1 is the 3-D Secure item, #2 the other.
    expect(dom.stdout.indexOf('<span class="rank">#1</span>')).toBeLessThan(dom.stdout.indexOf('<span class="rank">#2</span>'));

    const png = join(sb.dir, 'phone.png');
    expect(runChromium(['--window-size=390,844', `--screenshot=${png}`, `file://${file}`]).status).toBe(0);
    expect(existsSync(png) && statSync(png).size).toBeGreaterThan(10_000);
  });
});
