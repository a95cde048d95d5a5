import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'ordo-bench-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Only that the suite runs and reports every workload: timings on a shared machine prove nothing.
// Spawned asynchronously: the suite runs for a minute or more, and vitest's worker must stay responsive meanwhile.
it('BENCH_QUICK=1 runs every workload and writes well-formed JSON', async () => {
  const out = join(dir, 'latest.json');
  const r = await promisify(execFile)(process.execPath, [join(ROOT, 'scripts', 'bench.mjs')], {
    cwd: ROOT,
    env: { ...process.env, BENCH_QUICK: '1', BENCH_OUT: out, BENCH_RUNS: undefined },
    encoding: 'utf8',
    timeout: 290_000,
    maxBuffer: 16 << 20,
  });
  // execFile rejects on a non-zero exit, so reaching here means the suite exited 0.
  expect(r.stderr).not.toMatch(/Error:/);
  const json = JSON.parse(readFileSync(out, 'utf8'));
  expect(json).toMatchObject({ schemaVersion: 1, kind: 'bench-results', quick: true, sizes: [1000] });
  const rows = json.results as { id: string; name: string; measured: boolean; ratio?: number; note?: string; maxKeyLength?: number; target: number | null; pass: boolean | null }[];
  const ids = ['version', 'next', 'list', 'show', 'whoami', 'move', 'move-deep', 'add', 'start', 'done', 'check', 'check-mem', 'next-mem', 'export-mem', 'import', 'moves-same', 'moves-random', 'search', 'search-rare', 'sync'];
  expect(rows.map((row) => row.id)).toEqual(ids);
  expect(json.environment).toContain('NODE_EXTRA_CA_CERTS unset');
  for (const row of rows) {
    // Only the sync figure has no target (the issue asks for it as a ratio).
    if (row.id === 'sync') expect(row.target).toBeNull();
    else expect(row.target).toBeGreaterThan(0);
    if (row.measured) {
      expect(row.ratio).toBeGreaterThan(0);
      expect(row.pass).toBe(row.target === null ? null : row.ratio! <= row.target && (row.maxKeyLength === undefined || row.maxKeyLength <= 24));
    } else expect(row.note).toMatch(/^not measured: /);
  }
  for (const row of rows.filter((x) => x.id.startsWith('moves-'))) expect(row.maxKeyLength).toBeGreaterThan(0);
  for (const row of rows.filter((x) => x.id.startsWith('search') || x.id === 'sync')) expect(row.measured).toBe(true);
  // The table on stdout names every workload, says how it was measured and which targets were missed.
  for (const id of ids) expect(r.stdout).toContain(`| ${id} `);
  expect(r.stdout).toContain('NODE_EXTRA_CA_CERTS unset');
  expect(r.stdout).toMatch(/^(Every target is met\.|Missed: .+)$/m);
}, 300_000);
