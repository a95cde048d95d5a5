import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BIN, OWNER, Sandbox } from '../helpers/cli.js';

const ROOT = resolve(import.meta.dirname, '../..');
const HOOK = resolve(import.meta.dirname, '../helpers/trace-modules.mjs');
// Traces Node's own modules too, and installs no module hooks (which load Node's worker and networking modules).
const BUILTINS_HOOK = resolve(import.meta.dirname, '../helpers/trace-builtins.cjs');

let sb: Sandbox;
afterEach(() => sb?.cleanup());

/**
 * The packages (and ordo source files) whose code a run of `ordo ARGS` loaded, from the bundle's
 * metafile; with `builtins`, Node's own modules too (node:NAME). `files`: the dist/ files it required.
 */
function loaded(args: string[], env: Record<string, string> = {}, { builtins = false } = {}): { code: number; stdout: string; packages: Set<string>; files: Set<string> } {
  const trace = join(sb.home, `trace-${Math.random().toString(36).slice(2)}.txt`);
  const r = spawnSync(process.execPath, [...(builtins ? ['--require', BUILTINS_HOOK] : ['--import', HOOK]), BIN, ...args], {
    cwd: sb.dir,
    env: { PATH: process.env.PATH ?? '', HOME: sb.home, NO_COLOR: '1', ORDO_USER: OWNER, ORDO_TRACE_FILE: trace, ...env },
    encoding: 'utf8',
  });
  const meta = JSON.parse(readFileSync(join(ROOT, 'dist', 'meta.json'), 'utf8')) as { outputs: Record<string, { inputs: Record<string, unknown> }> };
  const packages = new Set<string>();
  const files = new Set<string>();
  for (const url of new Set(readFileSync(trace, 'utf8').trim().split('\n'))) {
    if (url.startsWith('node:')) packages.add(url);
    const dist = /\/(dist\/.+)$/.exec(url);
    if (dist) files.add(dist[1]!);
    const external = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url);
    if (external) packages.add(external[1]!);
    const output = /\/(dist\/.+\.c?js)$/.exec(url);
    for (const input of Object.keys(output ? (meta.outputs[output[1]!]?.inputs ?? {}) : {})) {
      const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input);
      packages.add(pkg ? pkg[1]! : input);
    }
  }
  return { code: r.status ?? -1, stdout: r.stdout, packages, files };
}

const HEAVY = ['@inquirer/prompts', '@inquirer/core', 'zod', 'yaml'];
const cacheFile = () => join(sb.dir, '.ordo', 'cache', 'config.json');

describe('what a command loads at start-up', () => {
  it('next and list load neither prompts nor yaml nor zod once ordo.yml is cached', () => {
    sb = new Sandbox().initBacklog();
    sb.addItems(2);
    for (const args of [['next'], ['list', '--limit', '20'], ['next', '1', '--json']]) {
      const r = loaded(args);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('ORD-1');
      expect(r.packages).toContain('better-sqlite3'); // the trace sees what was loaded
      expect(r.packages).toContain('src/commands/list.ts');
      for (const heavy of [...HEAVY, 'chalk', 'string-width']) expect(r.packages, `${args.join(' ')} loaded ${heavy}`).not.toContain(heavy);
    }
  });

  // The everyday commands: each registers only its own command module (never commander's whole
  // tree or other commands' definitions) and loads neither prompts, yaml, zod, chalk nor the
  // Unicode width tables for plain ASCII backlogs.
  const REGISTRATIONS = ['goal', 'items', 'order', 'workflow', 'value', 'trust', 'check', 'po', 'git', 'transfer'].map((m) => `src/cli/${m}.ts`);
  const OTHER_COMMANDS = ['check', 'transfer', 'goal', 'report', 'roadmap', 'forecast', 'page', 'verify', 'sign', 'keys', 'log', 'git', 'reorder', 'init', 'migrate'].map((m) => `src/commands/${m}.ts`);
  const EVERYDAY: [string[], string][] = [
    [['next'], 'items'],
    [['list', '--limit', '20'], 'items'],
    [['next', '1', '--json'], 'items'],
    [['show', 'ORD-2'], 'items'],
    [['whoami'], 'program'],
    [['move', 'ORD-3', '--top'], 'order'],
    [['move', 'ORD-3', '--after', 'ORD-1'], 'order'],
    [['add', 'Apple Pay', '--value', '8', '--why', 'Most mobile shoppers asked for it', '--goal', 'G1'], 'items'],
    [['start', 'ORD-1'], 'workflow'],
    [['done', 'ORD-1'], 'workflow'],
  ];
  it('the everyday commands load only their own command module and no heavy package', () => {
    sb = new Sandbox().initBacklog();
    sb.addItems(3);
    sb.ok(['next']); // caches ordo.yml
    for (const [args, own] of EVERYDAY) {
      const r = loaded(args);
      expect(r.code, args.join(' ')).toBe(0);
      for (const heavy of [...HEAVY, 'chalk', 'string-width']) expect(r.packages, `${args.join(' ')} loaded ${heavy}`).not.toContain(heavy);
      for (const other of [...REGISTRATIONS, ...OTHER_COMMANDS]) {
        if (other !== `src/cli/${own}.ts`) expect(r.packages, `${args.join(' ')} loaded ${other}`).not.toContain(other);
      }
      expect(r.packages).toContain('commander');
    }
    // The whole tree only for help and names ordo does not know.
    expect(loaded(['--help']).packages).toContain('src/cli/transfer.ts');
    const typo = loaded(['lsit']);
    expect(typo.code).toBe(2);
    expect(typo.packages).toContain('src/cli/transfer.ts');
  });

  // What the start-up figures rest on (npm run bench): Node's terminal and networking modules,
  // node:crypto and the signing code cost milliseconds each, and no everyday command needs them.
  const NEVER = ['node:tty', 'node:net', 'node:crypto', 'node:child_process', 'node:stream'];
  const SIGNING = ['src/commands/signing.ts', 'src/core/decisions.ts', 'src/core/signature.ts', 'src/config/keys.ts'];
  it('the everyday commands run from their pack, without Node’s terminal, networking or crypto modules, and without owner-key no signing code', () => {
    sb = new Sandbox().initBacklog();
    sb.addItems(3);
    sb.ok(['next']); // caches ordo.yml
    const cases: [string[], string][] = [
      [['next'], 'items'],
      [['list', '--limit', '20'], 'items'],
      [['show', 'ORD-2'], 'items'],
      [['whoami'], 'program'],
      [['move', 'ORD-3', '--top'], 'order'],
      [['add', 'Apple Pay', '--value', '8', '--why', 'Most mobile shoppers asked for it', '--goal', 'G1'], 'items'],
      [['start', 'ORD-1'], 'workflow'],
      [['done', 'ORD-1'], 'workflow'],
    ];
    // The pack is compiled as one script, not required: what shows that a command ran from it is
    // the compiled code kept under the pack's name and the command's.
    const kept = () => readdirSync(join(sb.home, '.cache', 'ordo')).flatMap((d) => readdirSync(join(sb.home, '.cache', 'ordo', d)));
    for (const [args, pack] of cases) {
      const r = loaded(args, {}, { builtins: true });
      const what = args.join(' ');
      expect(r.code, what).toBe(0);
      expect(kept(), what).toContain(`${pack}.${args[0]}.v8`);
      expect(r.packages, `${what} (the trace sees Node's modules)`).toContain('node:fs');
      for (const module of NEVER) expect(r.packages, `${what} loaded ${module}`).not.toContain(module);
      for (const module of SIGNING) expect(r.packages, `${what} loaded ${module}`).not.toContain(module);
    }
  });

  it("keeps V8's compiled code in the user's cache directory and survives a broken cache", () => {
    sb = new Sandbox().initBacklog();
    sb.addItems(1);
    const cacheDirs = () => (existsSync(join(sb.home, '.cache', 'ordo')) ? readdirSync(join(sb.home, '.cache', 'ordo')) : []);
    rmSync(join(sb.home, '.cache'), { recursive: true, force: true });
    expect(sb.ok(['next', '--json'], { env: { ORDO_CODE_CACHE: '0' } }).json().items[0].key).toBe('ORD-1');
    expect(cacheDirs()).toEqual([]);
    expect(sb.ok(['next', '--json']).json().items[0].key).toBe('ORD-1');
    expect(cacheDirs()).toHaveLength(1);
    const dir = join(sb.home, '.cache', 'ordo', cacheDirs()[0]!);
    const files = readdirSync(dir);
    // `next` runs from the pack of the item commands; its compiled code is kept for `next` alone.
    expect(files).toContain('items.next.v8');
    for (const f of files) writeFileSync(join(dir, f), 'not a code cache');
    expect(sb.ok(['next', '--json']).json().items[0].key).toBe('ORD-1');
    // Rejected entries are written again.
    expect(readFileSync(join(dir, files[0]!), 'utf8')).not.toBe('not a code cache');
  });

  it('parses ordo.yml with yaml and zod only when it is new or changed, and caches the result', () => {
    sb = new Sandbox().initBacklog();
    rmSync(join(sb.dir, '.ordo', 'cache'), { recursive: true, force: true });
    const cold = loaded(['whoami', '--json']);
    expect(cold.code).toBe(0);
    expect(cold.packages).toContain('yaml');
    expect(cold.packages).toContain('zod');
    expect(existsSync(cacheFile())).toBe(true);
    const warm = loaded(['whoami', '--json']);
    expect(warm.packages).not.toContain('yaml');
    expect(JSON.parse(warm.stdout)).toMatchObject({ product: 'Acme Checkout', owner: OWNER });

    const file = join(sb.dir, 'ordo.yml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('product: Acme Checkout', 'product: Acme Wallet'));
    const changed = loaded(['whoami', '--json']);
    expect(changed.packages).toContain('yaml');
    expect(JSON.parse(changed.stdout).product).toBe('Acme Wallet');
  });

  it('check reads ordo.yml with zod\'s functional API, and loads semver only for a file that pins a version', () => {
    // zod's chained API would bring every locale and its JSON-schema code into each bundle that
    // validates a file (about 450 KB more for `ordo check` to read and compile on every run).
    const meta = JSON.parse(readFileSync(join(ROOT, 'dist', 'meta.json'), 'utf8')) as { outputs: Record<string, { inputs: Record<string, unknown> }> };
    const zodFiles = new Set(Object.values(meta.outputs).flatMap((o) => Object.keys(o.inputs)).filter((i) => i.includes('node_modules/zod/')));
    expect(zodFiles.size).toBeGreaterThan(0);
    expect([...zodFiles].filter((i) => /\/v4\/classic\/|\/v4\/locales\/(?!en\.js)|json-schema/.test(i))).toEqual([]);

    sb = new Sandbox().initBacklog();
    sb.addItems(2);
    const plain = loaded(['check']);
    expect(plain.code).toBe(0);
    expect(plain.packages).toContain('zod');
    expect(plain.packages).not.toContain('semver');
    sb.editConfig((text) => `ordo: ">=0.1"\n${text}`);
    const pinned = loaded(['check']);
    expect(pinned.code).toBe(0);
    expect(pinned.packages).toContain('semver');
  });

  it('check runs the integrity check on a thread of its own only for a large backlog', () => {
    sb = new Sandbox().initBacklog();
    sb.addItems(2);
    const small = loaded(['check'], {}, { builtins: true });
    expect(small.code).toBe(0);
    expect(small.packages).toContain('node:fs'); // the trace sees Node's modules
    expect(small.packages).not.toContain('node:worker_threads');
    // The threshold goes by the greatest item number (20,000), read from the end of the table.
    sb.finishedCopyNumbered(25_000);
    const large = loaded(['check'], {}, { builtins: true });
    expect(large.code).toBe(0);
    expect(large.packages).toContain('node:worker_threads');
    expect(large.files).toContain('dist/chunks/integrity-worker.cjs');
  });

  it('an invalid ordo.yml is reported even when an older version of it is cached', () => {
    sb = new Sandbox().initBacklog();
    sb.ok(['next']);
    expect(existsSync(cacheFile())).toBe(true);
    const file = join(sb.dir, 'ordo.yml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('prefix: ORD', 'prefix: ord-lower'));
    const r = sb.run(['next']);
    expect(r.code).toBe(6);
    expect(r.stderr).toContain('`prefix`');
  });

  it('ignores a corrupt cache and rewrites it', () => {
    sb = new Sandbox().initBacklog();
    sb.addItems(1);
    for (const junk of ['{not json', JSON.stringify({ build: 'x', source: 'product: 1', config: { product: 1 } }), 'null']) {
      writeFileSync(cacheFile(), junk);
      const r = sb.ok(['next', '--json']);
      expect(r.json().items[0].key).toBe('ORD-1');
      expect(JSON.parse(readFileSync(cacheFile(), 'utf8')).config.product).toBe('Acme Checkout');
    }
  });

  it('works without a cache when none can be written', () => {
    sb = new Sandbox().initBacklog();
    sb.addItems(1);
    rmSync(join(sb.dir, '.ordo', 'cache'), { recursive: true, force: true });
    writeFileSync(join(sb.dir, '.ordo', 'cache'), 'a file where the cache directory would go');
    const before = sb.dbHash();
    expect(sb.ok(['next', '--json']).json().items[0].key).toBe('ORD-1');
    expect(sb.ok(['list', '--json']).json().items).toHaveLength(1);
    expect(sb.dbHash()).toBe(before);
  });

  it('never creates .ordo/ next to an ordo.yml that has no backlog yet', () => {
    sb = new Sandbox();
    writeFileSync(join(sb.dir, 'ordo.yml'), `product: Acme\nowner: ${OWNER}\n`);
    const r = sb.run(['next']);
    expect(r.code).toBe(4);
    expect(existsSync(join(sb.dir, '.ordo'))).toBe(false);
    mkdirSync(join(sb.dir, 'sub'));
    expect(sb.ok(['whoami', '--json'], { cwd: join(sb.dir, 'sub') }).json().product).toBe('Acme');
    expect(existsSync(join(sb.dir, '.ordo'))).toBe(false);
  });

  it('--version answers before the command-line program loads', () => {
    sb = new Sandbox();
    const r = loaded(['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version);
    expect(r.packages).not.toContain('commander');
  });

  it('loads chalk only to colour: FORCE_COLOR colours and loads it', () => {
    sb = new Sandbox().initBacklog();
    sb.addItems(1);
    const forced = loaded(['next'], { FORCE_COLOR: '1', NO_COLOR: '' });
    expect(forced.packages).toContain('chalk');
    expect(forced.stdout).toContain('\u001b[');
  });
});
