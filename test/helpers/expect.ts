/** Assertions shared by the end-to-end tests. */
import { expect } from 'vitest';
import type { RunOptions, RunResult, Sandbox } from './cli.js';

export interface FailureOptions extends RunOptions {
  /** Set when the message itself carries the fix (e.g. the allowed values) and there is no hint line. */
  noHint?: boolean;
}

/**
 * Runs a command that must fail: checks the exit code, that stdout is empty, that stderr says
 * what went wrong (an `error:` line, plus every pattern) and how to fix it (a `hint:` line),
 * and that the database file is byte-identical afterwards.
 */
export function expectFailure(sb: Sandbox, args: string[], code: number, patterns: (string | RegExp)[], options: FailureOptions = {}): RunResult {
  const before = sb.dbHash();
  const r = sb.run(args, options);
  const label = `ordo ${args.join(' ')}\nstdout: ${r.stdout}\nstderr: ${r.stderr}`;
  expect(r.code, label).toBe(code);
  expect(r.stdout, label).toBe('');
  expect(r.stderr, label).toMatch(/^error: \S.*/m);
  if (!options.noHint) expect(r.stderr, label).toMatch(/^hint: \S.*/m);
  for (const p of patterns) {
    if (typeof p === 'string') expect(r.stderr, label).toContain(p);
    else expect(r.stderr, label).toMatch(p);
  }
  expect(sb.dbHash(), `${label}\nthe database changed`).toBe(before);
  return r;
}

/** Runs a read-only command and checks it leaves the database byte-identical. */
export function expectReadOnly(sb: Sandbox, args: string[], options: RunOptions = {}): RunResult {
  const before = sb.dbHash();
  const r = sb.ok(args, options);
  expect(sb.dbHash(), `ordo ${args.join(' ')} changed the database`).toBe(before);
  return r;
}
