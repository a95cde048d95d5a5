/**
 * Runs action.yml's steps the way a GitHub runner does: every `run:` step through
 * `bash --noprofile --norc -eo pipefail` with the GITHUB_* variables and files of a job,
 * `${{ }}` expressions replaced, outputs and PATH carried from step to step. `uses:` steps
 * cannot run here: the test checks they are the expected actions and plays their part
 * (setup-node: the Node running this test; cache: a hit, node_modules restored).
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GitWorld, Team } from '../helpers/git.js';
import { localPrebuilds } from '../helpers/prebuild.js';

const ROOT = resolve(import.meta.dirname, '../..');

interface Step {
  name?: string;
  id?: string;
  if?: string;
  uses?: string;
  with?: Record<string, string | boolean | number>;
  run?: string;
  shell?: string;
  env?: Record<string, string>;
  'working-directory'?: string;
}
interface Action {
  inputs: Record<string, { default?: string }>;
  outputs: Record<string, { value: string }>;
  runs: { using: string; steps: Step[] };
}

const action = parseYaml(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as Action;

interface Job {
  /** What each step printed (stdout then stderr), by step name. */
  logs: Map<string, string>;
  /** Every workflow command (`::error ...`) any step printed. */
  annotations: string[];
  summary: string;
  outputs: Record<string, string>;
  /** The exit code of the step that failed the job, 0 when every step passed. */
  code: number;
  failedStep?: string;
  uploaded?: { name: string; path: string };
}

interface JobOptions {
  inputs?: Record<string, string>;
  /** The action's checkout (default: one whose node_modules the cache restored). */
  action?: { path: string; cacheHit: boolean; env?: Record<string, string> };
  event?: 'push' | 'pull_request';
  ref?: string;
  before?: string;
  sha?: string;
}

let tmp: string;
let actionPath: string;
let world: GitWorld;
let team: Team;
/** Two commits of the backlog branch, as `ordo sync` published them: one item, then two. */
const commits: string[] = [];

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'ordo-action-'));
  // The action's own checkout, with node_modules as the cache restores it.
  actionPath = actionCheckout('action');
  symlinkSync(join(ROOT, 'node_modules'), join(actionPath, 'node_modules'));

  // A team whose writing commands sync: ordo.yml on main, the backlog on ordo/backlog. Two items
  // on G1 whose rationales repeat (a warning, not an error).
  world = new GitWorld();
  team = new Team(world);
  const po = team.dir('po');
  team.ordo(po, ['goal', 'add', 'G1', 'Faster checkout']);
  team.ordo(po, ['add', 'Retry 3-D Secure on timeout', '--value', '13', '--goal', 'G1', '--why', 'Timeouts cost about 2% of mobile orders']);
  commits.push(team.history()[0]!);
  team.ordo(po, ['add', 'Apple Pay', '--value', '8', '--goal', 'G1', '--why', 'Timeouts cost about 2% of mobile orders']);
  commits.push(team.history()[0]!);
  expect(commits[0]).not.toBe(commits[1]);
}, 120_000);

afterAll(() => {
  team?.cleanup();
  world?.cleanup();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

/** What `uses: OWNER/ordo@v0` downloads: the repository's files at that tag (no node_modules, no dist). */
function actionCheckout(name: string): string {
  const dir = join(tmp, name);
  for (const path of ['action.yml', 'package.json', 'package-lock.json', 'bin', 'src', 'scripts/build.mjs']) {
    cpSync(join(ROOT, path), join(dir, path), { recursive: true });
  }
  return dir;
}

/**
 * What actions/checkout leaves: a fresh clone of the code branch, ordo.yml but no backlog
 * (ordo's first command takes it from the fetched backlog branch). `dir` moves the project
 * into a subdirectory; `edit` changes ordo.yml as a pull request would.
 */
function workspace(dir = '.', edit?: (config: string) => string): string {
  const ws = mkdtempSync(join(tmp, 'ws-'));
  world.git(tmp, ['clone', '-q', team.origin, ws]);
  const project = join(ws, dir);
  if (dir !== '.') {
    mkdirSync(project, { recursive: true });
    for (const f of ['ordo.yml', '.ordo']) renameSync(join(ws, f), join(project, f));
  }
  expect(existsSync(join(project, '.ordo', 'backlog.db'))).toBe(false);
  if (edit) writeFileSync(join(project, 'ordo.yml'), edit(readFileSync(join(project, 'ordo.yml'), 'utf8')));
  return ws;
}

function runJob(ws: string, options: JobOptions = {}): Job {
  const home = mkdtempSync(join(tmp, 'home-'));
  const runnerTemp = mkdtempSync(join(tmp, 'runner-temp-'));
  const files = {
    GITHUB_STEP_SUMMARY: join(runnerTemp, '_summary.md'),
    GITHUB_PATH: join(runnerTemp, '_path'),
    GITHUB_ENV: join(runnerTemp, '_env'),
  };
  for (const f of Object.values(files)) writeFileSync(f, '');
  const event = options.event ?? 'push';
  const inputs = Object.fromEntries(Object.entries(action.inputs).map(([k, v]) => [k, options.inputs?.[k] ?? v.default ?? '']));
  const act = options.action ?? { path: actionPath, cacheHit: true };
  const github: Record<string, string> = {
    action_path: act.path,
    event_name: event,
    'event.before': options.before ?? commits[0]!,
    sha: options.sha ?? commits[1]!,
    ref: options.ref ?? (event === 'push' ? 'refs/heads/ordo/backlog' : 'refs/pull/7/merge'),
    workspace: ws,
  };
  const steps: Record<string, Record<string, string>> = {};
  const expr = (text: string): string =>
    text.replace(/\$\{\{\s*([^}]+?)\s*\}\}/g, (_, e: string) => {
      let m: RegExpExecArray | null;
      if ((m = /^inputs\.([\w-]+)$/.exec(e))) return inputs[m[1]!] ?? '';
      if ((m = /^github\.([\w.]+)$/.exec(e)) && m[1]! in github) return github[m[1]!]!;
      if ((m = /^steps\.([\w-]+)\.outputs\.([\w-]+)$/.exec(e))) return steps[m[1]!]?.[m[2]!] ?? '';
      if (e === 'runner.temp') return runnerTemp;
      throw new Error(`action.yml uses an expression this test does not know: ${e}`);
    });
  const condition = (text: string | undefined): boolean => {
    if (text === undefined) return true;
    const m = /^inputs\.([\w-]+) == '([^']*)'$/.exec(text.trim());
    if (!m) throw new Error(`action.yml uses a condition this test does not know: ${text}`);
    return inputs[m[1]!] === m[2];
  };

  const job: Job = { logs: new Map(), annotations: [], summary: '', outputs: {}, code: 0 };
  for (const step of action.runs.steps) {
    const name = step.name ?? step.uses ?? '?';
    if (!condition(step.if)) continue;
    if (step.uses) {
      const with_ = Object.fromEntries(Object.entries(step.with ?? {}).map(([k, v]) => [k, expr(String(v))]));
      if (step.uses === 'actions/setup-node@v4') expect(with_['node-version']).toBe(inputs['node-version']);
      else if (step.uses === 'actions/cache@v4') {
        expect(with_.path).toBe(join(act.path, 'node_modules'));
        expect(with_.key).toMatch(/^ordo-action-linux-x64-node\d+-[0-9a-f]{20}$/);
        steps[step.id!] = { 'cache-hit': String(act.cacheHit) };
      } else if (step.uses === 'actions/upload-artifact@v4') job.uploaded = { name: with_.name!, path: with_.path! };
      else throw new Error(`unexpected action ${step.uses}`);
      continue;
    }
    expect(step.shell, name).toBe('bash');
    const output = join(runnerTemp, `_output_${Object.keys(steps).length}`);
    writeFileSync(output, '');
    const extraPath = readFileSync(files.GITHUB_PATH, 'utf8').split('\n').filter(Boolean).reverse();
    const env: Record<string, string> = {
      PATH: [...extraPath, dirname(process.execPath), process.env.PATH ?? ''].join(':'),
      HOME: home,
      LANG: 'C.UTF-8',
      CI: 'true',
      GITHUB_ACTIONS: 'true',
      GITHUB_WORKSPACE: ws,
      GITHUB_ACTION_PATH: act.path,
      GITHUB_EVENT_NAME: event,
      GITHUB_SHA: github.sha!,
      GITHUB_REF: github.ref!,
      GITHUB_OUTPUT: output,
      RUNNER_TEMP: runnerTemp,
      ...files,
      ...act.env,
      ...Object.fromEntries(Object.entries(step.env ?? {}).map(([k, v]) => [k, expr(String(v))])),
    };
    const script = join(runnerTemp, `_step_${Object.keys(steps).length}.sh`);
    writeFileSync(script, expr(step.run!));
    const r = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', script], {
      cwd: resolve(ws, expr(step['working-directory'] ?? '.')),
      env,
      encoding: 'utf8',
      timeout: 240_000,
    });
    const log = `${r.stdout}${r.stderr}`;
    job.logs.set(name, log);
    job.annotations.push(...log.split('\n').filter((l) => /^::(error|warning|notice)\b/.test(l)));
    steps[step.id ?? `_${Object.keys(steps).length}`] = Object.fromEntries(
      readFileSync(output, 'utf8')
        .split('\n')
        .filter((l) => l.includes('='))
        .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
    );
    if (r.status !== 0) {
      job.code = r.status ?? -1;
      job.failedStep = name;
      break;
    }
  }
  job.summary = readFileSync(files.GITHUB_STEP_SUMMARY, 'utf8');
  job.outputs = Object.fromEntries(Object.entries(action.outputs).map(([k, v]) => [k, expr(v.value)]));
  return job;
}

describe('action.yml, run as a runner runs it', () => {
  it('on a push to the backlog branch: installs ordo from its checkout, checks, summarises the pushed range', () => {
    const ws = workspace();
    const job = runJob(ws);
    expect(job.failedStep, [...job.logs].join('\n')).toBeUndefined();
    // ordo's first command took the team's backlog from the fetched branch.
    expect(existsSync(join(ws, '.ordo', 'backlog.db'))).toBe(true);
    expect(job.code).toBe(0);
    expect(job.outputs['exit-code']).toBe('0');
    expect(job.logs.get('Install ordo')).toMatch(/^\d+\.\d+\.\d+$/m);
    expect(existsSync(join(actionPath, 'dist', 'ordo.cjs'))).toBe(true);
    expect(job.logs.get('Fetch the backlog branch')).toContain('Fetched origin/ordo/backlog.');
    // The repeated rationale is a warning: annotated, not failing (as are the items without acceptance criteria).
    expect(job.annotations.filter((a: string) => a.includes('rationale-duplicate'))).toEqual([
      expect.stringMatching(/^::warning title=ordo rationale-duplicate \(ORD-1\)::ORD-1 has the same value rationale as ORD-2/),
      expect.stringMatching(/^::warning title=ordo rationale-duplicate \(ORD-2\)::/),
    ]);
    expect(job.annotations.every((a: string) => a.startsWith('::warning '))).toBe(true);
    expect(job.summary).toMatch(/^## ordo check\n\nThe backlog passes every check\.\n/);
    // `ordo diff` of the two pushed commits of the backlog branch: the item the push added.
    expect(job.summary).toContain('Apple Pay');
    expect(job.uploaded).toBeUndefined();
  });

  it('on a cache miss: npm ci in the action\'s checkout installs and builds ordo', { timeout: 300_000 }, () => {
    const path = actionCheckout('action-uncached');
    const env = { ...localPrebuilds(join(tmp, 'prebuilds')), npm_config_cache: join(ROOT, '.npm-cache'), npm_config_prefer_offline: 'true' };
    const job = runJob(workspace(), { action: { path, cacheHit: false, env } });
    expect(job.failedStep, [...job.logs].join('\n')).toBeUndefined();
    expect(job.logs.get('Install ordo')).toMatch(/^\d+\.\d+\.\d+$/m);
    expect(existsSync(join(path, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node'))).toBe(true);
    expect(existsSync(join(path, 'dist', 'ordo.cjs'))).toBe(true);
  });

  it('fails on violations at error severity, with one annotation each; strict fails on warnings', () => {
    const ws = workspace('.', (c) => c.replace('rationale-min-words: 5', 'rationale-min-words: 9'));
    const job = runJob(ws);
    expect(job.failedStep).toBe('Result');
    expect(job.code).toBe(1);
    expect(job.outputs['exit-code']).toBe('1');
    expect(job.annotations.filter((a) => a.startsWith('::error title=ordo value-rationale'))).toHaveLength(2);
    expect(job.summary).toContain('The backlog has violations: see the annotations.');

    const strict = runJob(workspace(), { inputs: { strict: 'true' } });
    expect(strict.code).toBe(1);
    expect(strict.annotations.filter((a) => a.startsWith('::error title=ordo rationale-duplicate'))).toHaveLength(2);
  });

  it('junit: true writes the JUnit report and uploads it, even when the check fails', () => {
    const job = runJob(workspace('.', (c) => c.replace('rationale-min-words: 5', 'rationale-min-words: 9')), { inputs: { junit: 'true', 'junit-artifact': 'backlog-report' } });
    expect(job.code).toBe(1);
    expect(job.uploaded?.name).toBe('backlog-report');
    const xml = readFileSync(job.uploaded!.path, 'utf8');
    expect(xml).toMatch(/^<\?xml/);
    expect(xml).toContain('<failure');
  });

  it('working-directory: ordo.yml in a subdirectory of the repository', () => {
    const job = runJob(workspace('planning'), { inputs: { 'working-directory': 'planning' } });
    expect(job.code, [...job.logs].join('\n')).toBe(0);
    expect(job.logs.get('Fetch the backlog branch')).toContain('Fetched origin/ordo/backlog.');
  });

  it('version-check: an ordo outside ordo.yml\'s `ordo:` range fails the job (or, with false, warns)', () => {
    const ws = workspace('.', (c) => `ordo: ">=9 <10"\n${c}`);
    const job = runJob(ws);
    expect(job.code).toBe(6);
    expect(job.annotations).toContainEqual(expect.stringMatching(/^::error file=ordo\.yml,title=ordo version::.*ordo\.yml asks for ordo >=9 <10; this is ordo \d/));
    const relaxed = runJob(ws, { inputs: { 'version-check': 'false' } });
    expect(relaxed.code).toBe(0);
    expect(relaxed.annotations).toContainEqual(expect.stringMatching(/^::warning file=ordo\.yml,title=ordo version::/));
  });

  it('on a pull request: checks, and compares nothing', () => {
    const job = runJob(workspace(), { event: 'pull_request' });
    expect(job.code).toBe(0);
    expect(job.summary).toBe('## ordo check\n\nThe backlog passes every check.\n\n');
  });

  it('a diff that cannot run leaves a note in the summary and does not fail the job', () => {
    const job = runJob(workspace(), { before: 'f'.repeat(40) });
    expect(job.code).toBe(0);
    expect(job.summary).toContain(`_ordo diff ffffffffff..${commits[1]!.slice(0, 10)} could not run:`);
  });

  it('the first push of the backlog branch (before is all zeros) has nothing to compare', () => {
    const job = runJob(workspace(), { before: '0'.repeat(40) });
    expect(job.code).toBe(0);
    expect(job.summary).toContain('The first push of ordo/backlog: nothing to compare with.');
  });

  it('without the backlog branch on the remote (the older layout, the database in the checkout): a notice, and the check runs', () => {
    const ws = workspace();
    cpSync(join(team.dir('po'), '.ordo', 'backlog.db'), join(ws, '.ordo', 'backlog.db'));
    world.git(ws, ['remote', 'set-url', 'origin', join(tmp, 'no-such-remote.git')]);
    const job = runJob(ws, { event: 'pull_request' });
    expect(job.code).toBe(0);
    expect(job.annotations).toContainEqual('::notice title=ordo::No branch ordo/backlog on origin: checking the backlog in the checkout.');
  });
});

describe('examples/ci/ordo-check.yml', () => {
  const wf = parseYaml(readFileSync(join(ROOT, 'examples/ci/ordo-check.yml'), 'utf8')) as {
    on: { push: { branches: string[] }; pull_request: { paths: string[] } };
    jobs: Record<string, { steps: Step[] }>;
  };
  const steps = Object.values(wf.jobs)[0]!.steps;

  it('runs on every push to the backlog branch and on pull requests that change ordo.yml', () => {
    expect(wf.on.push.branches).toEqual(['ordo/backlog']);
    expect(wf.on.pull_request.paths).toContain('ordo.yml');
  });

  it('checks out the code branch (ordo.yml) on a push to the backlog branch, then uses this action', () => {
    expect(steps[0]!.uses).toBe('actions/checkout@v4');
    expect(String(steps[0]!.with?.ref)).toContain('github.event.repository.default_branch');
    expect(steps[1]!.uses).toBe('OWNER/ordo@v0');
    expect(steps.some((s) => /npm install --global ordo@/.test(s.run ?? ''))).toBe(false);
  });
});
