// The version is read from the build's define here rather than imported from version.ts, so that
// this entry file stays a single file with nothing to resolve before the answer.
import { writeSync } from 'node:fs';
import { installBundleLoader } from './bundle-loader.js';
import { commandModule, commandName } from './cli/command-table.js';

declare const __ORDO_VERSION__: string;
declare const __ORDO_BUILD__: string;
declare const __ORDO_PACKS__: readonly string[];
const VERSION = typeof __ORDO_VERSION__ === 'string' ? __ORDO_VERSION__ : '0.0.0-dev';

// `ordo --version` answers before the command-line program (commander and every command's
// registration) is even loaded: it is the one command whose cost is startup alone.
const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
  // Straight to the file descriptor: process.stdout would load Node's stream modules for one line.
  try {
    writeSync(1, `${VERSION}\n`);
  } catch (error) {
    // A full non-blocking pipe: let the stream wait for it. A closed one: nobody is reading.
    if ((error as NodeJS.ErrnoException).code === 'EAGAIN') process.stdout.write(`${VERSION}\n`);
    else if ((error as NodeJS.ErrnoException).code !== 'EPIPE') throw error;
  }
} else {
  // Only the built bundle (dist/), never sources run by the tests.
  if (typeof __ORDO_BUILD__ === 'string') {
    // The everyday commands' modules have a pack: every chunk they run, in one file (scripts/build.mjs).
    const name = commandName(args);
    const module = commandModule(name);
    const pack = module !== undefined && __ORDO_PACKS__.includes(module) ? { name: module, command: name! } : undefined;
    installBundleLoader(import.meta.dirname, __ORDO_BUILD__, { pack, keep: !args.includes('--help') && !args.includes('-h') });
  }
  void import('./cli/main.js').then(({ main }) => main(process.argv));
}
