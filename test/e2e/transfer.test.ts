import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
// @ts-expect-error plain ESM script without types
import { loadAcme } from '../../examples/acme/load.mjs';
import { toJson, toYaml } from '../../src/output/transfer.js';
import { DEV, OWNER, Sandbox, STRANGER } from '../helpers/cli.js';
import { generateSnapshot } from '../helpers/generate.js';

const sandboxes: Sandbox[] = [];
afterEach(async () => {
  for (const s of sandboxes.splice(0)) s.cleanup();
  // These tests block on child processes; give the test runner's messages a turn between them.
  await new Promise((resolve) => setImmediate(resolve));
});

function fresh(): Sandbox {
  const sb = new Sandbox();
  sandboxes.push(sb);
  return sb;
}

/** An empty backlog with the same ordo.yml as `from`. */
function emptyLike(from: Sandbox, user = OWNER): Sandbox {
  const sb = fresh();
  writeFileSync(join(sb.dir, 'ordo.yml'), readFileSync(join(from.dir, 'ordo.yml')));
  const run = sb.run.bind(sb);
  sb.run = (args, options = {}) => run(args, { user, ...options });
  sb.ok(['init']);
  return sb;
}

/** Exports to a file (large exports do not fit a spawned process's captured stdout) and reads it back. */
function exportText(sb: Sandbox, format: string): string {
  const file = join(sb.home, `out.${format}`);
  sb.ok(['export', '--format', format, '-o', file]);
  return readFileSync(file, 'utf8');
}

/** A small backlog with every kind of item: ranked, proposed, finished. */
function smallBacklog(): Sandbox {
  const sb = fresh().initBacklog();
  sb.addItems(3);
  sb.ok(['add', 'Gift cards', '--value', '5', '--why', 'Shoppers ask for gift cards every December', '--goal', 'G1'], { user: DEV });
  sb.ok(['start', 'ORD-1'], { user: DEV });
  sb.ok(['done', 'ORD-1'], { user: DEV });
  sb.ok(['move', 'ORD-3', '--top']);
  return sb;
}

function roundTrip(source: Sandbox, format: 'yaml' | 'json', user = OWNER): void {
  const first = source.ok(['export', '--format', format]).stdout;
  const file = join(source.home, `backlog.${format}`);
  writeFileSync(file, first);
  const target = emptyLike(source, user);
  target.ok(['import', file]);
  expect(target.ok(['export', '--format', format]).stdout).toBe(first);
  expect(target.order()).toEqual(source.order());
}

describe('export and import round trip', () => {
  it('the example backlog: yaml and json, byte for byte', () => {
    const sb = fresh();
    rmSync(sb.dir, { recursive: true });
    loadAcme(sb.dir);
    const user = { user: 'alice@acme.example' };
    const run = sb.run.bind(sb);
    sb.run = (args, options = {}) => run(args, { ...user, ...options });
    roundTrip(sb, 'yaml', user.user);
    roundTrip(sb, 'json', user.user);
    const doc = JSON.parse(sb.ok(['export', '--format', 'json']).stdout);
    expect(doc).toMatchObject({ schemaVersion: 1, kind: 'ordo-backlog' });
    expect(new Set(doc.items.map((i: { status: string }) => i.status))).toEqual(new Set(['in-progress', 'ready', 'proposed', 'done', 'accepted', 'rejected', 'dropped']));
    expect(doc.items[0]).toMatchObject({ position: 1, rank: expect.any(String) });
    expect(doc.events.length).toBeGreaterThan(doc.items.length);
  });

  it('a generated 10,000-item backlog: yaml and json, byte for byte', () => {
    const snapshot = generateSnapshot(10_000);
    const dir = mkdtempSync(join(tmpdir(), 'ordo-big-'));
    try {
      for (const [format, text] of [
        ['yaml', toYaml(snapshot)],
        ['json', toJson(snapshot)],
      ] as const) {
        // `text` is what export writes for this backlog: importing it and exporting again must give it back.
        const file = join(dir, `big.${format}`);
        writeFileSync(file, text);
        const sb = fresh();
        writeFileSync(join(sb.dir, 'ordo.yml'), `product: Big\nowner: ${OWNER}\n`);
        sb.ok(['init']);
        sb.ok(['import', file]);
        expect(exportText(sb, format)).toBe(text);
        expect(sb.ok(['list', '--limit', '3', '--json']).json().items.map((i: { position: number }) => i.position)).toEqual([1, 2, 3]);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('import refuses bad input and writes nothing', () => {
  function withFile(text: string, name = 'backlog.yaml'): { sb: Sandbox; file: string; before: string } {
    const sb = fresh().initBacklog();
    const file = join(sb.home, name);
    writeFileSync(file, text);
    return { sb, file, before: sb.dbHash() };
  }
  const exportOf = (format: 'yaml' | 'json') => smallBacklog().ok(['export', '--format', format]).stdout;
  const lineOf = (text: string, needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;

  it('YAML that does not parse: line and column, exit 6', () => {
    const { sb, file, before } = withFile('schemaVersion: 1\nkind: ordo-backlog\ngoals:\n  - id: G1\n    title: Goal: one\nitems: []\n');
    const r = sb.run(['import', file]);
    expect(r.code).toBe(6);
    expect(r.stderr).toContain('backlog.yaml:5:12: not valid YAML: Nested mappings are not allowed');
    expect(sb.dbHash()).toBe(before);
  });

  it('a wrong type: the field, its line and column', () => {
    const text = exportOf('yaml').replace(/value: 8\n/, 'value: eight\n');
    const { sb, file, before } = withFile(text);
    const r = sb.run(['import', file, '--replace']);
    expect(r.code).toBe(6);
    expect(r.stderr).toContain(`backlog.yaml:${lineOf(text, 'value: eight')}:5: items[0].value`);
    expect(sb.dbHash()).toBe(before);
  });

  it('an unknown goal and a value off the scale, each with its line', () => {
    const text = exportOf('yaml').replace('goal: G1\n', 'goal: G9\n').replace(/value: 5\n/, 'value: 4\n');
    const { sb, file, before } = withFile(text);
    const r = sb.run(['import', file, '--replace']);
    expect(r.code).toBe(6);
    expect(r.stderr).toContain(`:${lineOf(text, 'goal: G9')}:5: items[0].goal "G9" is not a goal in this file`);
    expect(r.stderr).toMatch(new RegExp(`:${lineOf(text, 'value: 4')}:5: items\\[\\d\\]\\.value 4 is not on the value scale`));
    expect(sb.dbHash()).toBe(before);
  });

  it('positions that disagree with the rank keys', () => {
    const text = exportOf('yaml').replace('position: 1\n', 'position: 2\n');
    const { sb, file, before } = withFile(text);
    const r = sb.run(['import', file, '--replace']);
    expect(r.code).toBe(6);
    expect(r.stderr).toContain('positions must follow the rank keys');
    expect(sb.dbHash()).toBe(before);
  });

  it('JSON: a syntax error with line and column, a wrong type with its path and line', () => {
    const broken = withFile('{\n  "schemaVersion": 1,\n  "kind": "ordo-backlog",\n  "goals": [}\n', 'broken.json');
    const r1 = broken.sb.run(['import', broken.file]);
    expect(r1.code).toBe(6);
    expect(r1.stderr).toMatch(/broken\.json:4:13: not valid JSON/);
    expect(broken.sb.dbHash()).toBe(broken.before);

    const text = exportOf('json').replace('"type":"story"', '"type":"epic"');
    const { sb, file, before } = withFile(text, 'backlog.json');
    const r2 = sb.run(['import', file, '--replace']);
    expect(r2.code).toBe(6);
    const line = lineOf(text, '"epic"');
    const col = text.split('\n')[line - 1]!.indexOf('"epic"') + 1;
    expect(r2.stderr).toContain(`backlog.json:${line}:${col}: items[0].type Invalid option`);
    expect(sb.dbHash()).toBe(before);
  });

  it('a file with git conflict markers: exit 6 and a hint', () => {
    const text = exportOf('yaml');
    const conflicted = text.replace('items:\n', 'items:\n<<<<<<< HEAD\n=======\n>>>>>>> theirs\n');
    const { sb, file, before } = withFile(conflicted);
    const r = sb.run(['import', file, '--replace']);
    expect(r.code).toBe(6);
    expect(r.stderr).toContain('git conflict markers');
    expect(r.stderr).toContain('hint: Resolve the conflict first');
    expect(sb.dbHash()).toBe(before);
  });

  it('anyone but the Product Owner: exit 3', () => {
    const { sb, file, before } = withFile(exportOf('yaml'));
    const r = sb.run(['import', file, '--replace'], { user: STRANGER });
    expect(r.code).toBe(3);
    expect(r.stderr).toContain(`Only the Product Owner (${OWNER}) may import`);
    expect(sb.dbHash()).toBe(before);
  });

  it('a backlog with items: refused without --replace (exit 5); --dry-run counts and writes nothing; --replace records it', () => {
    const source = smallBacklog();
    const file = join(source.home, 'backlog.yaml');
    writeFileSync(file, source.ok(['export']).stdout);
    const sb = fresh().initBacklog();
    sb.addItems(2, 'Old');
    const before = sb.dbHash();
    const refused = sb.run(['import', file]);
    expect(refused.code).toBe(5);
    expect(refused.stderr).toContain('--replace');
    expect(sb.dbHash()).toBe(before);

    const dry = sb.ok(['import', file, '--dry-run', '--json']).json();
    expect(dry).toMatchObject({ kind: 'import', dryRun: true, replaced: true, totals: { items: 4, goals: 1 } });
    expect(dry.changes.items).toEqual({ added: 2, changed: 2, removed: 0 });
    expect(sb.dbHash()).toBe(before);

    sb.ok(['import', file, '--replace']);
    expect(sb.order()).toEqual(source.order());
    const events = JSON.parse(sb.ok(['export', '--format', 'json']).stdout).events;
    expect(events.at(-1)).toMatchObject({ action: 'import', command: 'import', actor: OWNER });
  });
});

describe('one-way exports', () => {
  it('csv and md list the order, then the intake, then finished items', () => {
    const sb = smallBacklog();
    const csv = sb.ok(['export', '--format', 'csv']).stdout.split('\r\n');
    expect(csv[0]).toBe('position,key,status,title,type,value,goal,estimate,rationale,description,created_by,created_at,reason,labels,depends_on');
    expect(csv.slice(1, 6).map((l) => l.split(',').slice(0, 3).join(','))).toEqual([
      '1,ORD-3,ready',
      '2,ORD-2,ready',
      ',ORD-4,proposed',
      ',ORD-1,done',
      '',
    ]);
    const md = sb.ok(['export', '--format', 'md']).stdout;
    expect(md.indexOf('## Order')).toBeLessThan(md.indexOf('## Intake'));
    expect(md.indexOf('## Intake')).toBeLessThan(md.indexOf('## Finished'));
    expect(md).toContain('| 1 | ORD-3 | Item 3 | 8 | G1 | ready |');
    const r = sb.run(['export', '--format', 'pdf']);
    expect(r.code).toBe(2);
  });
});
