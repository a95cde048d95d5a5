/**
 * The Product Owner's planning through the built binary: a release cut from the order, two
 * sprints (one goal met, one not), acceptance against criteria, a rejection back into the
 * order, and what report, forecast, release show, check and export make of it.
 */
import { cpSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEV, OWNER, Sandbox, sandboxes, STRANGER } from '../helpers/cli.js';
import { expectFailure, expectReadOnly } from '../helpers/expect.js';

const DAN = 'dan@example.com';
const at = (day: string, time = '10:00') => ({ env: { ORDO_NOW: `${day}T${time}:00Z` } });
const as = (user: string, day: string, time?: string) => ({ ...at(day, time), user });
const NOW = at('2027-02-01', '09:00');

// ORD-1..ORD-8 in that order, with these estimates; every item has two acceptance criteria.
const ESTIMATES = [3, 5, 2, 8, 3, 5, 2, 1];

function addItems(sb: Sandbox): void {
  ESTIMATES.forEach((points, i) => {
    sb.ok(
      ['add', `Item ${i + 1}`, '--value', '8', '--goal', 'G1', '--estimate', String(points), '--why', `Shoppers need item ${i + 1} to finish their order`,
        '--criterion', `Item ${i + 1} works on mobile`, '--criterion', `Item ${i + 1} shows a clear error`],
      at('2027-01-04', '08:00'),
    );
  });
}

let sb: Sandbox;

beforeAll(() => {
  sb = new Sandbox().initBacklog();
  addItems(sb);
});
afterAll(() => sb?.cleanup());

describe('a release and two sprints, end to end', () => {
  it('the Product Owner plans release R1 as a cut of the order', () => {
    sb.ok(['release', 'add', 'R1', 'Spring launch', '--date', '2027-06-30'], at('2027-01-04', '08:30'));
    const plan = sb.ok(['release', 'plan', 'R1', '--through', 'ORD-6', '--json'], at('2027-01-04', '08:31')).json();
    expect(plan).toMatchObject({ schemaVersion: 1, kind: 'release' });
    expect(plan.release.items.map((i: { key: string }) => i.key)).toEqual(['ORD-1', 'ORD-2', 'ORD-3', 'ORD-4', 'ORD-5', 'ORD-6']);
    expect(plan.release).toMatchObject({ id: 'R1', date: '2027-06-30', status: 'planned', points: { total: 26, done: 0 }, value: { total: 48, done: 0 } });
    // No history yet: no dates, and the outlook says so.
    expect(plan.release).toMatchObject({ outlook: 'unknown', forecast: { points: [] } });
    const history = sb.ok(['log', '--json']).json();
    expect(JSON.stringify(history)).toContain('release.plan');
  });

  it('sprint 1: the goal is not met; one item accepted, one rejected back into the order', () => {
    const started = sb.ok(['sprint', 'start', '--goal', 'Shoppers can pay in one tap', '--top', '3', '--capacity', '12', '--json'], at('2027-01-04', '09:00')).json();
    expect(started.sprint).toMatchObject({ id: 'S1', status: 'active', start: '2027-01-04', end: '2027-01-17', capacity: 12, daysLeft: 14 });
    expect(started.sprint.items.map((i: { key: string }) => i.key)).toEqual(['ORD-1', 'ORD-2', 'ORD-3']);
    expect(started.overCapacity).toBe(0);

    sb.ok(['start', 'ORD-1'], as(DEV, '2027-01-05'));
    sb.ok(['done', 'ORD-1'], as(DEV, '2027-01-06'));
    // Accepting needs every criterion: without --met off a terminal, both are open.
    const open = expectFailure(sb, ['accept', 'ORD-1'], 5, ['2 of 2 acceptance criteria are not confirmed', '1. Item 1 works on mobile', '2. Item 1 shows a clear error', '--met all'], at('2027-01-06', '11:00'));
    expect(open.stderr).toContain('Cannot accept ORD-1');
    expect(sb.ok(['accept', 'ORD-1', '--met', 'all', '--json'], at('2027-01-06', '12:00')).json().transition).toEqual({ from: 'done', to: 'accepted' });

    sb.ok(['start', 'ORD-2'], as(DEV, '2027-01-06'));
    const mine = sb.ok(['list', '--mine', '--json'], { user: DEV }).json().items.map((i: { key: string }) => i.key);
    expect(mine).toEqual(['ORD-2']);
    expect(sb.ok(['list', '--assignee', DEV.toUpperCase(), '--json']).json().items.map((i: { key: string; assignee: string }) => [i.key, i.assignee])).toEqual([['ORD-2', DEV]]);
    sb.ok(['start', 'ORD-3'], as(DEV, '2027-01-12'));
    sb.ok(['done', 'ORD-3'], as(DEV, '2027-01-13'));
    sb.ok(['done', 'ORD-2'], as(DEV, '2027-01-14'));
    // Delivered work the Product Owner does not accept goes back to the top of the order.
    const rejected = sb.ok(['reject', 'ORD-2', '--reason', 'Fails on Safari', '--json'], at('2027-01-15')).json();
    expect(rejected).toMatchObject({ transition: { from: 'done', to: 'ready' }, item: { key: 'ORD-2', position: 1, assignee: null, doneAt: null } });
    const shown = sb.ok(['show', 'ORD-2', '--json']).json();
    expect(shown.history.at(-1)).toMatchObject({ action: 'reject', details: { reason: 'Fails on Safari', from: 'done', to: 'ready' } });
    expect(sb.ok(['show', 'ORD-2']).stdout).toMatch(/done → ready at #1 \(Fails on Safari\)/);
    sb.ok(['accept', 'ORD-3', '--met', '1,2'], at('2027-01-16'));

    const show = expectReadOnly(sb, ['sprint', 'show', '--json'], at('2027-01-16', '18:00')).json();
    expect(show.sprint).toMatchObject({ daysLeft: 2, points: { total: 10, done: 5 } });
    // Remaining points at the end of each day: ORD-1 (3) done on the 6th, ORD-3 (2) on the 13th.
    expect(show.sprint.burndown.map((d: { remaining: number }) => d.remaining)).toEqual([10, 10, 7, 7, 7, 7, 7, 7, 7, 5, 5, 5, 5]);
    const text = expectReadOnly(sb, ['sprint', 'show'], at('2027-01-16', '18:00')).stdout;
    expect(text).toContain('Burndown');
    expect(text).toMatch(/2027-01-16\s+█+░*\s+5$/m);

    const ended = sb.ok(['sprint', 'end', '--goal-met', 'no', '--json'], at('2027-01-17', '17:00')).json();
    expect(ended.sprint).toMatchObject({ status: 'ended', goalMet: false, velocity: 5 });
    expect(ended.returned).toEqual(['ORD-2']);
    expect(sb.order().slice(0, 2)).toEqual(['ORD-2', 'ORD-4']);
  });

  it('sprint 2: the goal is met; a taken-over item is recorded', () => {
    sb.ok(['sprint', 'start', '--goal', 'Saved cards for returning shoppers', '--length', '2w', 'ORD-2', 'ORD-4'], at('2027-01-18', '09:00'));
    sb.ok(['start', 'ORD-2'], as(DEV, '2027-01-19'));
    sb.ok(['done', 'ORD-2'], as(DEV, '2027-01-21'));
    expectFailure(sb, ['accept', 'ORD-2', '--met', '1'], 5, ['1 of 2 acceptance criteria', '2. Item 2 shows a clear error'], at('2027-01-21', '11:00'));
    sb.ok(['accept', 'ORD-2', '--met', 'all'], at('2027-01-21', '12:00'));

    sb.ok(['start', 'ORD-4'], as(DEV, '2027-01-22'));
    // Someone else holds it: refused, unless taken over, which is recorded.
    expectFailure(sb, ['start', 'ORD-4'], 5, [`ORD-4 is in progress, started by ${DEV}`, '--take'], as(DAN, '2027-01-23'));
    expect(sb.ok(['next', '--json'], { user: DAN }).json().items.map((i: { key: string }) => i.key)).not.toContain('ORD-4');
    const taken = sb.ok(['start', 'ORD-4', '--take', '--json'], as(DAN, '2027-01-24')).json();
    expect(taken.item).toMatchObject({ status: 'in-progress', assignee: DAN });
    expect(sb.ok(['show', 'ORD-4', '--json']).json().history.at(-1)).toMatchObject({ action: 'take', actor: DAN, details: { from: DEV, to: DAN } });
    expect(sb.ok(['show', 'ORD-4']).stdout).toMatch(/assignee\s+dan@example\.com/);
    sb.ok(['done', 'ORD-4'], as(DAN, '2027-01-28'));
    sb.ok(['accept', 'ORD-4', '--met', 'all'], at('2027-01-29'));
    const ended = sb.ok(['sprint', 'end', '--goal-met', 'yes', '--json'], at('2027-01-31', '17:00')).json();
    expect(ended.sprint).toMatchObject({ id: 'S2', goalMet: true, velocity: 13 });
    expect(ended.returned).toEqual([]);
  });

  it('report --json: velocity per sprint, its average and the goal achievement rate, as computed by hand', () => {
    const report = expectReadOnly(sb, ['report', '--json'], NOW).json();
    // S1: ORD-1 (3) + ORD-3 (2) = 5, goal not met. S2: ORD-2 (5) + ORD-4 (8) = 13, goal met.
    expect(report.velocity.sprints.map((s: { id: string; velocity: number; goalMet: boolean }) => [s.id, s.velocity, s.goalMet])).toEqual([
      ['S1', 5, false],
      ['S2', 13, true],
    ]);
    expect(report.velocity.average).toBe((5 + 13) / 2);
    expect(report.velocity.goalAchievement).toBe(1 / 2);
    expect(expectReadOnly(sb, ['report'], NOW).stdout).toContain('sprint goals met 1 of 2 (50%)');
    // --sprints 1: only the latest.
    expect(sb.ok(['report', '--sprints', '1', '--json'], NOW).json().velocity).toMatchObject({ average: 13, goalAchievement: 1 });
  });

  it('forecast --by sprints draws from sprint velocity', () => {
    // Open: ORD-5..ORD-8 = 3 + 5 + 2 + 1 = 11 points; velocities 5 and 13, sprints of 14 days.
    const f = sb.ok(['forecast', '--by', 'sprints', '--seed', '3', '--json'], NOW).json();
    expect(f).toMatchObject({ outcome: 'dated', bySprints: { velocities: [5, 13], sprintDays: 14, remainingPoints: 11, unestimated: 0 } });
    // 11 points take one sprint (13) or two or three (5 + 5 + ...): every date is a whole number of sprints away.
    for (const p of f.points) expect([14, 28, 42].map((d) => new Date(Date.parse('2027-02-01T09:00:00Z') + d * 86_400_000).toISOString().slice(0, 10))).toContain(p.date);
    expect(sb.ok(['forecast', '--by', 'sprints', '--seed', '3'], NOW).stdout).toContain('velocity from 2 ended sprints (5, 13 points)');
  });

  it('release show flips from on track to at risk when the target moves before the 85% date', () => {
    const first = expectReadOnly(sb, ['release', 'show', 'R1', '--seed', '7', '--json'], NOW).json().release;
    expect(first).toMatchObject({ count: { total: 6, done: 4 }, points: { total: 26, done: 18 }, remaining: 2 });
    const p50 = first.forecast.points.find((p: { percent: number }) => p.percent === 50).date as string;
    const p85 = first.forecast.points.find((p: { percent: number }) => p.percent === 85).date as string;
    expect(p50 < p85).toBe(true);
    expect(p85 <= '2027-06-30').toBe(true);
    expect(first.outlook).toBe('on track');
    // The same seed gives the same dates.
    expect(sb.ok(['release', 'show', 'R1', '--seed', '7', '--json'], NOW).json().release.forecast).toEqual(first.forecast);

    const dayBefore = new Date(Date.parse(`${p85}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
    sb.ok(['release', 'edit', 'R1', '--date', p85], NOW);
    expect(sb.ok(['release', 'show', 'R1', '--seed', '7', '--json'], NOW).json().release.outlook).toBe('on track');
    sb.ok(['release', 'edit', 'R1', '--date', dayBefore], NOW);
    const moved = sb.ok(['release', 'show', 'R1', '--seed', '7', '--json'], NOW).json().release;
    expect(moved).toMatchObject({ date: dayBefore, outlook: dayBefore < p50 ? 'late' : 'at risk' });
    expect(moved.outlook).toBe('at risk');
    expect(sb.ok(['release', 'list', '--seed', '7'], NOW).stdout).toMatch(/R1\s+\S+\s+at risk/);
    // Releases appear in the roadmap and on the stakeholder page.
    expect(sb.ok(['roadmap', '--json'], NOW).json().releases[0]).toMatchObject({ id: 'R1', outlook: expect.any(String) });
    expect(sb.ok(['page'], NOW).stdout).toContain('id="release-R1"');
  });

  it('check warns: a release at risk, and ranked items without acceptance criteria', () => {
    sb.ok(['add', 'No criteria', '--value', '8', '--goal', 'G1', '--why', 'Shoppers need this to finish their order', '--at', 'top'], NOW);
    const report = expectReadOnly(sb, ['check', '--json'], NOW).json();
    const rules = report.violations.map((v: { rule: string; key: string | null }) => [v.rule, v.key]);
    expect(rules).toContainEqual(['acceptance-criteria', 'ORD-9']);
    expect(rules).toContainEqual(['release-at-risk', null]);
    expect(report.violations.find((v: { rule: string }) => v.rule === 'release-at-risk')).toMatchObject({ severity: 'warn', message: expect.stringContaining('Release R1') });
    expect(report.ok).toBe(true);
    // criteria-top 0 and no sprint running: the rule has nothing to look at.
    sb.editConfig((t) => t.replace('criteria-top: 10', 'criteria-top: 0'));
    expect(sb.ok(['check', '--json'], NOW).json().violations.map((v: { rule: string }) => v.rule)).not.toContain('acceptance-criteria');
    sb.editConfig((t) => t.replace('criteria-top: 0', 'criteria-top: 10'));
  });

  it('export carries criteria, assignees, releases and sprints; import gives the same file back', () => {
    const yaml = sb.ok(['export', '--format', 'yaml']).stdout;
    expect(yaml).toMatch(/^releases:$/m);
    expect(yaml).toMatch(/^sprints:$/m);
    expect(yaml).toContain('criteria: ["Item 1 works on mobile","Item 1 shows a clear error"]');
    expect(yaml).toContain(`assignee: ${DAN}`);
    const json = sb.ok(['export', '--format', 'json']).stdout;
    for (const [file, text, format] of [['backlog.yaml', yaml, 'yaml'], ['backlog.json', json, 'json']] as const) {
      const other = new Sandbox();
      try {
        writeFileSync(join(other.dir, 'ordo.yml'), `product: Acme Checkout\nowner: ${OWNER}\n`);
        other.ok(['init']);
        writeFileSync(join(other.dir, file), text);
        other.ok(['import', file]);
        expect(other.ok(['export', '--format', format]).stdout).toBe(text);
        expect(other.ok(['sprint', 'list', '--json']).json().sprints.map((s: { id: string; velocity: number }) => [s.id, s.velocity])).toEqual([
          ['S1', 5],
          ['S2', 13],
        ]);
        // A release naming an item the file does not hold is refused, naming the place.
        if (format === 'yaml') {
          writeFileSync(join(other.dir, 'bad.yaml'), yaml.replace(/^(releases:\n(?:    .*\n|  - .*\n)*?    items: )\[[^\]]*\]/m, '$1[99]'));
          expectFailure(other, ['import', 'bad.yaml', '--replace'], 6, ['releases[0].items names item 99']);
        }
      } finally {
        other.cleanup();
      }
    }
  });
});

describe('every planning failure: exit code, a message, and an unchanged database', () => {
  const base = sandboxes((s) => {
    s.initBacklog();
    addItems(s);
    s.ok(['add', 'A proposal', '--value', '8', '--goal', 'G1', '--why', 'Stakeholders asked for this twice'], { user: STRANGER });
    s.ok(['release', 'add', 'R1', 'Spring launch', '--date', '2027-06-30']);
  });
  afterAll(() => base.cleanup());

  it('not the Product Owner: exit 3', () => {
    const s = base.make();
    for (const user of [DEV, STRANGER]) {
      expectFailure(s, ['release', 'add', 'R2', 'Summer', '--date', '2027-08-31'], 3, [`Only the Product Owner (${OWNER}) may plan releases`], { user });
      expectFailure(s, ['release', 'plan', 'R1', '--through', 'ORD-2'], 3, ['may plan releases'], { user });
      expectFailure(s, ['release', 'edit', 'R1', '--date', '2027-07-01'], 3, ['may plan releases'], { user });
      expectFailure(s, ['release', 'ship', 'R1'], 3, ['may ship releases'], { user });
      expectFailure(s, ['sprint', 'start', '--goal', 'G', '--top', '2'], 3, ['may start sprints'], { user });
      expectFailure(s, ['reopen', 'ORD-1'], 3, ['may reopen items'], { user });
    }
    s.ok(['sprint', 'start', '--goal', 'G', '--top', '2']);
    expectFailure(s, ['sprint', 'end', '--goal-met', 'yes'], 3, ['may end sprints'], { user: DEV });
  });

  it('unknown release or sprint: exit 4', () => {
    const s = base.make();
    for (const args of [['release', 'show', 'R9'], ['release', 'plan', 'R9', '--add', 'ORD-1'], ['release', 'ship', 'R9'], ['release', 'edit', 'R9', '--name', 'X']]) {
      expectFailure(s, args, 4, ['No release "R9"', 'Known releases: R1']);
    }
    expectFailure(s, ['sprint', 'show'], 4, ['There is no sprint yet']);
    expectFailure(s, ['sprint', 'show', 'S7'], 4, ['No sprint "S7"']);
    expectFailure(s, ['release', 'plan', 'R1', '--add', 'ORD-99'], 4, ['No item ORD-99']);
  });

  it('a sprint already running, a release that exists or shipped, items that cannot be planned: exit 5', () => {
    const s = base.make();
    s.ok(['sprint', 'start', '--goal', 'First', '--top', '2']);
    expectFailure(s, ['sprint', 'start', '--goal', 'Second', '--top', '2'], 5, ['Sprint S1 ("First") is still running', 'one sprint runs at a time', 'ordo sprint end']);
    s.ok(['sprint', 'end', '--goal-met', 'yes']);
    expectFailure(s, ['sprint', 'end', '--goal-met', 'yes'], 5, ['No sprint is running']);
    expectFailure(s, ['release', 'add', 'r1', 'Again', '--date', '2027-01-01'], 5, ['Release R1 already exists']);
    expectFailure(s, ['release', 'plan', 'R1', '--through', 'ORD-9'], 5, ['ORD-9 is proposed, not in the order']);
    expectFailure(s, ['release', 'plan', 'R1', '--add', 'ORD-9'], 5, ['ORD-9 is proposed', 'ordo triage ORD-9 --accept']);
    expectFailure(s, ['release', 'plan', 'R1', '--remove', 'ORD-1'], 5, ['ORD-1 is not in release R1']);
    expectFailure(s, ['sprint', 'start', '--goal', 'X', 'ORD-9'], 5, ['ORD-9 is proposed; a sprint takes items from the order']);
    s.ok(['release', 'ship', 'R1']);
    expectFailure(s, ['release', 'ship', 'R1'], 5, ['Release R1 shipped on']);
    expectFailure(s, ['release', 'plan', 'R1', '--add', 'ORD-1'], 5, ['Release R1 shipped on']);
  });

  it('criteria open, or an item someone else holds: exit 5', () => {
    const s = base.make();
    s.ok(['start', 'ORD-1'], { user: DEV });
    expectFailure(s, ['start', 'ORD-1'], 5, [`started by ${DEV}`, 'ordo start ORD-1 --take'], { user: DAN });
    expectFailure(s, ['start', 'ORD-1'], 5, ['You already started ORD-1'], { user: DEV });
    s.ok(['done', 'ORD-1'], { user: DEV });
    expectFailure(s, ['accept', 'ORD-1'], 5, ['2 of 2 acceptance criteria']);
    expectFailure(s, ['accept', 'ORD-1', '--met', '2'], 5, ['1 of 2', '1. Item 1 works on mobile']);
  });

  it('bad input: exit 2', () => {
    const s = base.make();
    expectFailure(s, ['release', 'add', 'R2', 'Summer', '--date', '2027-02-30'], 2, ['--date expects a date as YYYY-MM-DD, got "2027-02-30"']);
    expectFailure(s, ['release', 'add', 'R2', 'Summer'], 2, ['--date expects a date']);
    expectFailure(s, ['release', 'add', 'R 2', 'Summer', '--date', '2027-08-31'], 2, ['cannot be a release id']);
    expectFailure(s, ['release', 'plan', 'R1'], 2, ['--through KEY']);
    expectFailure(s, ['sprint', 'start', '--top', '2'], 2, ['A Sprint Goal (--goal) is required']);
    expectFailure(s, ['sprint', 'start', '--goal', 'G'], 2, ['Say which items the sprint takes']);
    expectFailure(s, ['sprint', 'start', '--goal', 'G', '--top', '2', '--length', '0d'], 2, ['--length expects']);
    expectFailure(s, ['sprint', 'start', '--goal', 'G', '--top', '2', 'ORD-1'], 2, ['not both']);
    expectFailure(s, ['sprint', 'end', '--goal-met', 'maybe'], 2, ['--goal-met expects yes or no, got "maybe"']);
    expectFailure(s, ['accept', 'ORD-1', '--met', 'some'], 2, ['--met expects "all" or criterion numbers'], { noHint: false });
    expectFailure(s, ['add', 'X', '--value', '8', '--goal', 'G1', '--why', 'Shoppers need this to finish their order', '--criterion', ' '], 2, ['Acceptance criterion 1 is empty']);
    expectFailure(s, ['list', '--mine', '--assignee', DEV], 2, ['--mine or --assignee ID, not both']);
    expectFailure(s, ['reject', 'ORD-9', '--at', 'top'], 2, ['--at places an item back in the order, but ORD-9 is proposed']);
    expectFailure(s, ['forecast', '--by', 'sprints'], 5, ['No ended sprint delivered any points']);
    expectFailure(s, ['forecast', '--by', 'months'], 2, ['--by expects weeks or sprints']);
  });

  it('edit replaces the criteria; `-` clears them; show lists them', () => {
    const s = base.make();
    const edited = s.ok(['edit', 'ORD-1', '--criterion', 'Only this one', '--json']).json();
    expect(edited).toMatchObject({ item: { criteria: ['Only this one'] }, changes: { criteria: { to: ['Only this one'] } } });
    expect(s.ok(['show', 'ORD-1']).stdout).toMatch(/Acceptance criteria\n {2}\[ \] 1\. Only this one/);
    expect(s.ok(['edit', 'ORD-1', '--criterion', '-', '--json']).json().item.criteria).toEqual([]);
    // With no criteria, accepting needs no ticks.
    s.ok(['start', 'ORD-1']);
    s.ok(['done', 'ORD-1']);
    s.ok(['accept', 'ORD-1']);
  });
});

describe('with owner-key: planning decisions that change the order are signed', () => {
  it('a rejection back into the order, a reopen and a sprint end leave the order signed; without the key they are refused', () => {
    const s = new Sandbox().initBacklog();
    const other = new Sandbox();
    try {
      addItems(s);
      const publicKey = s.ok(['key', 'generate', '--json']).json().publicKey as string;
      s.editConfig((t) => `${t}owner-key: ${publicKey}\n`);
      s.ok(['sign', '--yes']);
      s.ok(['sprint', 'start', '--goal', 'Pay in one tap', '--top', '3']);
      s.ok(['start', 'ORD-3'], { user: DEV });
      s.ok(['done', 'ORD-3'], { user: DEV });
      s.ok(['reject', 'ORD-3', '--reason', 'Fails on Safari']);
      s.ok(['drop', 'ORD-8', '--reason', 'Not needed']);
      s.ok(['reopen', 'ORD-8']);
      s.ok(['start', 'ORD-5'], { user: DEV });
      s.ok(['sprint', 'end', '--goal-met', 'no']);
      expect(s.order().slice(0, 3)).toEqual(['ORD-1', 'ORD-2', 'ORD-3']);
      const verdict = s.run(['verify', '--json']);
      expect(verdict.code, verdict.stdout).toBe(0);

      // The same backlog on a machine without the Product Owner's key: refused (exit 3), nothing written.
      for (const name of ['.ordo', 'ordo.yml']) cpSync(join(s.dir, name), join(other.dir, name), { recursive: true });
      other.ok(['start', 'ORD-1'], { user: DEV });
      other.ok(['done', 'ORD-1'], { user: DEV });
      for (const args of [['reject', 'ORD-1', '--reason', 'No'], ['reopen', 'ORD-8'], ['sprint', 'end', '--goal-met', 'yes']]) {
        expectFailure(other, args, 3, ["must be signed with their key", 'not on this machine']);
      }
    } finally {
      s.cleanup();
      other.cleanup();
    }
  });
});
