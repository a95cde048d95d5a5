/**
 * ordo installed the ways people install a CLI, from a fresh copy of this repository (its
 * committed and new files, nothing ignored): `npm ci`, `npm pack` and the tarball installed
 * into a prefix, `npm install -g .`, `npm link`, and a git URL. Each installed `ordo` then
 * runs from another directory.
 *
 * Slow by nature (npm); kept fast where it can be: npm's cache is the repository's .npm-cache
 * (what .ci/run fills), and better-sqlite3's install script finds its native addon as a
 * "local prebuild" (prebuild-install's own mechanism) packed from this repository's
 * node_modules, instead of compiling it again for every install (minutes each).
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { cpSync, existsSync, lstatSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localPrebuilds } from '../helpers/prebuild.js';

const ROOT = resolve(import.meta.dirname, '../..');
const PKG = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
const OWNER = 'alice@example.com';
const SLOW = 300_000;

let tmp: string;
let clone: string;
let env: NodeJS.ProcessEnv;

function run(cmd: string, args: string[], cwd: string, extra: NodeJS.ProcessEnv = {}): SpawnSyncReturns<string> {
  const r = spawnSync(cmd, args, { cwd, env: { ...env, ...extra }, encoding: 'utf8', timeout: SLOW });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} (in ${cwd}) exited ${r.status}\n${r.stdout}\n${r.stderr}`);
  return r;
}

/**
 * The certificate authorities this machine's npm trusts: `--prefix` moves npm's global config
 * file, so an install into a prefix would otherwise lose a cafile set there.
 */
const cafile = (() => {
  const r = spawnSync('npm', ['config', 'get', 'cafile'], { encoding: 'utf8' });
  const file = (r.stdout ?? '').trim();
  return r.status === 0 && file !== '' && file !== 'null' && file !== 'undefined' ? ['--cafile', file] : [];
})();

const npm = (args: string[], cwd: string, extra: NodeJS.ProcessEnv = {}) =>
  run('npm', [...args, '--cache', join(ROOT, '.npm-cache'), '--prefer-offline', '--no-audit', '--no-fund', ...cafile], cwd, extra);

/** Runs an installed `ordo` the way a user does: from a directory of their own, far from any clone. */
function useInstalled(bin: string): void {
  const dir = mkdtempSync(join(tmp, 'elsewhere-'));
  const home = mkdtempSync(join(tmp, 'home-'));
  const ordo = (...args: string[]) => run(bin, args, dir, { HOME: home, ORDO_USER: OWNER, NO_COLOR: '1' }).stdout;
  expect(ordo('--version').trim()).toBe(PKG.version);
  ordo('init', '--owner', OWNER, '--product', 'Acme Checkout');
  ordo('goal', 'add', 'G1', 'Faster checkout');
  ordo('add', 'Apple Pay', '--value', '8', '--goal', 'G1', '--why', 'Most mobile shoppers asked for a wallet');
  expect(JSON.parse(ordo('next', '--json')).items.map((i: { key: string; title: string }) => `${i.key} ${i.title}`)).toEqual(['ORD-1 Apple Pay']);
}

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'ordo-install-'));
  // No npm_* variables of an enclosing `npm test`: each npm here reads only its own flags.
  env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.toLowerCase().startsWith('npm_')));
  env.PATH = `${dirname(process.execPath)}:${process.env.PATH ?? ''}`;
  Object.assign(env, localPrebuilds(join(tmp, 'prebuilds')));

  // A fresh clone of the working tree as it stands: committed files plus new ones, nothing ignored.
  clone = join(tmp, 'clone');
  const files = run('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], ROOT).stdout.split('\0').filter(Boolean);
  for (const f of files) if (existsSync(join(ROOT, f))) cpSync(join(ROOT, f), join(clone, f));
  run('git', ['init', '--quiet', '-b', 'main'], clone);
  run('git', ['add', '-A'], clone);
  run('git', ['-c', 'user.name=ordo', '-c', `user.email=${OWNER}`, 'commit', '--quiet', '-m', 'ordo'], clone);
}, SLOW);

afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe('installing ordo', { timeout: SLOW }, () => {
  it('a clone that was never built says so instead of printing a stack trace (exit 70)', () => {
    const unbuilt = join(tmp, 'unbuilt');
    cpSync(join(ROOT, 'bin'), join(unbuilt, 'bin'), { recursive: true });
    const r = spawnSync(process.execPath, [join(unbuilt, 'bin', 'ordo.js'), '--version'], { encoding: 'utf8' });
    expect(r.status).toBe(70);
    expect(r.stderr).toBe(`error: ordo is not built: ${join(unbuilt, 'dist', 'ordo.cjs')} is missing.\nhint: Run \`npm ci\` (it builds dist/) or \`npm run build\` in ${unbuilt}/.\n`);
  });

  it('a build missing a file it starts from (the pack of the command) says which, not a stack (exit 70)', () => {
    const partial = join(tmp, 'partial');
    cpSync(join(ROOT, 'bin'), join(partial, 'bin'), { recursive: true });
    cpSync(join(ROOT, 'dist'), join(partial, 'dist'), { recursive: true });
    rmSync(join(partial, 'dist', 'packs', 'items.cjs'));
    const r = spawnSync(process.execPath, [join(partial, 'bin', 'ordo.js'), 'list'], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '', HOME: partial } });
    expect(r.status).toBe(70);
    expect(r.stderr).toBe(`error: ordo is not built: ${join(partial, 'dist', 'packs', 'items.cjs')} is missing.\nhint: Run \`npm ci\` (it builds dist/) or \`npm run build\` in ${partial}/.\n`);
  });

  it('npm ci installs from the lockfile, builds dist/ (prepare) and leaves the clone clean', () => {
    npm(['ci'], clone);
    expect(existsSync(join(clone, 'dist', 'ordo.cjs'))).toBe(true);
    expect(run('git', ['status', '--porcelain'], clone).stdout).toBe('');
  });

  it('the package holds what runs: exactly the allow-listed files', () => {
    const packed = (extra: NodeJS.ProcessEnv = {}) =>
      (JSON.parse(npm(['pack', '--dry-run', '--json'], clone, extra).stdout) as { files: { path: string }[] }[])[0]!.files.map((f) => f.path).sort();
    const ALLOWED = [
      /^LICENSE$/,
      /^README\.md$/,
      /^package\.json$/,
      /^bin\/ordo\.js$/,
      /^bin\/package\.json$/,
      /^dist\/ordo\.cjs$/,
      /^dist\/chunks\/[\w-]+\.cjs$/,
      /^dist\/packs\/[\w-]+\.cjs$/,
      /^dist\/ordo\.1$/,
      /^dist\/completions\/ordo\.(bash|zsh|fish)$/,
    ];
    const files = packed();
    expect(files.filter((f) => !ALLOWED.some((p) => p.test(f)))).toEqual([]);
    for (const required of ['LICENSE', 'README.md', 'package.json', 'bin/ordo.js', 'bin/package.json', 'dist/ordo.cjs']) expect(files).toContain(required);
    // The man page and completion scripts ship exactly when the build writes them.
    for (const optional of ['dist/ordo.1', 'dist/completions/ordo.bash', 'dist/completions/ordo.zsh', 'dist/completions/ordo.fish']) {
      expect(files.includes(optional), optional).toBe(existsSync(join(clone, optional)));
    }
    expect(readFileSync(join(clone, 'LICENSE'), 'utf8')).toMatch(/^MIT License\n\nCopyright \(c\) 2026 the ordo authors\n/);
    // Source maps only when asked for at build time.
    const withMaps = packed({ ORDO_SOURCEMAP: '1' });
    expect(withMaps).toContain('dist/ordo.cjs.map');
    const scripts = withMaps.filter((f) => f.startsWith('dist/') && f.endsWith('.cjs'));
    expect(withMaps.filter((f) => f.endsWith('.map')).sort()).toEqual(scripts.map((f) => `${f}.map`).sort());
    // The same files, less the packs: a build with source maps runs from the chunks, which have maps.
    expect(withMaps.filter((f) => !f.endsWith('.map')).length).toBe(files.filter((f) => !f.startsWith('dist/packs/')).length);
  });

  it('npm pack, then the tarball installed into a prefix: ordo runs from any directory', () => {
    const tarball = join(clone, npm(['pack'], clone).stdout.trim().split('\n').pop()!);
    expect(tarball).toMatch(new RegExp(`ordo-${PKG.version.replace(/\./g, '\\.')}\\.tgz$`));
    const prefix = join(tmp, 'prefix-tarball');
    npm(['install', '--global', '--prefix', prefix, tarball], tmp);
    // A copy, not a link back to the clone.
    expect(lstatSync(join(prefix, 'lib', 'node_modules', 'ordo')).isSymbolicLink()).toBe(false);
    expect(existsSync(join(prefix, 'lib', 'node_modules', 'ordo', 'src'))).toBe(false);
    // package.json `man`: npm puts the page where `man ordo` finds it, once the build writes one.
    expect(existsSync(join(prefix, 'share', 'man', 'man1', 'ordo.1'))).toBe(existsSync(join(clone, 'dist', 'ordo.1')));
    useInstalled(join(prefix, 'bin', 'ordo'));
  });

  it('npm install -g . from the clone', () => {
    const prefix = join(tmp, 'prefix-folder');
    npm(['install', '--global', '--prefix', prefix, '.'], clone);
    useInstalled(join(prefix, 'bin', 'ordo'));
  });

  it('npm link from the clone', () => {
    const prefix = join(tmp, 'prefix-link');
    npm(['link'], clone, { npm_config_prefix: prefix });
    useInstalled(join(prefix, 'bin', 'ordo'));
  });

  it('npm install -g --install-links from a git URL (npm builds dist/ with the devDependencies, then packs)', () => {
    const prefix = join(tmp, 'prefix-git');
    npm(['install', '--global', '--install-links', '--prefix', prefix, `git+file://${clone}`], tmp);
    useInstalled(join(prefix, 'bin', 'ordo'));
  });
});
