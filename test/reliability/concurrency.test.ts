/**
 * Concurrency: 8 processes run 100 mixed commands each against one backlog at the same time
 * (the Product Owner ordering and deciding, developers starting and finishing, stakeholders
 * proposing and editing). Every command is applied or fails with a documented exit code, and
 * afterwards the backlog is whole and its audit trail is exactly what the workers were told.
 */
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isValidRankKey } from '../../src/core/ranking.js';
import { BIN, OWNER, Sandbox } from '../helpers/cli.js';
import { crashWriterPath, databaseProblems, runToEnd, spawnWriter } from '../helpers/crash.js';

const WORKERS = 8;
const COMMANDS_EACH = Number(process.env.ORDO_CONCURRENCY_COMMANDS ?? 100);
const INITIAL_ITEMS = 30;
const DOCUMENTED = [0, 2, 3, 4, 5];
const DEVELOPERS = [1, 2, 3, 4, 5].map((n) => `dev${n}@example.com`);
const STAKEHOLDERS = ['sam@example.com', 'sue@example.com'];
const WORKER = resolve(import.meta.dirname, 'concurrency-worker.mjs');

interface LogLine {
  i: number;
  user: string;
  args: string[];
  code: number | null;
  signal: string | null;
  out: any;
  err: { code: string; message: string; hint?: string } | null;
  stderr?: string;
}

/** The audit events a successful command must have appended: [action, item key]. */
function expectedEvents(line: LogLine): [string, string][] {
  if (line.code !== 0) return [];
  const [command, , flag] = line.args;
  const key: string = line.out?.item?.key;
  switch (command) {
    case 'add':
      return [['add', key]];
    case 'move':
      return line.out.moved.from !== line.out.moved.to ? [['move', key]] : [];
    case 'triage':
      return [[flag === '--accept' ? 'triage' : 'reject', key]];
    case 'edit':
      return Object.keys(line.out.changes).length > 0 ? [['edit', key]] : [];
    case 'start':
    case 'done':
    case 'accept':
    case 'reject':
    case 'drop':
      return [[command, key]];
    default:
      return []; // reads
  }
}

const STATUS_AFTER: Record<string, string> = { triage: 'ready', start: 'in-progress', done: 'done', accept: 'accepted', reject: 'rejected', drop: 'dropped' };

let sb: Sandbox;
let logs: LogLine[][];
let setupEvents: number;
let seconds: number;

beforeAll(async () => {
  sb = new Sandbox().initBacklog();
  const file = join(sb.dir, 'ordo.yml');
  writeFileSync(file, readFileSync(file, 'utf8').replace('team: []', `team: [${[OWNER, ...DEVELOPERS].join(', ')}]`));
  const writer = spawnWriter(await crashWriterPath(), sb, ['bulk-add', String(INITIAL_ITEMS)]);
  expect(await runToEnd(writer)).toBe(0);
  const db = new Database(sb.dbPath, { readonly: true });
  setupEvents = (db.prepare('SELECT MAX(id) AS n FROM events').get() as { n: number }).n;
  db.close();

  const keys = Array.from({ length: INITIAL_ITEMS }, (_, i) => `ORD-${i + 1}`);
  const workers = [
    { user: OWNER, role: 'po' },
    ...DEVELOPERS.map((user) => ({ user, role: 'developer' })),
    ...STAKEHOLDERS.map((user) => ({ user, role: 'stakeholder' })),
  ].slice(0, WORKERS);
  const started = performance.now();
  const logFiles = await Promise.all(
    workers.map((w, n) => {
      const log = join(sb.home, `worker-${n}.jsonl`);
      const cfg = { bin: BIN, dir: sb.dir, home: sb.home, user: w.user, role: w.role, count: COMMANDS_EACH, seed: 1000 + n, keys, log };
      const child = spawn(process.execPath, [WORKER, JSON.stringify(cfg)], { stdio: ['ignore', 'inherit', 'inherit'] });
      return new Promise<string>((done, fail) => child.on('exit', (code) => (code === 0 ? done(log) : fail(new Error(`worker ${n} exited ${code}`)))));
    }),
  );
  seconds = (performance.now() - started) / 1000;
  logs = logFiles.map((f) => readFileSync(f, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as LogLine));
}, 600_000);

afterAll(() => {
  if (logs) {
    const all = logs.flat();
    const by = (c: number) => all.filter((l) => l.code === c).length;
    const locked = all.filter((l) => l.err?.code === 'DATABASE_LOCKED').length;
    console.log(
      `${WORKERS} workers × ${COMMANDS_EACH} commands in ${seconds.toFixed(1)} s: ` +
        `exit 0 ${by(0)}, 2 ${by(2)}, 3 ${by(3)}, 4 ${by(4)}, 5 ${by(5)} (of which DATABASE_LOCKED ${locked})`,
    );
  }
  sb?.cleanup();
});

describe(`${WORKERS} processes × ${COMMANDS_EACH} commands against one backlog`, () => {
  it('every command was applied or failed with a documented exit code and a JSON error', () => {
    const all = logs.flat();
    expect(all).toHaveLength(WORKERS * COMMANDS_EACH);
    for (const line of all) {
      const what = `${line.user}: ordo ${line.args.join(' ')} → ${line.code} ${JSON.stringify(line.err ?? line.stderr)}`;
      expect(line.signal, what).toBeNull();
      expect(DOCUMENTED, what).toContain(line.code);
      if (line.code !== 0) {
        expect(line.err, what).toMatchObject({ kind: 'error', code: expect.any(String), message: expect.any(String) });
        expect(line.err!.message, what).not.toMatch(/SQLITE_|\n\s+at /);
      }
    }
    // Ordering is the Product Owner's alone, however busy the backlog is.
    for (const line of all.filter((l) => l.args[0] === 'move' && l.user !== OWNER)) expect(line.code).toBe(3);
    // The runs did real work, or the checks below would prove little.
    expect(all.filter((l) => l.code === 0 && l.args[0] === 'move').length).toBeGreaterThan(0);
    expect(all.filter((l) => l.code === 0 && l.args[0] === 'start').length).toBeGreaterThan(0);
  });

  it('every item is present exactly once, in rank order, and the file is intact', () => {
    const added = logs.flat().filter((l) => l.code === 0 && l.args[0] === 'add').length;
    const listed = sb.ok(['list', '--all', '--json']).json().items as { key: string; position: number | null; status: string }[];
    const keys = listed.map((i) => i.key);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys.map((k) => Number(k.slice(4))).sort((a, b) => a - b)).toEqual(Array.from({ length: INITIAL_ITEMS + added }, (_, i) => i + 1));
    expect(databaseProblems(sb.dbPath)).toEqual([]);
    const db = new Database(sb.dbPath, { readonly: true });
    const ranked = (db.prepare('SELECT number, rank FROM items WHERE rank IS NOT NULL ORDER BY rank').all() as { number: number; rank: string }[]);
    db.close();
    for (const r of ranked) expect(isValidRankKey(r.rank), r.rank).toBe(true);
    const order = listed.filter((i) => i.position !== null);
    expect(order.map((i) => i.key)).toEqual(ranked.map((r) => `ORD-${r.number}`));
    expect(order.map((i) => i.position)).toEqual(order.map((_, n) => n + 1));
  });

  it('the audit trail holds exactly the changes the workers were told were applied, in their order', () => {
    const db = new Database(sb.dbPath, { readonly: true });
    const events = db.prepare('SELECT actor, action, item FROM events WHERE id > ? ORDER BY id').all(setupEvents) as { actor: string; action: string; item: number }[];
    const items = db.prepare('SELECT number, status FROM items').all() as { number: number; status: string }[];
    const trail = db.prepare('SELECT action, item, details FROM events WHERE item IS NOT NULL ORDER BY id').all() as { action: string; item: number; details: string }[];
    db.close();
    for (const [n, log] of logs.entries()) {
      const user = log[0]!.user;
      const expected = log.flatMap(expectedEvents);
      const actual = events.filter((e) => e.actor === user).map((e) => [e.action, `ORD-${e.item}`]);
      expect(actual, `worker ${n} (${user})`).toEqual(expected);
    }
    // Replaying the whole trail gives every item's status.
    const status = new Map<number, string>();
    for (const e of trail) {
      if (e.action === 'add') status.set(e.item, JSON.parse(e.details).status as string);
      else if (STATUS_AFTER[e.action]) status.set(e.item, STATUS_AFTER[e.action]!);
    }
    for (const item of items) expect(item.status, `ORD-${item.number}`).toBe(status.get(item.number));
  });
});
