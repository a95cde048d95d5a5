/** `ordo doctor`: what can be wrong with this clone, and how to fix it. */
import type { Command } from 'commander';
import { ExitCode, OrdoError } from '../errors.js';
import { VERSION } from '../version.js';
import { action, examples, loadJson } from './action.js';

export function registerDoctorCommands(program: Command): void {
  program
    .command('doctor')
    .description('check everything that can be wrong with this clone: identity, key, config, git, sync, database, versions')
    .addHelpText(
      'after',
      examples('ordo doctor', 'ordo doctor --json | jq \'.checks[] | select(.status != "ok")\'') +
        '\nEach line is ok, info, warn or error, with the fix beneath. Nothing is written and the network is never\n' +
        'touched (the remote is read from git config). The database gets SQLite\'s full integrity check.\n' +
        'Exit codes: 0 nothing is wrong (warnings allowed), 1 at least one error.\n',
    )
    .action(
      action(async ({ io, ctx }) => {
        const { doctor } = await import('../commands/doctor.js');
        const result = await doctor({ version: VERSION, node: process.versions.node }, ctx);
        if (io.json) io.out((await loadJson()).envelope('doctor', { ...result }));
        else io.out((await import('../output/doctor.js')).renderDoctor(result, io.render()));
        const errors = result.checks.filter((c) => c.status === 'error');
        // After the report is out: the error boundary prints nothing more for exit code 1.
        if (errors.length > 0) throw new OrdoError('DOCTOR_FOUND_PROBLEMS', ExitCode.checkFailed, `ordo doctor found ${errors.length} problem(s): ${errors.map((c) => c.id).join(', ')}`);
      }),
    );
}
