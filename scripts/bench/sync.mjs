// The sync figure: one local change shared with `ordo sync` to a local bare remote, against
// `git commit` + `git push` of the same database file (the older layout), at 10,000 items.
// Both sides run without NODE_EXTRA_CA_CERTS (the environment passed in has only what it lists).
//
//   node scripts/bench/sync.mjs            prints the figure (after `npm run build`)
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { generateBacklog, OWNER } from './generate.mjs';
import { interleave, timeProcess } from './measure.mjs';

function git(cwd, args, env) {
  const r = spawnSync('git', args, { cwd, env, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`git ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return r;
}

/** A repository with a bare remote holding `dir`'s files; returns the clone's path. */
function repository(root, name, source, env) {
  const remote = join(root, `${name}.git`);
  const clone = join(root, name);
  git(root, ['init', '-q', '--bare', remote], env);
  cpSync(source, clone, { recursive: true });
  git(clone, ['init', '-q', '-b', 'main'], env);
  git(clone, ['remote', 'add', 'origin', remote], env);
  return clone;
}

export function benchSync({ bin, env: baseEnv, size = 10000, runs = 15 }) {
  const root = mkdtempSync(join(tmpdir(), 'ordo-bench-sync-'));
  try {
    const gitConfig = join(root, 'gitconfig');
    writeFileSync(gitConfig, '[user]\n\tname = Bench\n\temail = bench@example.com\n');
    const env = { ...baseEnv, GIT_CONFIG_GLOBAL: gitConfig, GIT_CONFIG_NOSYSTEM: '1' };
    const { dir } = generateBacklog(bin, size, env);

    // ordo's side: the backlog on its own branch, published once.
    const shared = repository(root, 'shared', dir, env);
    git(shared, ['add', 'ordo.yml', '.ordo/.gitignore'], env);
    git(shared, ['commit', '-qm', 'ordo.yml'], env);
    git(shared, ['push', '-q', 'origin', 'main'], env);
    timeProcess({ args: [bin, 'sync'], cwd: shared, env });

    // The baseline: the same database file committed on the code branch and pushed.
    const tracked = repository(root, 'tracked', dir, env);
    git(tracked, ['add', '-f', 'ordo.yml', '.ordo/backlog.db'], env);
    git(tracked, ['commit', '-qm', 'backlog'], env);
    git(tracked, ['push', '-q', 'origin', 'main'], env);

    let n = 0;
    const m = interleave({
      runs,
      workload: () => {
        n++;
        timeProcess({ args: [bin, 'edit', `ORD-${2 + (n % 40)}`, '--title', `Renamed ${n}`, '--no-sync'], cwd: shared, env });
        return timeProcess({ args: [bin, 'sync'], cwd: shared, env });
      },
      baseline: () => {
        n++;
        const db = new Database(join(tracked, '.ordo', 'backlog.db'));
        db.prepare('UPDATE items SET title = ? WHERE number = ?').run(`Renamed ${n}`, 2 + (n % 40));
        db.close();
        return (
          timeProcess({ command: 'git', args: ['commit', '-qam', `change ${n}`], cwd: tracked, env }) +
          timeProcess({ command: 'git', args: ['push', '-q', 'origin', 'main'], cwd: tracked, env })
        );
      },
    });
    return { ...m, baselineName: '`git commit -a` + `git push` of the database file', size, owner: OWNER };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const bin = resolve(import.meta.dirname, '..', '..', 'bin', 'ordo.js');
  const env = { PATH: process.env.PATH ?? '', HOME: mkdtempSync(join(tmpdir(), 'ordo-bench-home-')), NO_COLOR: '1', LANG: 'C.UTF-8', ORDO_USER: OWNER };
  const size = Number(process.env.BENCH_SYNC_SIZE ?? 10000);
  const m = benchSync({ bin, env, size, runs: Number(process.env.BENCH_RUNS ?? 15) });
  console.log(`sync @${size}: ordo sync ${m.medianMs.toFixed(1)} ms vs ${m.baselineName} ${m.baselineMs.toFixed(1)} ms = ${(m.medianMs / m.baselineMs).toFixed(2)}x (medians of ${m.samples.workload.length}, NODE_EXTRA_CA_CERTS unset)`);
  rmSync(env.HOME, { recursive: true, force: true });
}
