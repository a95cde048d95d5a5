// ordo doctor: each thing that can be wrong with a clone is found, with its fix; nothing is written.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync, openSync, writeSync, closeSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { OWNER, DEV, sandboxes, type Sandbox } from '../helpers/cli.js';

const pool = sandboxes((sb) => {
  sb.initBacklog();
  sb.addItems(2);
});
afterAll(() => pool.cleanup());

type Check = { id: string; status: string; message: string; fix?: string };
const doctor = (sb: Sandbox, env: Record<string, string> = {}, user?: string) => {
  const r = sb.run(['doctor', '--json'], { env, user });
  return { code: r.code, checks: Object.fromEntries((r.json().checks as Check[]).map((c) => [c.id, c])), json: r.json(), stderr: r.stderr };
};

function git(sb: Sandbox, ...args: string[]): string {
  const r = spawnSync('git', args, { cwd: sb.dir, encoding: 'utf8', env: { PATH: process.env.PATH, HOME: sb.home, GIT_CONFIG_NOSYSTEM: '1', GIT_AUTHOR_NAME: 'T', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 'T', GIT_COMMITTER_EMAIL: 't@example.com' } });
  if (r.status !== 0) throw new Error(r.stderr);
  return r.stdout.trim();
}

describe('ordo doctor', () => {
  it('a sound local backlog: exit 0, identity and its source, role, database integrity and schema; nothing written', () => {
    const sb = pool.make();
    const before = sb.dbHash();
    const { code, checks, json } = doctor(sb);
    expect(code).toBe(0);
    expect(json).toMatchObject({ schemaVersion: 1, kind: 'doctor', ok: true });
    expect(checks.version!.message).toMatch(/^ordo \d+\.\d+\.\d+/);
    expect(checks.identity).toMatchObject({ status: 'ok', message: `${OWNER} (from ORDO_USER)` });
    expect(checks.role!.message).toContain('product-owner');
    expect(checks.config!.status).toBe('ok');
    expect(checks['owner-key']!.status).toBe('info');
    expect(checks.git).toMatchObject({ status: 'warn' });
    expect(checks.git!.fix).toContain('git init');
    expect(checks.database).toMatchObject({ status: 'ok', message: expect.stringContaining('integrity check') });
    expect(checks.schema!.status).toBe('ok');
    expect(sb.dbHash()).toBe(before);
    const text = sb.ok(['doctor']).stdout;
    expect(text).toMatch(/^ok\s+identity\s+alice@example.com \(from ORDO_USER\)$/m);
    expect(text).toMatch(/^warn\s+git\s+.*\n\s+fix: Run `git init`/m);
  });

  it('in git: the remote from git config (no network), the backlog branch and the last sync', () => {
    const sb = pool.make();
    git(sb, 'init', '-q', '-b', 'main');
    let { checks } = doctor(sb);
    expect(checks.remote).toMatchObject({ status: 'warn', message: 'no remote "origin": the backlog stays on this machine' });
    expect(checks['last-sync']!.status).toBe('info');
    git(sb, 'remote', 'add', 'origin', 'https://git.invalid/acme/shop.git');
    ({ checks } = doctor(sb));
    expect(checks.remote).toMatchObject({ status: 'ok', message: 'origin → https://git.invalid/acme/shop.git' });
    expect(checks['backlog-branch']!.status).toBe('warn');
    expect(checks['last-sync']).toMatchObject({ status: 'warn', message: 'never synced from this clone' });
    git(sb, 'commit', '-q', '--allow-empty', '-m', 'backlog');
    git(sb, 'branch', 'ordo/backlog');
    const sha = git(sb, 'rev-parse', 'HEAD');
    writeFileSync(join(sb.dir, '.ordo', 'sync-state.json'), JSON.stringify({ lastSync: '2026-11-20T09:00:00Z', remote: 'origin', branch: 'ordo/backlog', commit: sha }));
    ({ checks } = doctor(sb, { ORDO_NOW: '2026-11-23T09:00:00Z' }));
    expect(checks['backlog-branch']).toMatchObject({ status: 'ok', message: `ordo/backlog at ${sha.slice(0, 12)} (local only)` });
    expect(checks['last-sync']).toMatchObject({ status: 'warn', message: expect.stringContaining('last synced 3 days ago') });
    ({ checks } = doctor(sb, { ORDO_NOW: '2026-11-20T15:00:00Z' }));
    expect(checks['last-sync']).toMatchObject({ status: 'ok', message: expect.stringContaining('last synced 6 hours ago') });
    writeFileSync(join(sb.dir, '.ordo', 'sync-state.json'), '{not json');
    expect(doctor(sb).checks['last-sync']!.status).toBe('warn');
  });

  it('after a real ordo sync with a remote: remote, branch as fetched, last sync just now', () => {
    const sb = pool.make();
    const bare = join(sb.home, 'remote.git');
    spawnSync('git', ['init', '-q', '--bare', bare]);
    git(sb, 'init', '-q', '-b', 'main');
    git(sb, 'commit', '-q', '--allow-empty', '-m', 'code');
    git(sb, 'remote', 'add', 'origin', bare);
    sb.ok(['sync']);
    const { code, checks } = doctor(sb);
    expect(code).toBe(0);
    expect(checks.remote).toMatchObject({ status: 'ok', message: `origin → ${bare}` });
    expect(checks['backlog-branch']).toMatchObject({ status: 'ok', message: expect.stringMatching(/^ordo\/backlog at [0-9a-f]{12} \(as last fetched from origin\)$/) });
    expect(checks['last-sync']).toMatchObject({ status: 'ok', message: expect.stringContaining('last synced just now') });
  });

  it("the Product Owner without owner-key's private key on this machine: error, exit 1, with the fix", () => {
    const sb = pool.make();
    const key = sb.ok(['key', 'generate', '--json']).json();
    sb.editConfig((t) => `${t}owner-key: ${key.publicKey}\n`);
    expect(doctor(sb).checks['owner-key']).toMatchObject({ status: 'ok', message: expect.stringContaining('its private key is here') });
    expect(doctor(sb, {}, DEV).checks['owner-key']!.message).toContain('only the Product Owner needs its private key');
    const elsewhere = join(sb.home, 'other');
    mkdirSync(elsewhere);
    const r = doctor(sb, { HOME: elsewhere });
    expect(r.code).toBe(1);
    expect(r.checks['owner-key']).toMatchObject({ status: 'error', fix: expect.stringContaining('Copy the key file') });
    const text = sb.run(['doctor'], { env: { HOME: elsewhere } });
    expect(text.code).toBe(1);
    expect(text.stdout).toMatch(/^error\s+owner-key\s+you are the Product Owner but the private key/m);
  });

  it('a damaged database, a database from a newer ordo, an invalid or missing ordo.yml: errors, exit 1', () => {
    const damaged = pool.make();
    const fd = openSync(damaged.dbPath, 'r+');
    const size = statSync(damaged.dbPath).size;
    // Overwrite the pages after the first: the header still says SQLite, the b-trees are garbage.
    writeSync(fd, Buffer.alloc(size - 4096, 0x5a), 0, size - 4096, 4096);
    closeSync(fd);
    let r = doctor(damaged);
    expect(r.code).toBe(1);
    expect(r.checks.database).toMatchObject({ status: 'error', fix: expect.stringContaining('ordo sync') });

    const newer = pool.make();
    const Database = createRequire(import.meta.url)('better-sqlite3');
    const db = new Database(newer.dbPath);
    db.pragma('user_version = 99');
    db.close();
    r = doctor(newer);
    expect(r.code).toBe(1);
    expect(r.checks.schema).toMatchObject({ status: 'error', fix: 'Upgrade ordo to the version your team uses.' });

    const invalid = pool.make();
    invalid.editConfig((t) => t.replace(/prefix: .*/, 'prefix: lower-case'));
    r = doctor(invalid);
    expect(r.code).toBe(1);
    expect(r.checks.config!.status).toBe('error');
    expect(r.checks.config!.message).toContain('prefix');
    expect(r.checks.database!.status).toBe('ok');

    const none = pool.make();
    const outside = none.run(['doctor', '--json'], { cwd: none.home });
    expect(outside.code).toBe(1);
    expect(outside.json().checks.find((c: Check) => c.id === 'config')).toMatchObject({ status: 'error', fix: expect.stringContaining('ordo init') });
    expect(readFileSync(join(none.dir, 'ordo.yml'), 'utf8')).toContain('owner');
  });
});
