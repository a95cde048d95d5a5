import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { Sandbox, sandboxes } from '../helpers/cli.js';
import { expectFailure, expectReadOnly } from '../helpers/expect.js';

const VERSION = JSON.parse(readFileSync(join(import.meta.dirname, '../../package.json'), 'utf8')).version as string;
const [major, minor] = VERSION.split('.').map(Number) as [number, number];
const OUTSIDE = `>=${major}.${minor + 1} <${major}.${minor + 2}`;
const INSIDE = `>=${major}.${minor} <${major}.${minor + 1}`;

let sb: Sandbox;
afterEach(() => sb?.cleanup());
const base = sandboxes((s) => {
  s.initBacklog();
  s.addItems(2);
});
afterAll(() => base.cleanup());

const pin = (range: string) => (text: string) => `ordo: "${range}"\n${text}`;

describe('ordo: in ordo.yml pins the versions a team uses', () => {
  it('--version prints the package version', () => {
    sb = base.make();
    expect(sb.ok(['--version']).stdout.trim()).toBe(VERSION);
  });

  it('an ordo inside the range reads and writes without a word', () => {
    sb = base.make();
    sb.editConfig(pin(INSIDE));
    const r = sb.ok(['move', 'ORD-2', '--top']);
    expect(r.stderr).toBe('');
    expect(sb.ok(['next']).stderr).toBe('');
  });

  it('an ordo outside the range refuses every writing command: exit 6, the range, the version to install, nothing written', () => {
    sb = base.make();
    sb.editConfig(pin(OUTSIDE));
    const expected = [`asks for ordo ${OUTSIDE}`, `this is ordo ${VERSION}`, `Install ordo ${major}.${minor + 1}.0`];
    expectFailure(sb, ['move', 'ORD-2', '--top'], 6, expected);
    expectFailure(sb, ['add', 'Gift cards', '--value', '8', '--why', 'Shoppers ask for gift cards every December', '--goal', 'G1'], 6, expected);
    expectFailure(sb, ['goal', 'add', 'G2', 'Second goal'], 6, expected);
    // ordo.yml is a file ordo writes too: the handover leaves it as it was, and no temporary copy.
    const config = readFileSync(join(sb.dir, 'ordo.yml'), 'utf8');
    expectFailure(sb, ['owner', 'transfer', 'dave@example.com'], 6, expected);
    expect(readFileSync(join(sb.dir, 'ordo.yml'), 'utf8')).toBe(config);
    expect(readdirSync(sb.dir).sort()).toEqual(['.ordo', 'ordo.yml']);
    // ordo sync writes this clone's backlog and the team's branch.
    expectFailure(sb, ['sync'], 6, expected);
    const err = sb.run(['start', 'ORD-1', '--json']).errorJson();
    expect(err).toMatchObject({ kind: 'error', code: 'VERSION_PIN' });
  });

  it('ordo init for a hand-written ordo.yml outside the range creates nothing', () => {
    sb = new Sandbox();
    writeFileSync(join(sb.dir, 'ordo.yml'), `ordo: "${OUTSIDE}"\nproduct: Acme Checkout\nowner: alice@example.com\n`);
    const r = sb.run(['init']);
    expect(r.code).toBe(6);
    expect(r.stderr).toContain(`asks for ordo ${OUTSIDE}`);
    expect(readdirSync(sb.dir)).toEqual(['ordo.yml']);
  });

  it('reading commands still work outside the range, with a warning on stderr', () => {
    sb = base.make();
    sb.editConfig(pin(OUTSIDE));
    const next = expectReadOnly(sb, ['next', '--json']);
    expect(next.json().items).toHaveLength(2);
    expect(next.stderr).toMatch(new RegExp(`^warning: .*ordo\\.yml asks for ordo ${OUTSIDE}; this is ordo ${VERSION}: reading only\\.`, 'm'));
    const check = sb.run(['check']);
    expect(check.code).toBe(0);
    expect(check.stderr).toContain(`asks for ordo ${OUTSIDE}`);
  });

  it('a range that is not one is refused like any invalid key (exit 6, line and key named)', () => {
    sb = base.make();
    sb.editConfig(pin('banana'));
    expectFailure(sb, ['next'], 6, [/ordo\.yml:1: `ordo` must be a version range/]);
  });
});
