/**
 * With owner-key set, the Product Owner's identity without the key writes nothing, whatever
 * the command. The commands come from the commander program itself: a command added later
 * fails this test until it says here how it is run and what it may do.
 */
import type { Command } from 'commander';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildProgram } from '../../src/cli/program.js';
import { DEV, OWNER, Sandbox, STRANGER } from '../helpers/cli.js';

/**
 * How each command is run against the signed backlog below, and what it is:
 * - 'writes': it changes the backlog, so the keyless Product Owner is refused with exit 3;
 * - 'reads': it only reads, and works for the Product Owner without the key (exit 0);
 * - 'outside': it does not write the backlog (keys, git plumbing, a new backlog); it runs,
 *   and the backlog stays byte-identical all the same.
 * Several runs of one command (triage decides items and proposals) are listed together.
 */
type Kind = 'writes' | 'reads' | 'outside';
const COMMANDS: Record<string, { kind: Kind; runs: string[][] }> = {
  init: { kind: 'outside', runs: [['init']] },
  whoami: { kind: 'reads', runs: [['whoami']] },
  'goal add': { kind: 'writes', runs: [['goal', 'add', 'G2', 'Second goal']] },
  'goal list': { kind: 'reads', runs: [['goal', 'list']] },
  'goal show': { kind: 'reads', runs: [['goal', 'show', 'G1']] },
  'goal edit': { kind: 'writes', runs: [['goal', 'edit', 'G1', '--title', 'Faster checkout everywhere']] },
  'goal achieve': { kind: 'writes', runs: [['goal', 'achieve', 'G1']] },
  'goal retire': { kind: 'writes', runs: [['goal', 'retire', 'G1']] },
  add: { kind: 'writes', runs: [['add', 'Sneaky', '--value', '8', '--why', 'Shoppers abandon carts when this is missing', '--goal', 'G1']] },
  show: { kind: 'reads', runs: [['show', 'ORD-1']] },
  edit: { kind: 'writes', runs: [['edit', 'ORD-1', '--value', '21'], ['edit', 'ORD-1', '--why', 'A reason that is long enough to pass the check']] },
  list: { kind: 'reads', runs: [['list', '--all']] },
  next: { kind: 'reads', runs: [['next']] },
  move: { kind: 'writes', runs: [['move', 'ORD-4', '--top']] },
  triage: {
    kind: 'writes',
    runs: [
      ['triage', 'ORD-6', '--accept'],
      ['triage', 'ORD-6', '--reject', '--reason', 'Not for this year'],
      ['triage', '--proposal', 'P1', '--apply'],
      ['triage', '--proposal', 'P1', '--decline', '--reason', 'The order stays as it is'],
    ],
  },
  start: { kind: 'writes', runs: [['start', 'ORD-1'], ['start', 'ORD-1', 'ORD-3']] },
  done: { kind: 'writes', runs: [['done', 'ORD-2']] },
  accept: { kind: 'writes', runs: [['accept', 'ORD-5']] },
  reject: { kind: 'writes', runs: [['reject', 'ORD-5', '--reason', 'Does not meet the criteria']] },
  drop: { kind: 'writes', runs: [['drop', 'ORD-1', '--reason', 'Superseded by other work']] },
  roadmap: { kind: 'reads', runs: [['roadmap']] },
  report: { kind: 'reads', runs: [['report']] },
  forecast: { kind: 'reads', runs: [['forecast']] },
  page: { kind: 'reads', runs: [['page']] },
  log: { kind: 'reads', runs: [['log']] },
  verify: { kind: 'reads', runs: [['verify']] },
  sign: { kind: 'writes', runs: [['sign', '--yes']] },
  'key generate': { kind: 'outside', runs: [['key', 'generate']] },
  'key show': { kind: 'reads', runs: [['key', 'show']] },
  'key rotate': { kind: 'writes', runs: [['key', 'rotate']] },
  check: { kind: 'reads', runs: [['check']] },
  reorder: { kind: 'writes', runs: [['reorder', '--editor']] },
  propose: { kind: 'writes', runs: [['propose', 'ORD-3', '--top', '--why', 'Customers keep asking for it']] },
  'owner transfer': { kind: 'writes', runs: [['owner', 'transfer', DEV, '--key', 'NEWKEY']] },
  label: { kind: 'writes', runs: [['label', 'ORD-1', 'ORD-3', '--add', 'checkout']] },
  depend: { kind: 'writes', runs: [['depend', 'ORD-4', '--on', 'ORD-3']] },
  reopen: { kind: 'writes', runs: [['reopen', 'ORD-5']] },
  'release add': { kind: 'writes', runs: [['release', 'add', 'R1', 'Spring launch', '--date', '2027-03-31']] },
  'release edit': { kind: 'writes', runs: [['release', 'edit', 'R1', '--date', '2027-04-30']] },
  'release plan': { kind: 'writes', runs: [['release', 'plan', 'R1', '--through', 'ORD-3']] },
  'release ship': { kind: 'writes', runs: [['release', 'ship', 'R1']] },
  'release list': { kind: 'reads', runs: [['release', 'list']] },
  // No release or sprint here: not found (exit 4), and the backlog stays as it is.
  'release show': { kind: 'outside', runs: [['release', 'show', 'R1']] },
  'sprint start': { kind: 'writes', runs: [['sprint', 'start', '--goal', 'Shoppers pay in one tap', '--top', '2']] },
  'sprint end': { kind: 'writes', runs: [['sprint', 'end', '--goal-met', 'yes']] },
  'sprint show': { kind: 'outside', runs: [['sprint', 'show']] },
  'sprint list': { kind: 'reads', runs: [['sprint', 'list']] },
  // No remote here: it fails before it writes; the backlog stays as it is all the same.
  sync: { kind: 'outside', runs: [['sync']] },
  completion: { kind: 'outside', runs: [['completion', 'bash']] },
  __complete: { kind: 'reads', runs: [['__complete', 'keys', 'ORD']] },
  __man: { kind: 'outside', runs: [['__man']] },
  doctor: { kind: 'outside', runs: [['doctor']] },
  diff: { kind: 'outside', runs: [['diff']] },
  export: { kind: 'reads', runs: [['export']] },
  import: { kind: 'writes', runs: [['import', 'EXPORT', '--replace']] },
  migrate: { kind: 'outside', runs: [['migrate']] },
};

async function leafCommands(): Promise<string[]> {
  const out: string[] = [];
  const walk = (cmd: Command, path: string[]) => {
    for (const sub of cmd.commands) {
      if (sub.name() === 'help') continue;
      const name = [...path, sub.name()];
      if (sub.commands.length === 0) out.push(name.join(' '));
      walk(sub, name);
    }
  };
  walk(await buildProgram([]), []);
  return out;
}

let sb: Sandbox;
let keyless: string;
let newKey: string;
let exportFile: string;

/**
 * A signed backlog: ORD-1 ready, ORD-2 in progress, ORD-3 and ORD-4 ready, ORD-5 done,
 * ORD-6 a proposal, move proposal P1 pending.
 */
beforeAll(() => {
  sb = new Sandbox().initBacklog();
  sb.addItems(5);
  const ownerKey = sb.ok(['key', 'generate', '--json']).json().publicKey;
  sb.editConfig((t) => `${t}owner-key: ${ownerKey}\n`);
  sb.ok(['sign', '--yes']);
  sb.ok(['start', 'ORD-2'], { user: DEV });
  sb.ok(['start', 'ORD-5'], { user: DEV });
  sb.ok(['done', 'ORD-5'], { user: DEV });
  sb.ok(['add', 'Gift cards', '--value', '5', '--why', 'Shoppers ask for gift cards every December', '--goal', 'G1'], { user: STRANGER });
  sb.ok(['propose', 'ORD-4', '--top', '--why', 'Customers in the EU cannot pay without it'], { user: DEV });
  expect(sb.run(['verify']).code).toBe(0);
  keyless = mkdtempSync(join(tmpdir(), 'ordo-keyless-'));
  newKey = sb.ok(['key', 'generate', '--json'], { env: { HOME: keyless } }).json().publicKey;
  rmSync(join(keyless, '.config'), { recursive: true, force: true });
  exportFile = join(keyless, 'backlog.yaml');
  writeFileSync(exportFile, sb.ok(['export']).stdout);
});
afterAll(() => {
  sb?.cleanup();
  if (keyless) rmSync(keyless, { recursive: true, force: true });
});

const commands = await leafCommands();

describe('the Product Owner without the key', () => {

  it('every command of the program is listed here', () => {
    const missing = commands.filter((c) => !(c in COMMANDS));
    expect(missing, 'say in COMMANDS how each new command runs and whether it writes the backlog').toEqual([]);
  });

  for (const name of commands) {
    const entry = COMMANDS[name];
    if (!entry) continue;
    for (const args of entry.runs) {
      it(`${args.join(' ')}: ${entry.kind === 'writes' ? 'refused with exit 3, nothing written' : 'the backlog stays byte-identical'}`, () => {
        const config = readFileSync(join(sb.dir, 'ordo.yml'), 'utf8');
        const before = sb.dbHash();
        const real = args.map((a) => (a === 'NEWKEY' ? newKey : a === 'EXPORT' ? exportFile : a));
        const r = sb.run([...real, '--json'], { user: OWNER, env: { HOME: keyless, EDITOR: 'true', VISUAL: 'true' } });
        if (entry.kind === 'writes') {
          expect(r.code, r.stderr).toBe(3);
          expect(r.errorJson()).toMatchObject({ code: 'SIGNING_KEY_MISSING' });
        }
        if (entry.kind === 'reads') expect(r.code, r.stderr).toBe(0);
        expect(sb.dbHash()).toBe(before);
        expect(readFileSync(join(sb.dir, 'ordo.yml'), 'utf8')).toBe(config);
      });
    }
  }

  it('the team still works without any key, and the backlog verifies', () => {
    const copy = sb.clone();
    try {
      copy.ok(['done', 'ORD-2'], { user: DEV, env: { HOME: keyless } });
      copy.ok(['add', 'Wallets', '--value', '3', '--why', 'Shoppers pay faster with a saved wallet', '--goal', 'G1'], { user: STRANGER, env: { HOME: keyless } });
      const v = copy.run(['verify', '--json']);
      expect(v.json().violations).toEqual([]);
      expect(v.code).toBe(0);
    } finally {
      copy.cleanup();
    }
  });
});
