/**
 * Property-based test: random sequences of commands run in-process through the real command
 * functions, against an in-memory model of the backlog (the order as an array, statuses, who
 * may do what per DESIGN.md section 1). After every step the exit code, the order and every
 * item's status must match the model.
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addGoal } from '../../src/commands/goal.js';
import { initBacklog, renderConfig } from '../../src/commands/init.js';
import { addItem, editItem } from '../../src/commands/items.js';
import { showItem } from '../../src/commands/show.js';
import { listItems } from '../../src/commands/list.js';
import { moveItem } from '../../src/commands/move.js';
import { changeStatus, triageItem } from '../../src/commands/workflow.js';
import type { Placement } from '../../src/core/ranking.js';
import { OrdoError } from '../../src/errors.js';
import { DEV, MANAGER, OWNER, STRANGER } from '../helpers/cli.js';
import { testContext } from '../helpers/context.js';

const READY_AT_START = 8;
const PROPOSED_AT_START = 3;
const SCALE = [1, 2, 3, 5, 8, 13, 21];

type Status = 'proposed' | 'ready' | 'in-progress' | 'done' | 'accepted' | 'rejected' | 'dropped';
interface ModelItem {
  status: Status;
  createdBy: string;
}

/** The backlog as the rules say it should be. */
class Model {
  items = new Map<number, ModelItem>();
  order: number[] = [];
  next = 1;
  /** The backlog every run starts from (see beforeAll): ranked items by the PO, then proposals by a stakeholder. */
  constructor() {
    for (let i = 0; i < READY_AT_START + PROPOSED_AT_START; i++) {
      const n = this.next++;
      const ready = i < READY_AT_START;
      this.items.set(n, { status: ready ? 'ready' : 'proposed', createdBy: ready ? OWNER : STRANGER });
      if (ready) this.order.push(n);
    }
  }
  isPO = (u: string) => u === OWNER;
  canWork = (u: string) => u === OWNER || u === DEV;
}

type Place =
  | { kind: 'top' | 'bottom' }
  | { kind: 'to'; position: number }
  | { kind: 'up' | 'down'; by: number }
  | { kind: 'before' | 'after'; key: number };

type Cmd =
  | { op: 'add'; user: string; value: number; at?: Place }
  | { op: 'move'; user: string; key: number; place: Place }
  | { op: 'triage'; user: string; key: number; accept: boolean; at?: Place }
  | { op: 'start' | 'done' | 'accept' | 'reject' | 'drop'; user: string; key: number }
  | { op: 'edit'; user: string; key: number; value: number };

const key = (n: number) => `ORD-${n}`;

function toPlacement(p: Place): Placement {
  if (p.kind === 'before' || p.kind === 'after') return p.kind === 'before' ? { kind: 'before', key: key(p.key) } : { kind: 'after', key: key(p.key) };
  return p as Placement;
}
function toAt(p: Place): string {
  if (p.kind === 'before' || p.kind === 'after') return `${p.kind}:${key(p.key)}`;
  if (p.kind === 'to') return String(p.position);
  return p.kind;
}

/** Where an item ends up: the model's reading of DESIGN section 7 and `ordo move`'s flags. Throws the exit code on failure. */
function placeIn(m: Model, n: number, p: Place): void {
  const current = m.order.indexOf(n);
  const others = m.order.filter((x) => x !== n);
  const last = others.length + 1;
  let index: number;
  switch (p.kind) {
    case 'top':
      index = 0;
      break;
    case 'bottom':
      index = others.length;
      break;
    case 'to':
      if (p.position > last) throw 2;
      index = p.position - 1;
      break;
    case 'up':
      index = Math.max(1, (current === -1 ? last : current + 1) - p.by) - 1;
      break;
    case 'down':
      index = Math.min(last, (current === -1 ? last : current + 1) + p.by) - 1;
      break;
    default: {
      const anchor = m.items.get(p.key);
      if (!anchor) throw 4;
      if (p.key === n) throw 2;
      const a = others.indexOf(p.key);
      if (a === -1) throw 2;
      index = p.kind === 'before' ? a : a + 1;
    }
  }
  others.splice(index, 0, n);
  m.order = others;
}

const CLOSED: Status[] = ['accepted', 'rejected', 'dropped'];
const TRANSITIONS: Record<'start' | 'done' | 'accept' | 'reject' | 'drop', { from: Status[]; to: Status; po: boolean }> = {
  start: { from: ['ready'], to: 'in-progress', po: false },
  done: { from: ['in-progress'], to: 'done', po: false },
  accept: { from: ['done'], to: 'accepted', po: true },
  reject: { from: ['proposed', 'done'], to: 'rejected', po: true },
  drop: { from: ['proposed', 'ready', 'in-progress'], to: 'dropped', po: true },
};

/** Applies a command to the model; returns the exit code the real command must give. */
function applyModel(m: Model, c: Cmd): number {
  const snapshot = { items: new Map([...m.items].map(([k, v]) => [k, { ...v }])), order: [...m.order], next: m.next };
  try {
    step(m, c);
    return 0;
  } catch (code) {
    if (typeof code !== 'number') throw code;
    Object.assign(m, snapshot); // a failing command writes nothing
    return code;
  }
}

function step(m: Model, c: Cmd): void {
  if ((c.op === 'add' || c.op === 'edit') && !SCALE.includes(c.value)) throw 2;
  if (c.op === 'add') {
    if (!m.isPO(c.user) && c.at) throw 3;
    const n = m.next++;
    m.items.set(n, { status: m.isPO(c.user) ? 'ready' : 'proposed', createdBy: c.user });
    if (m.isPO(c.user)) placeIn(m, n, c.at ?? { kind: 'bottom' });
    return;
  }
  const permitted = c.op === 'edit' || (c.op === 'start' || c.op === 'done' ? m.canWork(c.user) : m.isPO(c.user));
  if (!permitted) throw 3;
  const item = m.items.get(c.key);
  if (!item) throw 4;
  switch (c.op) {
    case 'edit':
      if (!m.isPO(c.user) && !(item.status === 'proposed' && item.createdBy === c.user)) throw 3;
      if (CLOSED.includes(item.status)) throw 5;
      return;
    case 'move':
      if (!m.order.includes(c.key)) throw 5;
      placeIn(m, c.key, c.place);
      return;
    case 'triage':
      if (item.status !== 'proposed') throw 5;
      if (c.accept) {
        item.status = 'ready';
        placeIn(m, c.key, c.at ?? { kind: 'bottom' });
      } else {
        item.status = 'rejected';
      }
      return;
    default: {
      const t = TRANSITIONS[c.op];
      if (!t.from.includes(item.status)) throw 5;
      if (c.op === 'reject' && item.status === 'done') {
        // Delivered work the Product Owner rejects goes back to the top of the order.
        item.status = 'ready';
        placeIn(m, c.key, { kind: 'top' });
        return;
      }
      item.status = t.to;
      if (t.to !== 'in-progress') m.order = m.order.filter((x) => x !== c.key);
    }
  }
}

/** Runs the command through the real command function; returns its exit code. */
async function applyReal(dir: string, c: Cmd): Promise<number> {
  const ctx = testContext(dir, c.user);
  const why = 'Shoppers abandon carts when this is missing';
  try {
    switch (c.op) {
      case 'add':
        await addItem({ title: `Item by ${c.user}`, value: String(c.value), why, goal: 'G1', ...(c.at ? { at: toAt(c.at) } : {}) }, ctx);
        break;
      case 'move': {
        const before = await showItem({ key: key(c.key) }, ctx).catch(() => undefined);
        const result = await moveItem({ key: key(c.key), placement: toPlacement(c.place) }, ctx);
        // The positions a move reports are the item's real places before and after it.
        expect(result.moved).toEqual({ from: before?.item.position, to: (await showItem({ key: key(c.key) }, ctx)).item.position });
        break;
      }
      case 'triage':
        await triageItem(c.accept ? { key: key(c.key), accept: true, ...(c.at ? { at: toAt(c.at) } : {}) } : { key: key(c.key), reject: true, reason: 'Covered elsewhere' }, ctx);
        break;
      case 'edit':
        await editItem({ key: key(c.key), value: String(c.value) }, ctx);
        break;
      default:
        await changeStatus(c.op, { key: key(c.key), ...(c.op === 'drop' || c.op === 'reject' ? { reason: 'No longer wanted' } : {}) }, ctx);
    }
    return 0;
  } catch (error) {
    if (error instanceof OrdoError) return error.exitCode;
    throw error;
  }
}

const user = fc.oneof({ weight: 4, arbitrary: fc.constant(OWNER) }, { weight: 2, arbitrary: fc.constant(DEV) }, fc.constant(MANAGER), fc.constant(STRANGER));
const itemKey = fc.integer({ min: 1, max: READY_AT_START + PROPOSED_AT_START + 6 });
const maybe = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined, freq: 2 });
const value = fc.oneof({ weight: 9, arbitrary: fc.constantFrom(...SCALE) }, { weight: 1, arbitrary: fc.constantFrom(4, 0, 100) });
const entering: fc.Arbitrary<Place> = fc.oneof(
  fc.constantFrom<Place>({ kind: 'top' }, { kind: 'bottom' }),
  fc.integer({ min: 1, max: 8 }).map((position): Place => ({ kind: 'to', position })),
  fc.record({ kind: fc.constantFrom('before' as const, 'after' as const), key: itemKey }),
);
const moving: fc.Arbitrary<Place> = fc.oneof(entering, fc.record({ kind: fc.constantFrom('up' as const, 'down' as const), by: fc.integer({ min: 1, max: 4 }) }));
const command: fc.Arbitrary<Cmd> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ op: fc.constant('add' as const), user, value, at: maybe(entering) }) },
  { weight: 4, arbitrary: fc.record({ op: fc.constant('move' as const), user, key: itemKey, place: moving }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('triage' as const), user, key: itemKey, accept: fc.boolean(), at: maybe(entering) }) },
  { weight: 4, arbitrary: fc.record({ op: fc.constantFrom('start' as const, 'done' as const, 'accept' as const, 'reject' as const, 'drop' as const), user, key: itemKey }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('edit' as const), user, key: itemKey, value }) },
);

let template: string;
/** How often each command ended with each exit code: shows the runs reach every path. */
const outcomes = new Map<string, number>();
const dirs: string[] = [];

beforeAll(async () => {
  template = mkdtempSync(join(tmpdir(), 'ordo-model-'));
  dirs.push(template);
  writeFileSync(
    join(template, 'ordo.yml'),
    renderConfig({ owner: OWNER, product: 'Model', prefix: 'ORD' }).replace('managers: []', `managers: [${MANAGER}]`).replace('team: []', `team: [${DEV}]`),
  );
  await initBacklog({}, testContext(template, OWNER));
  await addGoal({ id: 'G1', title: 'Faster checkout' }, testContext(template, OWNER));
  const why = 'Shoppers abandon carts when this is missing';
  for (let i = 0; i < READY_AT_START; i++) await addItem({ title: `Ranked ${i + 1}`, value: '8', why, goal: 'G1' }, testContext(template, OWNER));
  for (let i = 0; i < PROPOSED_AT_START; i++) await addItem({ title: `Proposal ${i + 1}`, value: '3', why, goal: 'G1' }, testContext(template, STRANGER));
});
afterAll(() => {
  console.log([...outcomes].sort().map(([k, v]) => `${k} ${v}`).join(', '));
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function freshBacklog(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ordo-model-run-'));
  dirs.push(dir);
  mkdirSync(join(dir, '.ordo'));
  copyFileSync(join(template, 'ordo.yml'), join(dir, 'ordo.yml'));
  copyFileSync(join(template, '.ordo', 'backlog.db'), join(dir, '.ordo', 'backlog.db'));
  return dir;
}

describe('random command sequences against a model of the backlog', () => {
  it('order, statuses and permission outcomes match the model after every step', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(command, { minLength: 5, maxLength: 40 }), async (cmds) => {
        const dir = freshBacklog();
        const model = new Model();
        try {
          for (const [i, c] of cmds.entries()) {
            const expected = applyModel(model, c);
            const tally = `${c.op}:${expected}`;
            outcomes.set(tally, (outcomes.get(tally) ?? 0) + 1);
            const actual = await applyReal(dir, c);
            const where = `step ${i}: ${JSON.stringify(c)}`;
            expect(actual, where).toBe(expected);
            const all = (await listItems({ all: true }, testContext(dir, STRANGER))).items;
            expect(all.filter((x) => x.position !== null).map((x) => x.key), where).toEqual(model.order.map(key));
            expect(Object.fromEntries(all.map((x) => [x.key, x.status])), where).toEqual(
              Object.fromEntries([...model.items].map(([n, it]) => [key(n), it.status])),
            );
          }
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      }),
      { numRuns: Number(process.env.ORDO_MODEL_RUNS ?? 80), seed: process.env.ORDO_MODEL_SEED ? Number(process.env.ORDO_MODEL_SEED) : undefined },
    );
  }, 120_000);
});
