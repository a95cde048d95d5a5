import { afterAll, describe, expect, it } from 'vitest';
import { DEV, MANAGER, OWNER, sandboxes, STRANGER } from '../helpers/cli.js';
import { expectFailure, expectReadOnly } from '../helpers/expect.js';

const WHY = 'Shoppers abandon carts when this is missing';

/** Ranked ORD-1 … ORD-4; ORD-5 and ORD-6 are a stakeholder's proposals. Team is empty: anyone may work. */
const base = sandboxes((s) => {
  s.initBacklog();
  s.addItems(4);
  for (const t of ['Gift cards', 'Pay later']) s.ok(['add', t, '--value', '3', '--why', WHY, '--goal', 'G1'], { user: STRANGER });
});
afterAll(() => base.cleanup());

function status(sb: ReturnType<typeof base.make>, key: string): { status: string; position: number | null; reason: string | null } {
  return sb.ok(['show', key, '--json']).json().item;
}

describe('the happy path: start → done → accept', () => {
  it('moves an item through its statuses; it keeps its place until done', () => {
    const sb = base.make();
    const started = sb.ok(['start', 'ORD-2', '--json'], { user: DEV }).json();
    expect(started).toMatchObject({ schemaVersion: 1, kind: 'item', item: { key: 'ORD-2', status: 'in-progress', position: 2 }, transition: { from: 'ready', to: 'in-progress' } });
    expect(started.item.startedAt).toBeTruthy();
    expect(sb.order()).toEqual(['ORD-1', 'ORD-2', 'ORD-3', 'ORD-4']);

    expect(sb.ok(['done', 'ORD-2'], { user: DEV }).stdout).toContain('Finished ORD-2 (in-progress → done)');
    expect(status(sb, 'ORD-2')).toMatchObject({ status: 'done', position: null });
    expect(sb.order()).toEqual(['ORD-1', 'ORD-3', 'ORD-4']);

    const accepted = sb.ok(['accept', 'ORD-2', '--json']).json();
    expect(accepted.transition).toEqual({ from: 'done', to: 'accepted' });
    expect(accepted.item.closedAt).toBeTruthy();
    expect(sb.ok(['show', 'ORD-2', '--json']).json().history.map((e: { action: string }) => e.action)).toEqual(['add', 'start', 'done', 'accept']);
  });

  it('the Product Owner rejects delivered work: it goes back to the top of the order, the reason in its history', () => {
    const sb = base.make();
    sb.ok(['start', 'ORD-3']);
    sb.ok(['done', 'ORD-3']);
    const r = sb.ok(['reject', 'ORD-3', '--reason', 'Fails on Safari', '--json']).json();
    expect(r).toMatchObject({ transition: { from: 'done', to: 'ready' }, item: { status: 'ready', position: 1, assignee: null, doneAt: null } });
    expect(sb.order()[0]).toBe('ORD-3');
    const last = sb.ok(['show', 'ORD-3', '--json']).json().history.at(-1);
    expect(last).toMatchObject({ action: 'reject', details: { from: 'done', to: 'ready', reason: 'Fails on Safari', position: 1 } });
    // --at places it like triage does.
    sb.ok(['start', 'ORD-3']);
    sb.ok(['done', 'ORD-3']);
    expect(sb.ok(['reject', 'ORD-3', '--at', 'bottom', '--json']).json().item.position).toBe(sb.order().length);
  });

  it('the Product Owner reopens closed items, a rejected proposal too', () => {
    const sb = base.make();
    sb.ok(['reject', 'ORD-5', '--reason', 'Not now']);
    sb.ok(['drop', 'ORD-1', '--reason', 'Not needed']);
    expect(sb.ok(['reopen', 'ORD-5', '--at', 'top', '--json']).json()).toMatchObject({ transition: { from: 'rejected', to: 'ready' }, item: { position: 1, reason: null, closedAt: null } });
    expect(sb.ok(['reopen', 'ORD-1', '--json']).json().item.position).toBe(sb.order().length);
    expect(sb.ok(['show', 'ORD-1', '--json']).json().history.at(-1)).toMatchObject({ action: 'reopen', details: { from: 'dropped', to: 'ready' } });
    expectFailure(sb, ['reopen', 'ORD-2'], 5, ['Cannot reopen ORD-2: it is ready', 'ordo start ORD-2']);
    expectFailure(sb, ['reopen', 'ORD-6'], 3, [`Only the Product Owner (${OWNER})`], { user: DEV });
  });

  it('the Product Owner rejects a proposal or drops items, which leave the order', () => {
    const sb = base.make();
    expect(sb.ok(['reject', 'ORD-5', '--json']).json().transition).toEqual({ from: 'proposed', to: 'rejected' });
    sb.ok(['start', 'ORD-3']);
    expect(sb.ok(['drop', 'ORD-3', '--reason', 'Superseded by ORD-4']).stdout).toContain('Dropped ORD-3 (in-progress → dropped)');
    expect(sb.ok(['drop', 'ORD-1', '--reason', 'No longer wanted', '--json']).json().transition).toEqual({ from: 'ready', to: 'dropped' });
    expect(sb.ok(['drop', 'ORD-6', '--reason', 'Duplicate of ORD-5']).stdout).toContain('proposed → dropped');
    expect(sb.order()).toEqual(['ORD-2', 'ORD-4']);
    expect(status(sb, 'ORD-3')).toMatchObject({ status: 'dropped', reason: 'Superseded by ORD-4', position: null });
  });
});

describe('illegal transitions exit 5 and write nothing', () => {
  it('each command refuses the statuses it does not start from, saying what can happen instead', () => {
    const sb = base.make();
    sb.ok(['start', 'ORD-2']);
    sb.ok(['start', 'ORD-3']);
    sb.ok(['done', 'ORD-3']);
    sb.ok(['start', 'ORD-4']);
    sb.ok(['done', 'ORD-4']);
    sb.ok(['accept', 'ORD-4']);
    // ORD-1 ready, ORD-2 in-progress, ORD-3 done, ORD-4 accepted, ORD-5 proposed.
    const cases: [string[], string, string][] = [
      [['start', 'ORD-2'], 'You already started ORD-2', 'ordo done ORD-2'],
      [['start', 'ORD-3'], 'it is done', 'ordo accept ORD-3'],
      [['start', 'ORD-5'], 'it is proposed', 'ordo triage ORD-5 --accept'],
      [['done', 'ORD-1'], 'Cannot finish ORD-1: it is ready, and only in-progress items can be.', 'ordo start ORD-1'],
      [['done', 'ORD-3'], 'it is done', 'ordo accept ORD-3'],
      [['accept', 'ORD-1'], 'Cannot accept ORD-1: it is ready, and only done items can be.', 'ordo start ORD-1'],
      [['accept', 'ORD-4'], 'it is accepted', 'ordo reopen ORD-4'],
      [['reject', 'ORD-2'], 'only proposed or done items can be', 'ordo done ORD-2'],
      [['drop', 'ORD-3', '--reason', 'Too late'], 'only proposed or ready or in-progress items can be', 'ordo accept ORD-3'],
      [['drop', 'ORD-4', '--reason', 'Too late'], 'it is accepted', 'ordo reopen ORD-4'],
      [['triage', 'ORD-1', '--accept'], 'Cannot accept into the order ORD-1: it is ready', 'ordo start ORD-1'],
      [['triage', 'ORD-3', '--reject', '--reason', 'No'], 'it is done', 'ordo accept ORD-3'],
    ];
    for (const [args, message, hint] of cases) expectFailure(sb, args, 5, [message, hint]);
  });

  it('a closed item stays closed', () => {
    const sb = base.make();
    sb.ok(['reject', 'ORD-5']);
    sb.ok(['drop', 'ORD-1', '--reason', 'Not needed']);
    for (const key of ['ORD-5', 'ORD-1']) {
      for (const args of [['start', key], ['accept', key], ['reject', key], ['triage', key, '--accept']]) {
        expectFailure(sb, args, 5, ['it is closed; the Product Owner can bring it back', `ordo reopen ${key}`]);
      }
    }
  });
});

describe('who may change status', () => {
  it('with a team set, only its members (and the Product Owner) start and finish items', () => {
    const sb = base.make();
    sb.editConfig((t) => t.replace('team: []', `team: [${DEV}]`));
    for (const user of [STRANGER, MANAGER]) {
      expectFailure(sb, ['start', 'ORD-1'], 3, ['Only the Product Owner or a team member may start items', `${user} (from ORDO_USER)`, 'team:', OWNER], { user });
    }
    sb.ok(['start', 'ORD-1'], { user: 'CAROL@example.com' });
    expectFailure(sb, ['done', 'ORD-1'], 3, ['may finish items'], { user: STRANGER });
    sb.ok(['done', 'ORD-1'], { user: DEV });
    sb.ok(['start', 'ORD-2'], { user: OWNER });
  });

  it('only the Product Owner accepts, rejects and drops (exit 3)', () => {
    const sb = base.make();
    sb.ok(['start', 'ORD-1'], { user: DEV });
    sb.ok(['done', 'ORD-1'], { user: DEV });
    for (const user of [DEV, MANAGER, STRANGER]) {
      expectFailure(sb, ['accept', 'ORD-1'], 3, [`Only the Product Owner (${OWNER})`, `you are ${user} (from ORDO_USER)`], { user });
      expectFailure(sb, ['reject', 'ORD-1'], 3, [`Only the Product Owner (${OWNER})`], { user });
      expectFailure(sb, ['drop', 'ORD-2', '--reason', 'Mine'], 3, [`Only the Product Owner (${OWNER})`], { user });
    }
  });

  it('refuses unknown and malformed keys', () => {
    const sb = base.make();
    for (const cmd of ['start', 'done', 'accept', 'reject']) {
      expectFailure(sb, [cmd, 'ORD-99'], 4, ['No item ORD-99']);
      expectFailure(sb, [cmd, 'ABC'], 2, ['"ABC" is not an item key']);
    }
  });
});

describe('drop needs a reason', () => {
  it('exit 2 without --reason or with a blank one', () => {
    const sb = base.make();
    expectFailure(sb, ['drop', 'ORD-1'], 2, ['A reason is required to drop an item (--reason)', '--reason "']);
    expectFailure(sb, ['drop', 'ORD-1', '--reason', '   '], 2, ['A reason is required']);
  });
});

describe('ordo triage', () => {
  it('without a key lists the intake, read-only', () => {
    const sb = base.make();
    const r = expectReadOnly(sb, ['triage', '--json']).json();
    expect(r).toMatchObject({ schemaVersion: 1, kind: 'item-list' });
    expect(r.items.map((i: { key: string }) => i.key)).toEqual(['ORD-5', 'ORD-6']);
    const text = expectReadOnly(sb, ['triage']);
    expect(text.stdout).toContain('Gift cards');
    expect(text.stderr).toContain('ordo triage KEY --accept');
  });

  it('--accept puts a proposal in the order (bottom by default, or --at)', () => {
    const sb = base.make();
    const r = sb.ok(['triage', 'ORD-5', '--accept', '--json']).json();
    expect(r).toMatchObject({ kind: 'item', item: { key: 'ORD-5', status: 'ready', position: 5 }, transition: { from: 'proposed', to: 'ready' } });
    expect(sb.ok(['triage', 'ORD-6', '--accept', '--at', 'before:ORD-2']).stdout).toContain('Accepted into the order ORD-6 at #2');
    expect(sb.order()).toEqual(['ORD-1', 'ORD-6', 'ORD-2', 'ORD-3', 'ORD-4', 'ORD-5']);
  });

  it('--accept --at top', () => {
    const sb = base.make();
    sb.ok(['triage', 'ORD-6', '--accept', '--at', 'top']);
    expect(sb.order()).toEqual(['ORD-6', 'ORD-1', 'ORD-2', 'ORD-3', 'ORD-4']);
  });

  it('--reject closes a proposal with its reason', () => {
    const sb = base.make();
    const r = sb.ok(['triage', 'ORD-5', '--reject', '--reason', 'Covered by ORD-2', '--json']).json();
    expect(r).toMatchObject({ item: { status: 'rejected', reason: 'Covered by ORD-2' }, transition: { from: 'proposed', to: 'rejected' } });
    expect(sb.ok(['list', '--status', 'proposed', '--json']).json().items.map((i: { key: string }) => i.key)).toEqual(['ORD-6']);
  });

  it('refuses ambiguous or incomplete decisions (exit 2)', () => {
    const sb = base.make();
    expectFailure(sb, ['triage', 'ORD-5'], 2, ['--accept or --reject', 'ordo triage ORD-5 --accept']);
    expectFailure(sb, ['triage', 'ORD-5', '--accept', '--reject'], 2, ['--accept or --reject']);
    expectFailure(sb, ['triage', 'ORD-5', '--reject'], 2, ['A reason is required to reject']);
    expectFailure(sb, ['triage', 'ORD-5', '--accept', '--reason', 'x'], 2, ['--reason goes with --reject'], { noHint: true });
    expectFailure(sb, ['triage', 'ORD-5', '--reject', '--reason', 'x', '--at', 'top'], 2, ['--at goes with --accept'], { noHint: true });
    expectFailure(sb, ['triage', '--accept'], 2, ['Name the proposal to decide']);
    expectFailure(sb, ['triage', 'ORD-5', '--accept', '--at', '9'], 2, ['Position 9 is past the end']);
  });

  it('is for the Product Owner only (exit 3); unknown items exit 4', () => {
    const sb = base.make();
    for (const user of [DEV, MANAGER, STRANGER]) {
      expectFailure(sb, ['triage', 'ORD-5', '--accept'], 3, [`Only the Product Owner (${OWNER})`, user], { user });
      expectFailure(sb, ['triage', 'ORD-5', '--reject', '--reason', 'No'], 3, [`Only the Product Owner (${OWNER})`], { user });
    }
    expectFailure(sb, ['triage', 'ORD-99', '--accept'], 4, ['No item ORD-99']);
  });
});
