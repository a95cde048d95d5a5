/**
 * The command functions called in-process with a hand-built Context: no CLI, no
 * process.cwd, no environment, a fixed clock. Proves commands are a library.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Context } from '../../src/commands/context.js';
import { addGoal, closeGoal } from '../../src/commands/goal.js';
import { initBacklog } from '../../src/commands/init.js';
import { addItem, editItem } from '../../src/commands/items.js';
import { showItem } from '../../src/commands/show.js';
import { listItems, nextItems } from '../../src/commands/list.js';
import { moveItem } from '../../src/commands/move.js';
import { whoami } from '../../src/commands/whoami.js';
import { changeStatus, triageItem } from '../../src/commands/workflow.js';
import { databasePath, findProjectRoot, loadConfig } from '../../src/config/load.js';
import type { Identity } from '../../src/core/types.js';
import { ConflictError, PermissionError, UsageError } from '../../src/errors.js';

const OWNER = 'alice@example.com';
const STRANGER = 'zed@example.com';
const NOW = new Date('2026-11-23T09:00:00.000Z');
const WHY = 'Shoppers abandon carts when this is missing';

let dir: string;

function context(id: string, cwd = dir): Context {
  const identity: Identity = { id, source: 'ORDO_USER' };
  return {
    cwd,
    env: {},
    now: () => NOW,
    identity: () => identity,
    config: () => loadConfig(findProjectRoot(cwd)),
    interactive: false,
  };
}

function dbHash(): string {
  return createHash('sha256').update(readFileSync(databasePath(dir))).digest('hex');
}

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ordo-cmd-'));
  await initBacklog({ owner: OWNER, product: 'Acme Checkout', prefix: 'ACME' }, context(OWNER));
  await addGoal({ id: 'G1', title: 'Faster checkout', horizon: '2026-Q4' }, context(OWNER));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('commands without the CLI', () => {
  it('addItem, moveItem and listItems work on a temp dir with a fixed clock', async () => {
    const po = context(OWNER);
    for (const title of ['Retry card payments', 'Save cards', 'Apple Pay']) {
      await addItem({ title, value: '8', why: WHY, goal: 'G1' }, po);
    }
    const moved = await moveItem({ key: 'ACME-3', placement: { kind: 'top' } }, po);
    expect(moved.moved).toEqual({ from: 3, to: 1 });
    expect(moved.item).toMatchObject({ key: 'ACME-3', position: 1, status: 'ready', createdAt: NOW.toISOString(), createdBy: OWNER });

    await moveItem({ key: 'acme-1', placement: { kind: 'after', key: 'ACME-2' } }, po);
    const list = await listItems({}, po);
    expect(list.items.map((i) => [i.key, i.position])).toEqual([
      ['ACME-3', 1],
      ['ACME-2', 2],
      ['ACME-1', 3],
    ]);

    const shown = await showItem({ key: 'ACME-1' }, context(STRANGER));
    expect(shown.history.map((e) => [e.action, e.at])).toEqual([
      ['add', NOW.toISOString()],
      ['move', NOW.toISOString()],
    ]);
  });

  it('returns data, and throws typed errors with exit codes instead of printing', async () => {
    const po = context(OWNER);
    await addItem({ title: 'Retry card payments', value: '8', why: WHY, goal: 'G1' }, po);
    const before = dbHash();

    await expect(moveItem({ key: 'ACME-1', placement: { kind: 'top' } }, context(STRANGER))).rejects.toSatisfy(
      (e) => e instanceof PermissionError && e.exitCode === 3 && e.code === 'NOT_PRODUCT_OWNER' && e.message.includes(`${STRANGER} (from ORDO_USER)`),
    );
    await expect(addItem({ title: 'X', value: '4', why: WHY, goal: 'G1' }, po)).rejects.toBeInstanceOf(UsageError);
    await expect(changeStatus('done', { key: 'ACME-1' }, po)).rejects.toBeInstanceOf(ConflictError);
    expect(dbHash()).toBe(before);
  });

  it('a proposal, its triage and the workflow, as data', async () => {
    const proposal = await addItem({ title: 'Gift cards', value: '5', why: WHY, goal: 'G1' }, context(STRANGER));
    expect(proposal).toMatchObject({ proposed: true, item: { key: 'ACME-1', status: 'proposed', position: null } });
    expect((await listItems({}, context(OWNER))).items).toEqual([]);
    expect((await editItem({ key: 'ACME-1', value: '8' }, context(STRANGER))).changes).toEqual({ value: { from: 5, to: 8 } });

    const triaged = await triageItem({ key: 'ACME-1', accept: true, at: 'top' }, context(OWNER));
    expect(triaged.transition).toEqual({ from: 'proposed', to: 'ready' });
    expect((await nextItems({ count: 1 }, context(STRANGER))).items.map((i) => i.key)).toEqual(['ACME-1']);

    await changeStatus('start', { key: 'ACME-1' }, context(STRANGER));
    expect((await nextItems({}, context(STRANGER))).items).toEqual([]);
    const done = await changeStatus('done', { key: 'ACME-1' }, context(STRANGER));
    expect(done.item).toMatchObject({ status: 'done', position: null, doneAt: NOW.toISOString() });

    const closed = await closeGoal({ id: 'G1', status: 'achieved' }, context(OWNER));
    expect(closed.rankedItems).toBe(0);
  });

  it('finds the project from a subdirectory given as cwd, and whoami needs no backlog', async () => {
    const result = await whoami({}, context(OWNER, join(dir, '.ordo')));
    expect(result).toMatchObject({ id: OWNER, product: 'Acme Checkout', roles: ['product-owner', 'developer'] });
    const outside = await whoami({}, context(STRANGER, tmpdir()));
    expect(outside).toMatchObject({ id: STRANGER, product: null, roles: [] });
  });
});
