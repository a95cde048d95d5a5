/**
 * An owner handover as `ordo owner transfer` will make it: inside its writeBacklog
 * transaction it calls signHandover with the incoming owner and key, then rewrites
 * owner: and owner-key: in ordo.yml. The built binary then verifies the result.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { writeBacklog } from '../../src/commands/backlog.js';
import type { Context } from '../../src/commands/context.js';
import { signHandover } from '../../src/commands/signing.js';
import { setConfigValues } from '../../src/config/edit.js';
import { loadConfig } from '../../src/config/load.js';
import { MANAGER, OWNER, Sandbox } from '../helpers/cli.js';

let sb: Sandbox;
const extra: string[] = [];
afterEach(() => {
  sb?.cleanup();
  for (const dir of extra.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function contextFor(s: Sandbox, home: string, user: string): Context {
  return {
    cwd: s.dir,
    env: { HOME: home },
    now: () => new Date(),
    identity: () => ({ id: user, source: 'ORDO_USER' }),
    config: () => loadConfig(s.dir),
    interactive: false,
  };
}

describe('owner handover through signHandover', () => {
  it('the outgoing owner signs; the new owner orders with their own key; verify passes', async () => {
    sb = new Sandbox().initBacklog();
    const [a, b] = sb.addItems(2);
    const oldKey = sb.ok(['key', 'generate', '--json']).json().publicKey;
    const file = join(sb.dir, 'ordo.yml');
    writeFileSync(file, `${readFileSync(file, 'utf8')}owner-key: ${oldKey}\n`);
    sb.ok(['sign', '--yes']);
    // The incoming owner (bob) made a key on their own machine: another HOME.
    const bobHome = join(sb.dir, '..', `${sb.dir.split('/').pop()}-bob`);
    extra.push(bobHome);
    const newKey = sb.ok(['key', 'generate', '--json'], { env: { HOME: bobHome } }).json().publicKey;

    const payload = await writeBacklog(contextFor(sb, sb.home, OWNER), 'owner transfer', (w) => {
      w.record('owner.transfer', {}, { from: OWNER, to: MANAGER });
      return signHandover(w, { owner: MANAGER, key: newKey });
    });
    expect(payload).toMatchObject({ kind: 'handover', owner: OWNER, key: oldKey, to: { owner: MANAGER, key: newKey } });
    setConfigValues(file, { owner: MANAGER, 'owner-key': newKey });

    expect(sb.run(['verify', '--json']).json()).toMatchObject({ ok: true, signatures: { count: 2, latest: { counter: 2, key: oldKey } } });
    // The old owner can no longer order; the new one can, with the new key only.
    expect(sb.run(['move', b!, '--top'], { user: OWNER }).code).toBe(3);
    expect(sb.run(['move', b!, '--top'], { user: MANAGER }).code).toBe(3); // key not on this HOME
    sb.ok(['move', b!, '--top'], { user: MANAGER, env: { HOME: bobHome } });
    expect(sb.order()).toEqual([b, a]);
    expect(sb.run(['verify', '--json']).json()).toMatchObject({ ok: true, signatures: { count: 3, latest: { key: newKey, owner: MANAGER } } });
  });

  it('a handover needs the outgoing key: without it nothing is written', async () => {
    sb = new Sandbox().initBacklog();
    sb.addItems(1);
    const oldKey = sb.ok(['key', 'generate', '--json']).json().publicKey;
    const file = join(sb.dir, 'ordo.yml');
    writeFileSync(file, `${readFileSync(file, 'utf8')}owner-key: ${oldKey}\n`);
    sb.ok(['sign', '--yes']);
    const before = sb.dbHash();
    const elsewhere = join(sb.dir, '..', `${sb.dir.split('/').pop()}-none`);
    await expect(
      writeBacklog(contextFor(sb, elsewhere, OWNER), 'owner transfer', (w) => {
        w.record('owner.transfer', {}, { from: OWNER, to: MANAGER });
        return signHandover(w, { owner: MANAGER, key: oldKey });
      }),
    ).rejects.toMatchObject({ code: 'SIGNING_KEY_MISSING', exitCode: 3 });
    expect(sb.dbHash()).toBe(before);
  });
});
