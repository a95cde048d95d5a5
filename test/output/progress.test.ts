import { describe, expect, it } from 'vitest';
import { createProgress } from '../../src/output/progress.js';

function stream(isTTY: boolean) {
  const writes: string[] = [];
  return { isTTY, write: (s: string) => writes.push(s), writes };
}

describe('createProgress', () => {
  it('draws on a terminal for large jobs and clears the line when done', () => {
    const s = stream(true);
    const p = createProgress(s, 'importing', 100);
    p.update(50, 200);
    p.update(51, 200); // same percentage: not redrawn
    p.update(200, 200);
    p.done();
    expect(s.writes).toHaveLength(3);
    expect(s.writes[0]).toContain('importing [########......................] 25% 50/200');
    expect(s.writes[1]).toContain('100% 200/200');
    expect(s.writes[2]).toMatch(/^\r +\r$/);
  });

  it('stays silent off a terminal and for small jobs', () => {
    const pipe = stream(false);
    createProgress(pipe, 'importing', 100).update(500, 1000);
    const tty = stream(true);
    const small = createProgress(tty, 'importing', 100);
    small.update(10, 50);
    small.done();
    expect(pipe.writes).toEqual([]);
    expect(tty.writes).toEqual([]);
  });
});

describe('export progress', () => {
  it('yaml and json serialisers report every row once, ending at the total', async () => {
    const { toJson, toYaml } = await import('../../src/output/transfer.js');
    const item = (n: number) => ({
      number: n, title: `Item ${n}`, description: null, type: 'story' as const, value: 8, rationale: 'why it matters to shoppers', goal: 'G1',
      estimate: null, status: 'ready' as const, rank: `a${n}`, createdBy: 'a@x', createdAt: '2026-01-01T00:00:00.000Z',
      updatedAt: '2026-01-01T00:00:00.000Z', startedAt: null, doneAt: null, closedAt: null, reason: null, criteria: [], assignee: null, labels: [], dependsOn: [],
    });
    const snapshot = { goals: [], items: Array.from({ length: 4001 }, (_, i) => item(i + 1)), events: [] };
    for (const serialise of [toJson, toYaml]) {
      const calls: [number, number][] = [];
      serialise(snapshot as never, (done, total) => calls.push([done, total]));
      expect(calls).toEqual([[2000, 4001], [4000, 4001], [4001, 4001]]);
    }
  });
});
