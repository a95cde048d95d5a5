/**
 * The one case a sync leaves for the Product Owner to sign: decisions made on two of their
 * machines at once, merged so that one machine's move wins over the other's. Only there
 * does `resignIfNeeded` sign (a checkpoint of the merged backlog), and only with the key.
 */
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { addGoal } from '../../src/commands/goal.js';
import { initBacklog, renderConfig } from '../../src/commands/init.js';
import { addItem } from '../../src/commands/items.js';
import { moveItem } from '../../src/commands/move.js';
import { ownerSigningKey, resignIfNeeded } from '../../src/commands/signing.js';
import { verifyBacklog } from '../../src/commands/verify.js';
import { generateKey } from '../../src/config/keys.js';
import { databasePath, loadConfig } from '../../src/config/load.js';
import { DEV, OWNER } from '../helpers/cli.js';
import { testContext } from '../helpers/context.js';
import { readDatabase, sync, type Clone, type Remote } from '../helpers/sync-sim.js';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
const temp = (name: string) => {
  const d = mkdtempSync(join(tmpdir(), name));
  dirs.push(d);
  return d;
};

describe('decisions made on two of the Product Owner machines', () => {
  it("fork; the merge keeps the published move; the Product Owner's sync signs the merged backlog, nobody else's can", async () => {
    const home = temp('ordo-po-home-');
    const elsewhere = temp('ordo-dev-home-');
    const first = temp('ordo-fork-a-');
    let clock = Date.parse('2026-11-23T09:00:00Z');
    const ctx = (dir: string, user = OWNER, h = home) => testContext(dir, user, { env: { HOME: h }, now: () => new Date((clock += 1000)) });
    const key = generateKey({ HOME: home }).publicKey;
    writeFileSync(join(first, 'ordo.yml'), `${renderConfig({ owner: OWNER, product: 'Fork', prefix: 'ORD' })}owner-key: ${key}\n`);
    await initBacklog({}, ctx(first));
    await addGoal({ id: 'G1', title: 'Faster checkout' }, ctx(first));
    for (let i = 1; i <= 4; i++) await addItem({ title: `Item ${i}`, value: '8', why: 'Shoppers abandon carts when this is missing', goal: 'G1' }, ctx(first));
    const second = temp('ordo-fork-b-');
    const third = temp('ordo-fork-dev-');
    cpSync(first, second, { recursive: true });
    cpSync(first, third, { recursive: true });
    const start = await readDatabase(databasePath(first));
    const remote: Remote = { published: start };
    const a: Clone = { db: databasePath(first), base: start };
    const b: Clone = { db: databasePath(second), base: start };
    const dev: Clone = { db: databasePath(third), base: start };
    const config = await loadConfig(first);

    await moveItem({ key: 'ORD-4', placement: { kind: 'top' } }, ctx(first));
    await sync(a, remote);
    await moveItem({ key: 'ORD-2', placement: { kind: 'top' } }, ctx(second));
    // Synced without the key (here: the second machine's backlog copied to a teammate, who syncs it): nothing is signed...
    const copy = temp('ordo-fork-copy-');
    cpSync(second, copy, { recursive: true });
    const elsewhereRemote: Remote = { published: remote.published };
    await sync({ db: databasePath(copy), base: start }, elsewhereRemote, (store, sides) => {
      const identity = { id: DEV, source: 'ORDO_USER' as const };
      expect(resignIfNeeded({ store, config, identity, at: new Date(clock).toISOString(), command: 'sync', key: ownerSigningKey({ env: { HOME: elsewhere } }, config, identity) }, sides)).toBeNull();
    });
    // ...and the merged backlog, which kept the first machine's move, does not verify.
    const diverged = await verifyBacklog({}, ctx(copy, DEV, elsewhere));
    expect(diverged.violations.map((v) => v.message).join('\n')).toContain('the signed decisions put it at position');

    // The Product Owner's machine syncs: the merged backlog is signed, and the sync is told what differed.
    await sync(b, remote, (store, sides) => {
      const identity = { id: OWNER, source: 'ORDO_USER' as const };
      const signed = resignIfNeeded({ store, config, identity, at: new Date((clock += 1000)).toISOString(), command: 'sync', key: ownerSigningKey({ env: { HOME: home } }, config, identity) }, sides);
      expect(signed?.join('\n')).toContain('the signed decisions put it at position');
    });
    expect((await verifyBacklog({}, ctx(second))).violations).toEqual([]);
    await sync(dev, remote);
    expect((await verifyBacklog({}, ctx(third, DEV, elsewhere))).violations).toEqual([]);
  });
});
