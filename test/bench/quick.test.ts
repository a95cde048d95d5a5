import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'ordo-bench-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Only that the suite runs and reports every workload: timings on a shared machine prove nothing.
it('BENCH_QUICK=1 runs every workload and writes well-formed JSON', () => {
  const out = join(dir, 'latest.json');
  const r = spawnSync(process.execPath, [join(ROOT, 'scripts', 'bench.mjs')], {
    cwd: ROOT,
    env: { ...process.env, BENCH_QUICK: '1', BENCH_OUT: out, BENCH_RUNS: undefined },
    encoding: 'utf8',
    timeout: 170_000,
  });
  expect(r.stderr).not.toMatch(/Error:/);
  expect(r.status).toBe(0);
  const json = JSON.parse(readFileSync(out, 'utf8'));
  expect(json).toMatchObject({ schemaVersion: 1, kind: 'bench-results', quick: true, sizes: [1000] });
  const rows = json.results as { id: string; name: string; measured: boolean; ratio?: number; note?: string; maxKeyLength?: number }[];
  expect([...new Set(rows.map((row) => row.id))].sort()).toEqual(['MEM', 'W1', 'W2', 'W3', 'W3s', 'W4', 'W5', 'W6', 'W7']);
  expect(rows.filter((row) => row.id === 'W3').map((row) => row.name)).toEqual(['ordo next', 'ordo list --limit 20']);
  for (const row of rows) {
    if (row.measured) expect(row.ratio).toBeGreaterThan(0);
    else expect(row.note).toMatch(/^not measured: /);
  }
  for (const row of rows.filter((x) => x.id === 'W4' || x.id === 'W5')) expect(row.maxKeyLength).toBeGreaterThan(0);
  // The table on stdout names every workload too.
  for (const id of ['W1', 'W2', 'W3', 'W3s', 'W4', 'W5', 'W6', 'W7', 'MEM']) expect(r.stdout).toContain(`| ${id} `);
}, 180_000);
