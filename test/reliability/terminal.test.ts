/**
 * Terminal safety: backlog text and user input that carry ANSI escape sequences or control
 * characters are shown escaped (ESC as \x1b) by every human renderer and in error messages,
 * so they cannot recolour, retitle or rewrite the terminal; --json keeps the exact text.
 */
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OWNER, Sandbox, STRANGER } from '../helpers/cli.js';

/** Raw bytes a terminal would act on: C0 controls but tab and newline, DEL, C1 controls (CSI 0x9b), bidi overrides. */
const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

const HOSTILE = 'Pay \x1b[31mRED\x1b[0m \x1b]0;owned\x07 \r\x1b[2K fake \b\b\u009b1m \u202eevil\u202c end';
const HOSTILE_LINES = `${HOSTILE}\nsecond line\twith tab`;
const HOSTILE_USER = 'mallory\x1b[8m@example.com';

let sb: Sandbox;
let key: string;
let proposal: string;
beforeAll(() => {
  sb = new Sandbox().initBacklog();
  sb.ok(['goal', 'add', 'G2', HOSTILE, '--desc', HOSTILE_LINES, '--metric', HOSTILE, '--horizon', '\x1b[5m2026']);
  key = sb.ok(['add', HOSTILE, '--value', '8', '--why', HOSTILE_LINES, '--goal', 'G2', '--desc', HOSTILE_LINES, '--json']).json().item.key;
  // The rationale carries the hostile text too, with words of its own (a rationale that only repeats the title is refused).
  proposal = sb.ok(['add', HOSTILE, '--value', '3', '--why', `${HOSTILE} matters to shoppers every single day`, '--goal', 'G2', '--json'], { user: STRANGER }).json().item.key;
  // ordo refuses such an identity now (ORDO_USER, ordo.yml, imports); one recorded by an older ordo is still shown escaped.
  const db = new Database(sb.dbPath);
  db.prepare('UPDATE items SET created_by = ? WHERE number = ?').run(HOSTILE_USER, Number(proposal.split('-')[1]));
  db.close();
  sb.ok(['edit', key, '--title', `${HOSTILE} edited`]);
});
afterAll(() => sb?.cleanup());

const HUMAN: [string, () => string[], string?][] = [
  ['list', () => ['list']],
  ['list --all', () => ['list', '--all']],
  ['next', () => ['next']],
  ['show', () => ['show', key]],
  ['show of a proposal by a hostile identity', () => ['show', proposal]],
  ['triage (the intake)', () => ['triage']],
  ['goal list', () => ['goal', 'list']],
  ['goal show', () => ['goal', 'show', 'G2']],
  ['move output', () => ['move', key, '--top']],
  ['start output', () => ['start', key]],
];

const ERRORS: [string, () => string[], string?][] = [
  ['an item key quoted back', () => ['show', '\x1b[31mORD-1\x07']],
  ['a goal quoted back', () => ['add', 'T', '--value', '8', '--why', 'Shoppers need it badly', '--goal', '\x1b]0;G\x07']],
  ['an --at quoted back', () => ['add', 'T', '--value', '8', '--why', 'Shoppers need it badly', '--goal', 'G1', '--at', '\x1b[2J']],
  ['an unknown command quoted back by the parser', () => ['\x1b[31mlist']],
  ['an unknown option quoted back by the parser', () => ['list', '--\x1b[31mall']],
  ['a hostile identity refused', () => ['move', key, '--top'], HOSTILE_USER],
  ['whoami with a hostile identity', () => ['whoami'], HOSTILE_USER],
  ['a value quoted back', () => ['add', 'T', '--value', '\x1b[31m8', '--why', 'x y z', '--goal', 'G1']],
];

describe('backlog text is shown escaped, never interpreted', () => {
  it.each(HUMAN)('%s', (_name, args, user) => {
    const r = sb.run(args(), { user: user ?? OWNER });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout + r.stderr).not.toMatch(RAW_CONTROL);
    expect(r.stdout).toMatch(/\\x1b\[|\\x1b/);
  });

  it.each(ERRORS)('error message with %s', (_name, args, user) => {
    const r = sb.run(args(), { user: user ?? OWNER });
    expect(r.code).not.toBe(0);
    expect(r.code).not.toBe(70);
    expect(r.stderr).toMatch(/^error: /m);
    expect(r.stderr).not.toMatch(RAW_CONTROL);
    expect(r.stderr).toContain('\\x1b');
  });

  it('--json keeps the exact text, escaped only as JSON escapes it', () => {
    const shown = sb.ok(['show', key, '--json']);
    expect(shown.stdout).not.toMatch(RAW_CONTROL);
    expect(shown.json().item).toMatchObject({ title: `${HOSTILE} edited`, rationale: HOSTILE_LINES, description: HOSTILE_LINES });
    expect(sb.ok(['show', proposal, '--json']).json().item.createdBy).toBe(HOSTILE_USER);
    expect(sb.ok(['goal', 'show', 'G2', '--json']).json().goal).toMatchObject({ title: HOSTILE, description: HOSTILE_LINES, metric: HOSTILE });
    const err = sb.run(['show', '\x1b[31mORD-1', '--json']);
    expect(err.stderr).not.toMatch(RAW_CONTROL);
    expect(err.errorJson().message).toContain('"\x1b[31mORD-1"');
  });
});
