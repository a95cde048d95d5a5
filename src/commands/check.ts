/** `ordo check`: the CI gate. Reads the backlog read-only and runs the rules of DESIGN.md section 6. */
import { runChecks, type CheckReport } from '../core/check.js';
import { integrityAside, integrityProblems, throwIntegrityProblems } from '../store/database.js';
import { readBacklog } from './backlog.js';
import { readPlanningCheck } from './planning.js';
import { verifyTrust } from './verify.js';
import type { Context } from './context.js';

export interface CheckInput {
  /** Warnings fail the check too. */
  strict?: boolean;
  /** List every checked item in the report, not only the flagged ones (default true; a JUnit report needs them all). */
  listChecked?: boolean;
}

/**
 * From this many items on, the integrity check runs on a thread of its own beside the rules.
 * Below it, the check after the rules costs less than starting the thread (about 50 ms).
 */
const THREAD_FROM = 20_000;

export async function checkBacklog(input: CheckInput, ctx: Context): Promise<CheckReport> {
  // ordo.yml itself, not the configuration cache: CI verifies what the repository holds.
  const config = await ctx.config({ fresh: true });
  const now = ctx.now();
  // SQLite's check of every table with its indexes ('tables'; `ordo verify` and `ordo doctor` check
  // the whole file, search index and free list included: database.ts, IntegrityScope) reads the
  // whole file. In a large backlog it runs on a thread of its own while the rules read the items
  // as a stream of rows; in a small one, on this connection once they have. A report is given
  // only once the file is found sound (sharedRanks relies on it); a damaged file is reported as
  // such, also when reading it failed first.
  let integrity: () => Promise<string[]> = async () => [];
  let path = '';
  let report: CheckReport;
  try {
    report = await readBacklog(ctx, (r) => {
      path = r.store.path;
      // The greatest item number bounds the number of items; read from the end of the table.
      const expectedItems = r.store.items.maxNumber();
      const aside = expectedItems >= THREAD_FROM ? integrityAside(path, 'tables') : null;
      if (aside) integrity = aside;
      try {
        return runChecks(
          {
            items: r.store.items.forCheck(),
            expectedItems,
            reread: (numbers) => r.store.items.forCheckAgain(numbers),
            sharedRanks: new Set(r.store.items.sharedRanks()),
            goals: r.store.goals.list(),
            ownerRecord: r.store.events.latestOwnerChange(),
            verified: verifyTrust(r, null).violations,
            dependencies: r.store.items.dependencyEdges(),
            planning: readPlanningCheck(r, now),
          },
          {
            prefix: config.prefix,
            owner: config.owner,
            scale: config.scale,
            rationaleMinWords: config.check.rationaleMinWords,
            staleProposalDays: config.check.staleProposalDays,
            criteriaTop: config.check.criteriaTop,
            rules: config.check.rules,
            now,
            strict: Boolean(input.strict),
            listChecked: input.listChecked ?? true,
          },
        );
      } finally {
        if (!aside) {
          const problems = integrityProblems(r.store.db, 'tables');
          integrity = async () => problems;
        }
      }
    });
  } catch (error) {
    throwIntegrityProblems(path, await integrity().catch(() => []));
    throw error;
  }
  throwIntegrityProblems(path, await integrity());
  return report;
}
