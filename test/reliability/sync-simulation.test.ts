/**
 * A seeded simulation of a team sharing one backlog: N clones run random commands
 * (add, propose, start, done, edit, and the Product Owner's moves and triage) and sync at
 * random; at the end every clone holds the same backlog and no change that a command
 * reported as applied is missing. CI runs a small size; ORDO_SIM_LARGE=1 runs 20 clones
 * and many more steps (ORDO_SIM_STEPS sets how many), ORDO_SIM_SEED replays a run.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { OWNER } from '../helpers/cli.js';
import { GitWorld, Team } from '../helpers/git.js';
import { seededRandom } from '../helpers/order.js';

const LARGE = process.env.ORDO_SIM_LARGE === '1';
const CLONES = LARGE ? 20 : 4;
const STEPS = Number(process.env.ORDO_SIM_STEPS ?? (LARGE ? 600 : 45));
const SEED = Number(process.env.ORDO_SIM_SEED ?? 20261201);
const WHY = 'Shoppers abandon their carts when this is missing';
const START = Date.parse('2026-12-01T09:00:00Z');

interface Listed {
  key: string;
  title: string;
  status: string;
  position: number | null;
  createdBy: string;
  value: number | null;
}

const world = new GitWorld();
const team = new Team(world);
afterAll(() => {
  team.cleanup();
  world.cleanup();
}, 300_000);

describe(`a team of ${CLONES} clones, ${STEPS} random commands (seed ${SEED})`, () => {
  it('converges to one backlog and loses no applied change', { timeout: LARGE ? 3_600_000 : 600_000 }, () => {
    const random = seededRandom(SEED);
    const pick = <T>(xs: readonly T[]): T | undefined => (xs.length === 0 ? undefined : xs[Math.floor(random() * xs.length)]);
    const po = team.dir('po');
    const users = [OWNER, ...Array.from({ length: CLONES - 1 }, (_, i) => `dev${i + 1}@example.com`)];
    team.ordo(po, ['goal', 'add', 'G1', 'Faster checkout']);
    for (let i = 1; i <= 3; i++) team.ordo(po, ['add', `Seed ${i}`, '--value', '8', '--why', WHY, '--goal', 'G1']);
    const dirs = [po, ...users.slice(1).map((u, i) => team.clone(`clone${i + 1}`))];
    dirs.forEach((d, i) => i > 0 && team.ordo(d, ['sync'], users[i]));

    let clock = 0;
    // Each command runs at its own instant, so the audit event it writes can be found again.
    const at = () => new Date(START + ++clock * 1000).toISOString();
    const applied: { at: string; actor: string; what: string }[] = [];
    const added: string[] = [];
    const run = (c: number, args: string[], what: string) => {
      const now = at();
      const r = team.run(dirs[c]!, [...args, '--no-sync'], users[c], { ORDO_NOW: now });
      if (r.code === 0) applied.push({ at: now, actor: users[c]!, what });
      else if (r.code === 70 || r.code === 6) throw new Error(`${users[c]} ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
      return r.code === 0;
    };
    let syncs = 0;
    for (let step = 0; step < STEPS; step++) {
      const c = Math.floor(random() * CLONES);
      const user = users[c]!;
      if (random() < 0.3) {
        const r = team.run(dirs[c]!, ['sync'], user, { ORDO_NOW: at() });
        expect(r.code, r.stderr).toBe(0);
        syncs++;
        continue;
      }
      const items = team.ordo(dirs[c]!, ['list', '--all', '--json'], user).json().items as Listed[];
      const ranked = items.filter((i) => i.position !== null);
      const roll = random();
      if (c === 0) {
        const proposed = items.filter((i) => i.status === 'proposed');
        const target = pick(ranked);
        // A move to where the item already is changes nothing and records nothing: pick another place.
        const to = target && ranked.length > 1 ? 1 + ((target.position! + Math.floor(random() * (ranked.length - 1))) % ranked.length) : null;
        if (roll < 0.35 && target && to !== null) run(c, ['move', target.key, '--to', String(to)], `move ${target.key}`);
        else if (roll < 0.6 && proposed.length > 0) run(c, ['triage', pick(proposed)!.key, '--accept', '--at', 'top'], 'triage');
        // An edit to the value the item has already changes nothing: pick another.
        else if (roll < 0.75 && target) run(c, ['edit', target.key, '--value', String(pick([1, 2, 3, 5, 8, 13].filter((v) => v !== target.value))!)], `edit ${target.key}`);
        else {
          const title = `PO ${step}`;
          if (run(c, ['add', title, '--value', '5', '--why', WHY, '--goal', 'G1'], 'add')) added.push(title);
        }
      } else {
        const ready = items.filter((i) => i.status === 'ready');
        const mine = items.filter((i) => i.status === 'in-progress');
        const ownProposals = items.filter((i) => i.status === 'proposed' && i.createdBy === user);
        if (roll < 0.25 && ready.length > 0) run(c, ['start', pick(ready)!.key], 'start');
        else if (roll < 0.45 && mine.length > 0) run(c, ['done', pick(mine)!.key], 'done');
        else if (roll < 0.55 && ownProposals.length > 0) run(c, ['edit', pick(ownProposals)!.key, '--description', `Details from step ${step}`], 'edit proposal');
        else if (roll < 0.7 && ranked.length > 1) {
          run(c, ['propose', ranked[ranked.length - 1]!.key, '--top', '--why', `Step ${step}: customers keep asking for this`], 'propose move');
        } else {
          const title = `Idea ${step} from ${user}`;
          if (run(c, ['add', title, '--value', '3', '--why', WHY, '--goal', 'G1'], 'add')) added.push(title);
        }
      }
    }
    // Two full rounds: the first spreads every change, the second brings everyone level.
    for (let round = 0; round < 2; round++) dirs.forEach((d, i) => team.ordo(d, ['sync'], users[i], { ORDO_NOW: at() }));

    const exports = dirs.map((d, i) => JSON.stringify(team.ordo(d, ['list', '--all', '--json'], users[i]).json().items));
    for (const e of exports) expect(e).toBe(exports[0]);
    const logs = dirs.map((d, i) => JSON.stringify(team.ordo(d, ['log', '--json'], users[i]).json().events));
    for (const l of logs) expect(l).toBe(logs[0]);

    const events = team.ordo(po, ['log', '--json']).json().events as { at: string; actor: string }[];
    const present = new Set(events.map((e) => `${e.at} ${e.actor}`));
    const lost = applied.filter((a) => !present.has(`${a.at} ${a.actor}`));
    const titles = new Set((JSON.parse(exports[0]!) as Listed[]).map((i) => i.title));
    const lostItems = added.filter((t) => !titles.has(t));
    console.log(`simulation: ${CLONES} clones, ${STEPS} steps, ${applied.length} changes applied, ${syncs} random syncs, lost changes ${lost.length}, lost items ${lostItems.length}`);
    if (lost.length > 0) console.log(`lost: ${JSON.stringify(lost)}`);
    expect(lost).toEqual([]);
    expect(lostItems).toEqual([]);
    for (const d of dirs) expect(team.status(d)).toBe('');
  });
});
