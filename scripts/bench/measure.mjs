// Timing helpers: whole-process runs, interleaved medians, peak memory.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function median(values) {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** Runs a process to completion; returns wall time in ms. Fails loudly on an unexpected exit code. */
export function timeProcess({ command = process.execPath, args, cwd, env, ok = [0] }) {
  const start = process.hrtime.bigint();
  const r = spawnSync(command, args, { cwd, env, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8', maxBuffer: 64 << 20 });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.error) throw r.error;
  if (!ok.includes(r.status)) throw new Error(`${command} ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return ms;
}

/**
 * Measures a workload against its baseline, alternating which goes first on each run so that
 * machine noise (other processes, CPU frequency) falls on both alike. One unmeasured warm-up each.
 * `prepare` (optional, untimed) runs before every timed call, e.g. to copy a fresh database.
 */
export function interleave({ runs, workload, baseline, warmup = true }) {
  if (warmup) {
    baseline(-1);
    workload(-1);
  }
  const w = [];
  const b = [];
  for (let i = 0; i < runs; i++) {
    if (i % 2 === 0) {
      b.push(baseline(i));
      w.push(workload(i));
    } else {
      w.push(workload(i));
      b.push(baseline(i));
    }
  }
  return { medianMs: median(w), baselineMs: median(b), samples: { workload: w, baseline: b } };
}

/** How peak RSS is read: GNU time's %M when installed, else VmHWM from /proc in an --import hook. */
export const rssMethod = existsSync('/usr/bin/time') ? '/usr/bin/time -f %M' : 'VmHWM via --import hook';

const HOOK = `data:text/javascript,${encodeURIComponent(
  "import{readFileSync,writeFileSync}from'node:fs';process.on('exit',()=>{const m=/VmHWM:\\s*(\\d+)/.exec(readFileSync('/proc/self/status','utf8'));writeFileSync(process.env.BENCH_RSS_FILE,m?m[1]:'0')});",
)}`;

/** The interquartile range of some runs over their median: how noisy they were. */
export function spread(values) {
  const s = [...values].sort((a, b) => a - b);
  const at = (q) => s[Math.min(s.length - 1, Math.floor(q * (s.length - 1) + 0.5))];
  return (at(0.75) - at(0.25)) / median(values);
}

/** Peak resident set size of one process run, in KB. */
export function peakRss({ args, cwd, env, ok = [0] }) {
  if (rssMethod.startsWith('/usr/bin/time')) {
    const r = spawnSync('/usr/bin/time', ['-f', '%M', process.execPath, ...args], { cwd, env, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
    if (!ok.includes(r.status)) throw new Error(`peak RSS run of ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
    return Number(r.stderr.trim().split('\n').pop());
  }
  const dir = mkdtempSync(join(tmpdir(), 'ordo-rss-'));
  const file = join(dir, 'rss');
  try {
    const r = spawnSync(process.execPath, ['--import', HOOK, ...args], { cwd, env: { ...env, BENCH_RSS_FILE: file }, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
    if (!ok.includes(r.status)) throw new Error(`peak RSS run of ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
    return Number(readFileSync(file, 'utf8'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
